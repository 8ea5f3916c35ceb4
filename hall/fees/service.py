"""统一收费 at the window: charge a case's fee against its item's rule, with the receipt
number (财政电子票据号); a refund request from the window; a manager's refund, which is a
reversing row of its own (payments are never updated nor deleted: the database refuses it);
the day's figures per department and window."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hall.auth.models import Staff
from hall.cases.lookup import add_step, case_by_no
from hall.cases.models import Case
from hall.catalog.cache import HallCatalog
from hall.catalog.models import Department, Item, Window
from hall.clock import local_midnight, utcnow
from hall.errors import Conflict, Forbidden, NotFound
from hall.fees import rules, schemas
from hall.fees.models import FeePayment, RefundRequest

MANAGER_ROLES = ("manager", "admin")


def rule_of(item: Item) -> rules.FeeRule:
    return rules.FeeRule.from_stored(item.fee_rule)


def window_of(session: Session, hall: HallCatalog, staff: Staff) -> int | None:
    """Where the staff member charges: the window they are signed in at, else their own."""
    number = session.scalar(select(Window.number).where(Window.hall_id == hall.id, Window.staff_id == staff.id))
    return number if number is not None else staff.home_window


# ---------------------------------------------------------------- reading

def _payments(session: Session, hall: HallCatalog, rows: list[FeePayment]) -> list[dict]:
    """Charges and refunds as the API shows them, each charge with its refund and request."""
    if not rows:
        return []
    ids = [r.id for r in rows]
    refunds = {r.reverses_id: r for r in session.scalars(select(FeePayment).where(FeePayment.reverses_id.in_(ids)))}
    requests = {r.payment_id: r for r in session.scalars(select(RefundRequest).where(RefundRequest.payment_id.in_(ids)))}
    cases = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_({r.case_id for r in rows})))}
    items = {i.id: i for i in session.scalars(select(Item).where(Item.id.in_({r.item_id for r in rows})))}
    departments = {d.id: d for d in session.scalars(select(Department).where(
        Department.id.in_({r.department_id for r in rows})))}
    staff = {s.id: s for s in session.scalars(select(Staff).where(Staff.id.in_({r.staff_id for r in rows})))}
    return [schemas.payment_json(hall, r, case_no=cases[r.case_id].case_no, item_code=items[r.item_id].code,
                                 item_name=items[r.item_id].name, department=departments[r.department_id].name,
                                 staff=staff.get(r.staff_id), refund=refunds.get(r.id), request=requests.get(r.id))
            for r in rows]


def payment_view(session: Session, hall: HallCatalog, row: FeePayment) -> dict:
    return _payments(session, hall, [row])[0]


def _case_rows(session: Session, case: Case) -> list[FeePayment]:
    return list(session.scalars(select(FeePayment).where(FeePayment.case_id == case.id).order_by(FeePayment.id)))


def standing_charge(session: Session, case: Case) -> FeePayment | None:
    """The case's charge that no refund reverses (a case pays its fee once)."""
    rows = _case_rows(session, case)
    reversed_ids = {r.reverses_id for r in rows if r.kind == "refund"}
    return next((r for r in rows if r.kind == "charge" and r.id not in reversed_ids), None)


def case_fees(session: Session, hall: HallCatalog, case: Case) -> dict:
    """The case's fee: the item's published text and rule, its payments, what stands paid."""
    item = session.get(Item, case.item_id)
    rule = rule_of(item)
    rows = _case_rows(session, case)
    paid = sum(r.amount_fen for r in rows)
    standing = standing_charge(session, case)
    return {"case_no": case.case_no, "item": item.code, "item_name": item.name, "status": case.status,
            "fee": item.fee, "fee_basis": item.fee_basis, "fee_rule": rule.to_json(),
            "fee_rule_text": rule.describe(), "chargeable": rule.chargeable,
            "paid": rules.yuan(paid), "paid_fen": paid,
            "methods": [{"code": code, "name": name} for code, name in rules.METHODS.items()],
            "receipt_no": standing.receipt_no if standing else None,
            "payments": _payments(session, hall, rows)}


def case_fees_by_no(session: Session, hall: HallCatalog, case_no: str) -> dict:
    return case_fees(session, hall, case_by_no(session, hall, case_no))


def fee_lines(session: Session, hall: HallCatalog, case: Case) -> dict:
    """What a notice prints of the fee: the published standard and what was paid."""
    fees = case_fees(session, hall, case)
    standing = next((p for p in fees["payments"] if p["kind"] == "charge" and not p["refunded"]), None)
    if not fees["chargeable"]:
        paid = "不收费"
    elif standing is None:
        paid = "尚未缴费"
    else:
        paid = (f"{rules.yuan_text(standing['amount_fen'])}元（{standing['method_name']}，"
                f"财政电子票据号：{standing['receipt_no']}）")
    return {"standard": fees["fee"] or "免费", "paid": paid}


# ---------------------------------------------------------------- charging

def _insert(session: Session, row: FeePayment, conflict: Conflict) -> FeePayment:
    """Insert in a savepoint: a unique receipt number or one refund a charge, even when two
    requests race, is the database's to keep; the loser is told ``conflict``."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        raise conflict from None
    return row


def _receipt_taken(session: Session, hall: HallCatalog, receipt_no: str) -> Conflict | None:
    if session.scalar(select(FeePayment.id).where(FeePayment.hall_id == hall.id,
                                                  FeePayment.receipt_no == receipt_no)) is not None:
        return Conflict(f"财政电子票据号{receipt_no}已使用，同一票据不能重复收费", code="duplicate_receipt",
                        field="receipt_no")
    return None


def charge(session: Session, hall: HallCatalog, staff: Staff, case_no: str, *, amount_fen: int, method: str,
           receipt_no: str, base_fen: int | None = None, now: datetime | None = None) -> FeePayment:
    """Charge the case's fee: never for a free item (422 ``no_fee``), never other than its
    published rule allows (422 ``fee_exceeded``), once a case while it stands (409
    ``already_paid``), one payment per receipt number (409 ``duplicate_receipt``)."""
    case = case_by_no(session, hall, case_no, lock=True)
    item = session.get(Item, case.item_id)
    rules.check_charge(rule_of(item), amount_fen, base_fen)
    method, receipt_no = rules.check_method(method), rules.check_receipt_no(receipt_no)
    if case.status == "rejected":
        raise Conflict("不予许可的办件不收取费用", code="case_rejected")
    standing = standing_charge(session, case)
    if standing is not None:
        raise Conflict(f"此办件已缴费（财政电子票据号{standing.receipt_no}），如需重收请先退费",
                       code="already_paid", payment_id=standing.id)
    taken = _receipt_taken(session, hall, receipt_no)
    if taken is not None:
        raise taken
    now = now or utcnow()
    row = FeePayment(hall_id=hall.id, case_id=case.id, item_id=item.id, department_id=case.department_id,
                     window_number=window_of(session, hall, staff), staff_id=staff.id, kind="charge",
                     amount_fen=amount_fen, base_fen=base_fen if rule_of(item).kind == "percent" else None,
                     method=method, receipt_no=receipt_no, paid_at=now)
    _insert(session, row, Conflict(f"财政电子票据号{receipt_no}已使用", code="duplicate_receipt", field="receipt_no"))
    add_step(session, case, "收费", now, staff, f"收费{rules.yuan_text(amount_fen)}元（{rules.METHODS[method]}），"
                                               f"财政电子票据号{receipt_no}")
    session.flush()
    return row


def charge_row(session: Session, hall: HallCatalog, payment_id: int) -> FeePayment:
    row = session.get(FeePayment, payment_id)
    if row is None or row.hall_id != hall.id:
        raise NotFound("没有此收费记录", code="payment_not_found")
    if row.kind != "charge":
        raise Conflict("退费记录不能再退费", code="not_a_charge")
    return row


def _refund_of(session: Session, payment: FeePayment) -> FeePayment | None:
    return session.scalar(select(FeePayment).where(FeePayment.reverses_id == payment.id))


def _already_refunded(refund: FeePayment) -> Conflict:
    return Conflict("此笔收费已退费，不能重复退费", code="already_refunded", refund_id=refund.id)


def request_refund(session: Session, hall: HallCatalog, staff: Staff, payment_id: int, reason: str | None,
                   now: datetime | None = None) -> RefundRequest:
    """申请退费 at the window: the reason goes to a manager, who refunds (or not)."""
    payment = charge_row(session, hall, payment_id)
    reason = rules.check_reason(reason)
    refund = _refund_of(session, payment)
    if refund is not None:
        raise _already_refunded(refund)
    row = RefundRequest(hall_id=hall.id, payment_id=payment.id, staff_id=staff.id, reason=reason,
                        requested_at=now or utcnow())
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        raise Conflict("此笔收费已申请退费，请等待管理人员审批", code="already_requested") from None
    return row


def refund(session: Session, hall: HallCatalog, manager: Staff, payment_id: int, reason: str | None, *,
           receipt_no: str | None = None, now: datetime | None = None) -> FeePayment:
    """A manager refunds a charge: a new row with the negative amount that reverses it, the
    reason and the approving manager (and the red-letter bill's number when there is one);
    the charge itself stays as it was. A second refund → 409 ``already_refunded``."""
    if manager.role not in MANAGER_ROLES:
        raise Forbidden("退费须经大厅管理人员审批", code="wrong_role")
    payment = charge_row(session, hall, payment_id)
    reason = rules.check_reason(reason)
    if receipt_no:
        receipt_no = rules.check_receipt_no(receipt_no)
        taken = _receipt_taken(session, hall, receipt_no)
        if taken is not None:
            raise taken
    refund_row = _refund_of(session, payment)
    if refund_row is not None:
        raise _already_refunded(refund_row)
    asked = session.scalar(select(RefundRequest).where(RefundRequest.payment_id == payment.id))
    now = now or utcnow()
    row = FeePayment(hall_id=hall.id, case_id=payment.case_id, item_id=payment.item_id,
                     department_id=payment.department_id, window_number=payment.window_number,
                     staff_id=manager.id, kind="refund", amount_fen=-payment.amount_fen, base_fen=payment.base_fen,
                     method=payment.method, receipt_no=receipt_no or None, reverses_id=payment.id, reason=reason,
                     requested_by=asked.staff_id if asked else None, paid_at=now)
    _insert(session, row, Conflict("此笔收费已退费，不能重复退费", code="already_refunded"))
    add_step(session, session.get(Case, payment.case_id), "退费", now, manager,
             f"退费{rules.yuan_text(payment.amount_fen)}元（原票据号{payment.receipt_no}），原因：{reason}")
    session.flush()
    return row


def refund_requests(session: Session, hall: HallCatalog) -> list[dict]:
    """Refund requests waiting for a manager, oldest first, each with its payment."""
    rows = session.execute(select(RefundRequest, FeePayment)
                           .join(FeePayment, FeePayment.id == RefundRequest.payment_id)
                           .where(RefundRequest.hall_id == hall.id).order_by(RefundRequest.requested_at)).all()
    if not rows:
        return []
    refunded = set(session.scalars(select(FeePayment.reverses_id).where(
        FeePayment.reverses_id.in_([p.id for _r, p in rows]))))
    pending = [(r, p) for r, p in rows if p.id not in refunded]
    staff = {s.id: s for s in session.scalars(select(Staff).where(Staff.id.in_({r.staff_id for r, _p in pending})))} \
        if pending else {}
    views = {v["id"]: v for v in _payments(session, hall, [p for _r, p in pending])}
    return [{"id": r.id, "reason": r.reason, "requested_by": schemas.staff_card(staff.get(r.staff_id)),
             "requested_at": views[p.id]["refund_request"]["requested_at"], "payment": views[p.id]}
            for r, p in pending]


# ---------------------------------------------------------------- the day

def day_bounds(day: date, tz: str) -> tuple[datetime, datetime]:
    return local_midnight(day, tz), local_midnight(day + timedelta(days=1), tz)


def payments_of_day(session: Session, hall: HallCatalog, day: date) -> list[FeePayment]:
    start, end = day_bounds(day, hall.timezone)
    return list(session.scalars(select(FeePayment).where(FeePayment.hall_id == hall.id, FeePayment.paid_at >= start,
                                                         FeePayment.paid_at < end).order_by(FeePayment.paid_at,
                                                                                            FeePayment.id)))


def daily_report(session: Session, hall: HallCatalog, day: date) -> dict:
    """The day's charges and refunds per department and window, per payment method, and every
    payment line (收费日报): refunds count on the day they were made."""
    rows = payments_of_day(session, hall, day)
    departments = {d.id: d for d in session.scalars(select(Department).where(Department.hall_id == hall.id))}
    windows = dict(session.execute(select(Window.number, Window.name).where(Window.hall_id == hall.id)).all())
    figures = rules.day_report([rules.Line(departments[r.department_id].code, r.window_number, r.method, r.amount_fen)
                                for r in rows])
    by_code = {d.code: d for d in departments.values()}
    return {
        "date": day.isoformat(), "hall": {"code": hall.code, "name": hall.name},
        "departments": [
            {"code": code, "name": by_code[code].name, **dept.to_json(),
             "windows": [{"window": number, "name": windows.get(number, "") if number is not None else "未在窗口",
                          **w.to_json()} for number, w in sorted(per_window.items(), key=lambda kv: (kv[0] is None,
                                                                                                     kv[0] or 0))]}
            for code, (dept, per_window) in sorted(figures.departments.items())],
        "methods": [{"method": m, "name": rules.METHODS.get(m, m), **f.to_json()}
                    for m, f in sorted(figures.methods.items())],
        "total": figures.total.to_json(),
        "payments": _payments(session, hall, rows),
    }
