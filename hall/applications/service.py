"""一网通办: an outside system sends an application made online (its API key has scope
``applications:write``); it is pre-reviewed at once (the item exists and is in use, the
materials are the item's and complete) and waits as ``pre_review`` until the citizen comes
to a window, where ``POST /cases`` with its ``application_no`` accepts it (``hall.cases``):
the materials sent online count as received."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hall.applications import rules
from hall.applications.models import Application
from hall.cases.models import Case
from hall.catalog.models import Department, Item, Material
from hall.clock import local_date, local_iso, utcnow
from hall.errors import Conflict, NotFound, Unprocessable
from hall.intake.applicant import Applicant
from hall.intake.documents import LABELS
from hall.intake.numbering import next_seq


class DuplicateExternalNo(Conflict):
    code = "duplicate_external_no"
    message = "该外部申请编号已提交过"


class AlreadyAccepted(Conflict):
    code = "application_already_accepted"
    message = "该网上申请已受理"


def _item(session: Session, hall, code) -> Item:
    if not isinstance(code, str) or not code:
        raise Unprocessable("缺少办事事项编码：item_code", code="unknown_item", field="item_code")
    item = session.scalar(select(Item).where(Item.hall_id == hall.id, Item.code == code))
    if item is None:
        raise Unprocessable(f"本大厅没有此办事事项：{code}", code="unknown_item", field="item_code")
    if not item.active:
        raise Unprocessable(f"该事项已停用，不能网上申请：{code}", code="item_inactive", field="item_code")
    return item


def materials_of(session: Session, item_id: int) -> list[Material]:
    return list(session.scalars(select(Material).where(Material.item_id == item_id).order_by(Material.position)))


def _duplicate(session: Session, hall, external_no: str) -> DuplicateExternalNo | None:
    earlier = session.scalar(select(Application.application_no).where(
        Application.hall_id == hall.id, Application.external_no == external_no))
    return None if earlier is None else DuplicateExternalNo(
        f"外部申请编号 {external_no} 已提交过，网上申请编号 {earlier}", application_no=earlier)


def submit(session: Session, hall, api_key_id: int, *, item_code, applicant: Applicant, materials: list[str],
           external_no: str, secret: str, now: datetime | None = None) -> Application:
    now = now or utcnow()
    item = _item(session, hall, item_code)
    rows = materials_of(session, item.id)
    rules.pre_review(materials, [m.code for m in rows], [m.code for m in rows if m.required])
    earlier = _duplicate(session, hall, external_no)
    if earlier is not None:
        raise earlier
    day = local_date(now, hall.timezone)
    row = Application(hall_id=hall.id, application_no=rules.application_number(
                          hall.code, day, next_seq(session, hall, day, "application")),
                      external_no=external_no, api_key_id=api_key_id, item_id=item.id,
                      materials=materials, submitted_at=now, **applicant.stored(secret))
    try:
        with session.begin_nested():   # two sends of one external_no at once: the constraint keeps one
            session.add(row)
            session.flush()
    except IntegrityError:
        earlier = _duplicate(session, hall, external_no)
        if earlier is None:
            raise
        raise earlier from None
    return row


def by_no(session: Session, hall, application_no: str, *, lock: bool = False) -> Application:
    stmt = select(Application).where(Application.hall_id == hall.id, Application.application_no == application_no)
    # locked: read afresh (populate_existing), an earlier read of this session must not hide
    # the status another window's acceptance committed while we waited for the lock
    row = session.scalar(stmt.with_for_update().execution_options(populate_existing=True) if lock else stmt)
    if row is None:
        raise NotFound("没有此网上申请", code="application_not_found")
    return row


def _case_no(session: Session, row: Application) -> str | None:
    return session.scalar(select(Case.case_no).where(Case.id == row.case_id)) if row.case_id else None


def open_for_acceptance(session: Session, hall, application_no: str) -> Application:
    """The application a window is accepting, locked; one already accepted is a 409 naming
    its case."""
    row = by_no(session, hall, application_no, lock=True)
    if row.status != "pre_review":
        case_no = _case_no(session, row)
        raise AlreadyAccepted(f"该网上申请已受理，办件编号 {case_no}", case_no=case_no)
    return row


def mark_accepted(session: Session, row: Application, case_id: int, now: datetime) -> None:
    """pre_review → accepted, only once: of two windows accepting at the same moment, the one
    whose update finds it still pre_review wins; the other is told 409."""
    done = session.execute(update(Application).where(Application.id == row.id, Application.status == "pre_review")
                           .values(status="accepted", accepted_at=now, case_id=case_id)
                           .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        raise AlreadyAccepted()
    session.refresh(row)


def item_and_applicant(session: Session, hall, application_no: str) -> tuple[str, str]:
    """(item code, applicant's keyed hash) of an application: what a power of attorney must
    cover when a helper accepts it for the citizen."""
    row = by_no(session, hall, application_no)
    return session.get(Item, row.item_id).code, row.applicant_id_hash


def applicant_columns(row: Application) -> dict:
    """What a case copies of the application's applicant (Applicant.stored's columns)."""
    return {"applicant_name": row.applicant_name, "applicant_id_masked": row.applicant_id_masked,
            "applicant_id_hash": row.applicant_id_hash, "applicant_kind": row.applicant_kind,
            "representative": row.representative, "applicant_phone_masked": row.applicant_phone_masked}


def view(session: Session, hall, row: Application) -> dict:
    item = session.get(Item, row.item_id)
    department = session.get(Department, item.department_id)
    by_code = {m.code: m for m in materials_of(session, item.id)}
    return {"application_no": row.application_no, "external_no": row.external_no, "status": row.status,
            "status_name": rules.STATUS_NAMES.get(row.status, row.status),
            "item_code": item.code, "item_name": item.name, "department": department.name if department else None,
            "applicant": {"name": row.applicant_name, "id_number": row.applicant_id_masked,
                          "phone": row.applicant_phone_masked, "kind": row.applicant_kind,
                          "kind_name": LABELS.get(row.applicant_kind, row.applicant_kind),
                          "representative": {k: v for k, v in row.representative.items() if k != "number_hash"}
                          if row.representative else None},
            "materials": [{"code": c, "name": by_code[c].name if c in by_code else c,
                           "required": by_code[c].required if c in by_code else False} for c in row.materials],
            "submitted_at": local_iso(row.submitted_at, hall.timezone),
            "accepted_at": local_iso(row.accepted_at, hall.timezone), "case_no": _case_no(session, row)}
