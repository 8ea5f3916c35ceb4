"""Taking, handling and answering complaints, suggestions, mailbox letters and questions."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hall.auth.models import Staff
from hall.auth.service import hall_staff
from hall.catalog.service import window_named
from hall.clock import utcnow
from hall.complaints import rules
from hall.complaints.models import Complaint
from hall.errors import Forbidden, InvalidInput
from hall.events import domain
from hall.events.bus import record
from hall.intake import records
from hall.intake.records import RecordType
from hall.queueing.duty import on_duty
from hall.supervision.kinds import AccountabilityKind

HANDLERS = ("manager", "supervisor", "admin")   # may assign and answer any item
COMPLAINTS = RecordType(Complaint, name="complaint", label="投诉建议", open_statuses=rules.OPEN,
                        not_found="没有这条投诉建议", citizen_not_found="编号或查询码不正确",
                        overdue=AccountabilityKind.COMPLAINT_OVERDUE)


def submit(session: Session, hall, *, kind: str, title: str, content: str, channel: str,
           contact_name: str = "", contact_phone: str = "", window: int | None = None, staff_no: str | None = None,
           registered_by: Staff | None = None, now: datetime | None = None) -> Complaint:
    rules.check_kind(kind)
    now = now or utcnow()
    target = window_named(session, hall, window) if window is not None else None
    staff = hall_staff(session, hall, staff_no=staff_no) or (on_duty(session, target, now) if target else None)
    return records.take(
        session, hall, COMPLAINTS, lambda prefix, day, seq: rules.number(prefix, kind, day, seq),
        rules.limit_days(kind), now, kind=kind, channel=channel, title=title, content=content,
        contact_name=contact_name, contact_phone=contact_phone, window_id=target.id if target else None,
        staff_id=staff.id if staff else None, registered_by=registered_by.id if registered_by else None)


def by_number(session: Session, hall, complaint_no: str) -> Complaint:
    """The hall's complaint, locked: the caller is about to change it."""
    return records.by_number(session, hall, COMPLAINTS, complaint_no)


def for_citizen(session: Session, complaint_no: str, query_code, *, lock: bool = False) -> Complaint:
    """Found by its number and query code, whichever hall took it (numbers carry the hall's code)."""
    return records.for_citizen(session, COMPLAINTS, complaint_no, query_code, lock=lock)


def assign(session: Session, hall, complaint_no: str, owner_username: str) -> Complaint:
    complaint = by_number(session, hall, complaint_no)
    if complaint.status not in rules.OPEN:
        raise InvalidInput("已答复的事项不能再分派", code="already_replied", status=409)
    complaint.owner_id = hall_staff(session, hall, username=owner_username).id
    complaint.status = "assigned"
    return complaint


def reply(session: Session, hall, complaint_no: str, staff: Staff, text: str, finding: str | None = None,
          window: int | None = None, staff_no: str | None = None, now: datetime | None = None) -> Complaint:
    """The owner (or a manager or supervisor) answers; a complaint's answer carries the finding
    and, where the citizen could not name them, the window and staff member it concerns."""
    complaint = by_number(session, hall, complaint_no)
    if staff.role not in HANDLERS and staff.id != complaint.owner_id:
        raise Forbidden("只有承办人或中心负责人、效能监督员可以答复", code="not_owner")
    rules.check_reply(complaint.status, complaint.kind, finding)
    if window is not None:
        complaint.window_id = window_named(session, hall, window).id
    if staff_no:
        complaint.staff_id = hall_staff(session, hall, staff_no=staff_no).id
    complaint.finding = finding
    now = now or utcnow()
    records.answer(complaint, staff, text, now)
    record(session, domain.Published(hall_id=hall.id, name="complaint.answered", data=lambda: {
        "complaint_no": complaint.complaint_no, "kind": complaint.kind, "channel": complaint.channel,
        "finding": complaint.finding, "status": complaint.status,
        "answered_at": now.isoformat().replace("+00:00", "Z")}, occurred_at=now))
    return complaint


def rate(session: Session, complaint_no: str, query_code, level, now: datetime | None = None) -> Complaint:
    complaint = for_citizen(session, complaint_no, query_code, lock=True)
    rules.check_satisfaction(complaint.status, level)
    complaint.satisfaction, complaint.rated_at, complaint.status = level, now or utcnow(), "rated"
    return complaint


def listing(session: Session, hall, status: str | None = None) -> list[Complaint]:
    query = select(Complaint).where(Complaint.hall_id == hall.id)
    if status == "open":
        query = query.where(Complaint.status.in_(rules.OPEN))
    return list(session.scalars(query.order_by(Complaint.id.desc()).limit(500)))


def counted_against(session: Session, hall, start: datetime, end: datetime, column) -> list[tuple]:
    """(window or staff id, count) of complaints found justified in [start, end)."""
    return session.execute(select(column, func.count()).where(
        Complaint.hall_id == hall.id, Complaint.kind == "complaint", Complaint.finding.in_(rules.COUNTED_FINDINGS),
        Complaint.replied_at >= start, Complaint.replied_at < end, column.is_not(None)).group_by(column)).all()
