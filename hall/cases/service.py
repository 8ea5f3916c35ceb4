"""Accepting cases and keeping their time limits (DOMAIN rules 1–4).

Service functions take a session and raise domain errors. Where a refusal must still
leave a record (a one-time notice for incomplete materials, an accountability record for
materials asked after acceptance) the function writes the record and returns it; the
blueprint commits and then answers with the error.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hall.auth.models import Staff
from hall.applications import service as online
from hall.calendar.service import hall_calendar, unknown_years
from hall.cases import published, rules
from hall.cases.lookup import add_step, case_by_no, current_deadline, pauses_of
from hall.cases.models import Case, CasePause, Notice
from hall.cases.schemas import case_view, steps_of
from hall.catalog import service as catalog
from hall.catalog.cache import HallCatalog
from hall.catalog.models import Department, Item, Material, Window
from hall.clock import local_date, utcnow
from hall.errors import Conflict, Forbidden, InvalidInput, NotFound, Unprocessable
from hall.events import domain
from hall.events.bus import record
from hall.intake.applicant import Applicant
from hall.intake.numbering import next_seq
from hall.intake.query_codes import new_query_code, query_code_matches
from hall.queueing.models import Ticket
from hall.reviews.schemas import review_rows
from hall.reviews.service import create_tasks
from hall.supervision.alerts import alert
from hall.supervision.kinds import AccountabilityKind
from hall.supervision.models import Accountability
from hall.supervision.schemas import accountability_json
from hall.supervision.service import hold_accountable


class MaterialsIncomplete(Unprocessable):
    code = "materials_incomplete"
    message = "申报材料不齐全，已出具一次性告知书"


class MaterialsFrozen(Conflict):
    code = "materials_frozen"
    message = "办件已受理，不得要求群众再次补送材料（已记录责任追究）"


def _notice(session: Session, hall: HallCatalog, kind: str, item: Item, staff: Staff, now: datetime, *,
            ticket_id=None, case: Case | None = None, applicant_name: str = "", missing=(), text="") -> Notice:
    day = local_date(now, hall.timezone)
    notice = Notice(hall_id=hall.id, notice_no=rules.notice_number(hall.code, day, next_seq(session, hall, day, "notice")),
                    kind=kind, ticket_id=ticket_id, case_id=case.id if case else None, item_id=item.id,
                    staff_id=staff.id, applicant_name=applicant_name, missing=list(missing), text=text,
                    created_at=now)
    session.add(notice)
    session.flush()
    return notice


# ---------------------------------------------------------------- acceptance

def _current_ticket_of(session: Session, hall: HallCatalog, staff: Staff, ticket_id: int) -> tuple[Ticket, Window]:
    # the window's row is locked: two acceptances at one window (a double click, a retry)
    # take turns, so the second sees the first's case
    window = session.scalar(select(Window).where(Window.staff_id == staff.id, Window.hall_id == hall.id)
                            .with_for_update())
    if window is None:
        raise Forbidden("请先在窗口签到", code="not_signed_in")
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or ticket.hall_id != hall.id:
        raise NotFound("没有此号票", code="ticket_not_found")
    if window.current_ticket_id != ticket.id or ticket.status not in ("called", "serving"):
        raise Conflict("只能为本窗口当前办理的号票受理办件", code="not_current_ticket")
    return ticket, window


def _check_scope(session: Session, hall: HallCatalog, window: Window, item: Item) -> None:
    """首问负责制: a department window accepts the items of its queues; the comprehensive
    window (no department) accepts every item. Otherwise the citizen is referred."""
    if item.kind == "joint":
        lead = (item.joint or {}).get("lead")
        department = session.get(Department, window.department_id) if window.department_id else None
        if department is None or department.code == lead:
            return
        where = [n for n, dept in session.execute(
            select(Window.number, Department.code).outerjoin(Department, Department.id == Window.department_id)
            .where(Window.hall_id == window.hall_id)).all() if dept is None or dept == lead]
        raise Conflict(f"联办件须在综合受理窗口或牵头部门窗口受理，请转至{'、'.join(map(str, where))}号窗口",
                       code="outside_window_scope", windows=where)
    if window.department_id is None or item.queue_id in catalog.window_queue_ids(hall, window):
        return
    where = list(catalog.windows_serving(hall, item.queue_id))
    raise Conflict(f"该事项不属本窗口受理范围，请转至{'、'.join(map(str, where))}号窗口办理（转移号票，群众无需重新取号）",
                   code="outside_window_scope", windows=where)


def case_by_idempotency_key(session: Session, hall: HallCatalog, key: str) -> Case | None:
    return session.scalar(select(Case).where(Case.hall_id == hall.id, Case.idempotency_key == key))


def _replayed(case: Case, ticket_id: int, item_id: int | None = None) -> Case:
    """The case an Idempotency-Key made before: the same request again gets it back; the key
    sent with another ticket is a client's mistake, refused."""
    if case.ticket_id != ticket_id or (item_id is not None and case.item_id != item_id):
        raise Conflict("该 Idempotency-Key 已用于另一号票或事项的受理", code="idempotency_key_reused",
                       case_no=case.case_no)
    return case


def _from_application(session: Session, application, item_code: str | None, applicant: Applicant | None,
                      materials: list[str], secret: str) -> tuple[str, list[str], dict]:
    """(item code, materials, applicant columns) of a case accepted from an online application:
    its item (a different one named at the window is refused), the materials sent online and
    those handed in now, its applicant (one named at the window must have the same number)."""
    own_item = session.get(Item, application.item_id).code
    if item_code and item_code != own_item:
        raise Unprocessable(f"网上申请的事项为 {own_item}，与所选事项 {item_code} 不符",
                            code="application_item_mismatch", item_code=own_item)
    if applicant is not None and applicant.hash(secret) != application.applicant_id_hash:
        raise Unprocessable("申请人证件号码与网上申请不一致", code="applicant_mismatch", field="applicant")
    columns = applicant.stored(secret) if applicant is not None else online.applicant_columns(application)
    return own_item, list(dict.fromkeys(list(application.materials) + list(materials))), columns


def accept_case(session: Session, hall: HallCatalog, staff: Staff, **kwargs) -> tuple[Case | None, Notice | None]:
    """Returns (case, None) when accepted, (None, notice) when materials are missing."""
    case, notice, _created = accept(session, hall, staff, **kwargs)
    return case, notice


def accept(session: Session, hall: HallCatalog, staff: Staff, *, ticket_id: int, item_code: str | None,
           applicant: Applicant | None, materials: list[str], secret: str, idempotency_key: str | None = None,
           application_no: str | None = None, now: datetime | None = None) -> tuple[Case | None, Notice | None, bool]:
    """(case, notice, created). A repeated ``idempotency_key`` returns the first case with
    created False; the same ticket and item again without a key is refused (409
    ``case_exists`` naming the first case). With ``application_no`` an online application
    (一网通办) is accepted: its item and applicant are the case's (an applicant named here must
    be the same person), its materials count as received, and it is accepted once only."""
    now = now or utcnow()
    if idempotency_key:
        earlier_case = case_by_idempotency_key(session, hall, idempotency_key)
        if earlier_case is not None:      # a retry after the window moved on still finds it
            return _replayed(earlier_case, ticket_id), None, False
    ticket, window = _current_ticket_of(session, hall, staff, ticket_id)
    application = online.open_for_acceptance(session, hall, application_no) if application_no else None
    if application is not None:
        item_code, materials, applicant_columns = _from_application(session, application, item_code, applicant,
                                                                    materials, secret)
    elif applicant is None:
        raise InvalidInput("缺少申请人信息：applicant", code="missing_field", field="applicant")
    else:
        applicant_columns = applicant.stored(secret)
    item = catalog.item_by_code(session, hall, item_code)
    _check_scope(session, hall, window, item)
    if idempotency_key:   # the window's lock is held: a concurrent twin has committed by now
        earlier_case = case_by_idempotency_key(session, hall, idempotency_key)
        if earlier_case is not None:
            return _replayed(earlier_case, ticket.id, item.id), None, False
    earlier = session.scalar(select(Case.case_no).where(Case.ticket_id == ticket.id, Case.item_id == item.id))
    if earlier is not None:   # one case per ticket and item: a repeated request makes no second one
        raise Conflict(f"该号票已受理此事项，办件编号 {earlier}", code="case_exists", case_no=earlier)
    rows = session.scalars(select(Material).where(Material.item_id == item.id).order_by(Material.position)).all()
    known = {m.code for m in rows}
    if application is not None:   # what was sent online, of what the item still asks
        materials = [c for c in materials if c in known or c not in application.materials]
    unknown = [code for code in materials if code not in known]
    if unknown:
        raise InvalidInput(f"材料编码不属于该事项：{', '.join(unknown)}", code="unknown_material", unknown=unknown)
    missing = rules.missing_materials([m.code for m in rows if m.required], materials)
    if missing:
        by_code = {m.code: m for m in rows}
        notice = _notice(session, hall, "materials", item, staff, now, ticket_id=ticket.id,
                         applicant_name=applicant_columns["applicant_name"],
                         missing=[{"code": c, "name": by_code[c].name, "form": by_code[c].form,
                                   "copies": by_code[c].copies, "guidance": by_code[c].guidance} for c in missing])
        return None, notice, False
    day = local_date(now, hall.timezone)
    cal = hall_calendar(session)
    instant = item.kind == "instant"
    joint = item.kind == "joint"
    # 急事急办: an urgent ticket's case is on the short limit (joint cases keep their reviews' limits)
    promised = rules.urgent_promised_days(item.promised_days) if ticket.urgent and not joint else item.promised_days
    case = Case(hall_id=hall.id, case_no=rules.case_number(hall.code, day, next_seq(session, hall, day, "case")),
                query_code=new_query_code(), ticket_id=ticket.id, item_id=item.id,
                department_id=item.department_id, window_id=window.id, staff_id=staff.id,
                **applicant_columns, materials=list(materials),
                application_no=application.application_no if application is not None else None,
                kind=item.kind, status="completed" if instant else "reviewing" if joint else "accepted",
                accepted_at=now, accepted_on=day,
                promised_days=promised, idempotency_key=idempotency_key,
                urgent=ticket.urgent, urgent_reason=ticket.urgent_reason,
                deadline=cal.next_workday(day) if instant else cal.deadline(day, promised))
    try:
        with session.begin_nested():   # the unique constraints stand behind the lock
            session.add(case)
            session.flush()
    except IntegrityError:
        twin = case_by_idempotency_key(session, hall, idempotency_key) if idempotency_key else None
        if twin is not None:
            return _replayed(twin, ticket.id, item.id), None, False
        earlier = session.scalar(select(Case.case_no).where(Case.ticket_id == ticket.id, Case.item_id == item.id))
        if earlier is None and application is not None:   # uq_case_application_no: accepted elsewhere meanwhile
            taken = session.scalar(select(Case.case_no).where(Case.application_no == application.application_no))
            if taken is not None:
                raise online.AlreadyAccepted(f"该网上申请已受理，办件编号 {taken}", case_no=taken) from None
        if earlier is None:
            raise
        raise Conflict(f"该号票已受理此事项，办件编号 {earlier}", code="case_exists", case_no=earlier) from None
    if application is not None:
        online.mark_accepted(session, application, case.id, now)
        add_step(session, case, "网上申请受理", now, staff,
                 f"网上申请 {application.application_no}（外部编号 {application.external_no}）；"
                 f"网上已提交材料 {'、'.join(application.materials) or '无'} 视为已收取，不再重复提交")
    add_step(session, case, "窗口受理", now, staff, f"{window.number}号窗口受理，材料齐全")
    if case.urgent and not joint:
        add_step(session, case, "急事急办", now, staff,
                 f"{case.urgent_reason}；办理期限{case.deadline.isoformat()}")
    if instant:
        case.decided_at = case.completed_at = now
        add_step(session, case, "当场办结", now, staff, "即办件当场办结")
    if joint:
        tasks = create_tasks(session, hall, case, item, cal)
        add_step(session, case, "分送联审", now, staff, f"同时分送{len(tasks)}个部门并联审查")
    unknown = [] if instant else unknown_years(session, day, case.deadline)
    if unknown:   # counted Monday to Friday over a year nobody has entered: the managers are told
        alert(session, hall, ("manager",), {"kind": "provisional_deadline", "case_no": case.case_no,
                                            "deadline": case.deadline.isoformat(), "years": unknown,
                                            "message": rules.provisional_alert(case.case_no, case.deadline, unknown)})
    published.publish(session, hall, "case.accepted", case, now)
    if instant:
        published.publish(session, hall, "case.completed", case, now)
    if applicant is not None and applicant.phone:   # an online application's phone stays with the platform
        _tell_accepted(session, hall, case, item, applicant.phone, instant)
    return case, None, True


def _tell_accepted(session: Session, hall: HallCatalog, case: Case, item, phone: str, instant: bool) -> None:
    """受理 by SMS through the gateway (the outbox sends it); with a gateway the phone is kept
    on the case for 结果已出 only, until the result is handed out."""
    sent = record(session, domain.Notification(
        hall_id=hall.id, to=phone, template="case_accepted",
        params=(("case_no", case.case_no), ("query_code", case.query_code), ("item", item.name),
                ("deadline", case.deadline.isoformat())),
        text=f"【{hall.name}】您的{item.name}已受理，办件编号{case.case_no}，查询码{case.query_code}，"
             f"承诺办结日期{case.deadline.isoformat()}。"))
    if any(sent) and not instant:
        case.notify_phone = phone


# ---------------------------------------------------------------- reading

def case_for_citizen(session: Session, case_no: str, query_code: str | None) -> Case:
    """A case found by the citizen's number and query code, whichever hall accepted it
    (case numbers carry the hall's code)."""
    case = session.scalar(select(Case).where(Case.case_no == case_no))
    if not query_code_matches(case, query_code):
        raise NotFound("办件编号或查询码不正确", code="case_not_found")
    return case


def progress(session: Session, hall: HallCatalog, case: Case) -> dict:
    view = case_view(session, hall, case)
    return {k: view[k] for k in ("case_no", "item_name", "department", "status", "status_name", "accepted_at",
                                 "deadline", "provisional", "light", "kind_name", "certificates")} | {
        "applicant_name": view["applicant"]["name"], "attorney": view["attorney"],
        "steps": steps_of(session, hall, case), "reviews": review_rows(session, case)}


# ---------------------------------------------------------------- after acceptance

def _owner_or_manager(case: Case, staff: Staff) -> None:
    if staff.role in ("manager", "admin") or staff.id == case.staff_id:
        return
    raise Forbidden("仅受理人或大厅管理人员可以处理此办件", code="not_case_owner")


def pause(session: Session, hall: HallCatalog, case_no: str, staff: Staff, reason: str,
          now: datetime | None = None) -> Case:
    now = now or utcnow()
    case = case_by_no(session, hall, case_no, lock=True)
    _owner_or_manager(case, staff)
    rules.check_pause_reason(reason)
    case.status = rules.next_status(case.status, "pause")
    session.add(CasePause(case_id=case.id, started_on=local_date(now, hall.timezone), reason=reason))
    _notice(session, hall, "pause", session.get(Item, case.item_id), staff, now, case=case,
            applicant_name=case.applicant_name, text=f"因{reason}，办理时限暂停计算，所需时间不计入办理时限。")
    add_step(session, case, "暂停计时", now, staff, reason + "（已书面告知申请人）")
    return case


def resume(session: Session, hall: HallCatalog, case_no: str, staff: Staff, now: datetime | None = None) -> Case:
    now = now or utcnow()
    case = case_by_no(session, hall, case_no, lock=True)
    _owner_or_manager(case, staff)
    case.status = rules.next_status(case.status, "resume")
    today = local_date(now, hall.timezone)
    for p in session.scalars(select(CasePause).where(CasePause.case_id == case.id, CasePause.ended_on.is_(None))):
        p.ended_on = today
    session.flush()
    case.deadline = current_deadline(hall_calendar(session), case, pauses_of(session, case), today)
    add_step(session, case, "恢复计时", now, staff, f"办理期限顺延至{case.deadline.isoformat()}")
    return case


def extend(session: Session, hall: HallCatalog, case_no: str, staff: Staff, working_days: int, reason: str,
           now: datetime | None = None) -> Case:
    now = now or utcnow()
    case = case_by_no(session, hall, case_no, lock=True)
    rules.next_status(case.status, "extend")
    today = local_date(now, hall.timezone)
    if rules.deadline_passed(case.deadline, today):
        raise Conflict(f"办理期限（{case.deadline.isoformat()}）已过，不能再批准延期；超期办件保持红灯，责任追究记录保留",
                       code="deadline_passed")
    rules.check_extension(case.kind, case.extension_days, working_days)
    case.extension_days += working_days
    case.deadline = current_deadline(hall_calendar(session), case, pauses_of(session, case), today)
    _notice(session, hall, "extension", session.get(Item, case.item_id), staff, now, case=case,
            applicant_name=case.applicant_name,
            text=f"经批准延长{working_days}个工作日，办理期限至{case.deadline.isoformat()}。理由：{reason}")
    add_step(session, case, "批准延期", now, staff, f"延长{working_days}个工作日：{reason}（已告知申请人）")
    return case


def mark_urgent(session: Session, hall: HallCatalog, case_no: str, staff: Staff, reason: str,
                now: datetime | None = None) -> Case:
    """急事急办 (DOMAIN rule 10): a manager marks an open case urgent with a reason; it is due
    by the next working day at the latest (``rules.urgent_promised_days``), a step says so."""
    now = now or utcnow()
    case = case_by_no(session, hall, case_no, lock=True)
    reason = rules.check_urgent(case.kind, case.status, case.urgent, reason)
    today = local_date(now, hall.timezone)
    cal = hall_calendar(session)
    pauses = pauses_of(session, case)
    used = cal.working_days_between(case.accepted_on, today) - cal.paused_working_days(pauses, case.accepted_on, today)
    case.promised_days = rules.urgent_promised_days(case.promised_days, max(used, 0))
    case.urgent, case.urgent_reason = True, reason
    case.deadline = current_deadline(cal, case, pauses, today)
    add_step(session, case, "急事急办", now, staff, f"{reason}；办理期限提前至{case.deadline.isoformat()}")
    return case


def forward(session: Session, hall: HallCatalog, case_no: str, staff: Staff, to: str, limit_days,
            now: datetime | None = None) -> Case:
    """上报件 (DOMAIN rule 9): the accepting hall hands the case to the higher level (市/省);
    from now the case runs on that level's limit, counted from acceptance. A step says to
    whom and until when."""
    now = now or utcnow()
    case = case_by_no(session, hall, case_no, lock=True)
    _owner_or_manager(case, staff)
    case.status, to, limit_days = rules.check_forward(case.kind, case.status, to, limit_days)
    today = local_date(now, hall.timezone)
    case.promised_days = limit_days
    case.deadline = current_deadline(hall_calendar(session), case, pauses_of(session, case), today)
    add_step(session, case, "上报上级审批", now, staff,
             f"已上报{to}，上级审批时限{limit_days}个工作日，办理期限{case.deadline.isoformat()}")
    return case


def record_higher_answer(session: Session, hall: HallCatalog, case_no: str, staff: Staff, decision: str,
                         reason: str, basis: str = "", reference: str = "", now: datetime | None = None) -> Case:
    """The higher level's answer, recorded as a step; the result is then collected at this
    hall's window (``complete``), as for any case."""
    now = now or utcnow()
    if decision == "reject" and not basis:
        raise InvalidInput("不予许可必须说明法律依据（basis）", code="basis_required")
    case = case_by_no(session, hall, case_no, lock=True)
    _owner_or_manager(case, staff)
    case.status = rules.higher_answer(case.status, decision)
    case.decided_at, case.decision_reason, case.decision_basis = now, reason, basis
    add_step(session, case, "上级批准" if decision == "approve" else "上级不予许可", now, staff,
             reason + (f"（依据：{basis}）" if basis else "") + (f"；文号 {reference}" if reference else "")
             + "；请申请人到本大厅窗口领取结果")
    published.decided(session, hall, case, now)
    return case


def decide(session: Session, hall: HallCatalog, case_no: str, staff: Staff, decision: str, reason: str,
           basis: str = "", now: datetime | None = None) -> Case:
    now = now or utcnow()
    if decision not in ("approve", "reject"):
        raise InvalidInput("decision 须为 approve 或 reject", code="invalid_decision")
    if decision == "reject" and not basis:
        raise InvalidInput("不予许可必须说明法律依据（basis）", code="basis_required")
    case = case_by_no(session, hall, case_no, lock=True)
    _owner_or_manager(case, staff)
    if case.kind == "joint":
        raise Conflict("联办件由各部门联审决定，窗口不能直接作出决定", code="joint_case_decided_by_review")
    rules.check_decider(case.kind, case.status)
    case.status = rules.next_status(case.status, decision)
    case.decided_at, case.decision_reason, case.decision_basis = now, reason, basis
    add_step(session, case, "准予许可" if decision == "approve" else "不予许可", now, staff,
          reason + (f"（依据：{basis}）" if basis else ""))
    published.decided(session, hall, case, now)
    return case


def complete(session: Session, hall: HallCatalog, case_no: str, staff: Staff, certificate_no: str = "",
             certificates: list[str] | None = None, now: datetime | None = None) -> Case:
    """一审一核: the result is handed out at the hall, once, with every certificate."""
    now = now or utcnow()
    case = case_by_no(session, hall, case_no, lock=True)
    case.status = rules.next_status(case.status, "complete")
    numbers = [n for n in ([certificate_no] if certificate_no else []) + list(certificates or []) if n]
    case.completed_at, case.certificate_no, case.certificates = now, numbers[0] if numbers else "", numbers
    add_step(session, case, "窗口发证" if numbers else "结果送达", now, staff,
          f"证照编号 {'、'.join(numbers)}" if numbers else "结果已在大厅窗口送达")
    case.notify_phone = None     # handed out: the phone number is no longer needed
    published.publish(session, hall, "case.completed", case, now)
    return case


def request_materials(session: Session, hall: HallCatalog, case_no: str, staff: Staff, materials,
                      now: datetime | None = None) -> Accountability:
    """Asking for more after acceptance is refused; the attempt is an accountability event
    against the accepting staff member (不能中途让群众再次补送材料)."""
    now = now or utcnow()
    case = case_by_no(session, hall, case_no)
    entry = hold_accountable(session, hall, AccountabilityKind.MATERIALS_AFTER_ACCEPTANCE,
                             f"受理后要求补交材料：{materials}（操作人 {staff.staff_no}）", now,
                             case_id=case.id, staff_id=case.staff_id, department_id=case.department_id)
    add_step(session, case, "违规要求补件（已拒绝）", now, staff, "已记录责任追究")
    return entry


def material_exception(session: Session, hall: HallCatalog, case_no: str, staff: Staff, reason: str, materials,
                       now: datetime | None = None) -> Case:
    """A manager records a justified exception (e.g. a forged document found), logged."""
    now = now or utcnow()
    case = case_by_no(session, hall, case_no)
    add_step(session, case, "补件例外（经批准）", now, staff, f"{reason}；材料：{materials}")
    return case


def ready_cases(session: Session, hall: HallCatalog, number: int) -> list[dict]:
    window = catalog.window_by_number(session, hall, number)
    cases = session.scalars(select(Case).where(Case.window_id == window.id,
                                               Case.status.in_(("approved", "deemed_approved", "rejected")))
                            .order_by(Case.decided_at)).all()
    return [case_view(session, hall, c) for c in cases]


def supervision(session: Session, hall: HallCatalog) -> list[dict]:
    cases = session.scalars(select(Case).where(Case.hall_id == hall.id, Case.status.in_(rules.OPEN))
                            .order_by(Case.deadline)).all()
    return [case_view(session, hall, c) for c in cases]


def accountability(session: Session, hall: HallCatalog) -> list[dict]:
    rows = session.execute(select(Accountability, Staff, Case.case_no)
                           .outerjoin(Staff, Staff.id == Accountability.staff_id)
                           .outerjoin(Case, Case.id == Accountability.case_id)
                           .where(Accountability.hall_id == hall.id).order_by(Accountability.id.desc())).all()
    return [accountability_json(hall, entry, staff, case_no) for entry, staff, case_no in rows]
