"""Taking, handling and answering complaints, suggestions, mailbox letters and questions."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hall.auth.models import Staff
from hall.auth.service import hall_staff
from hall.calendar.service import hall_calendar
from hall.supervision.lights import live_light
from hall.cases.rules import hall_prefix, mask_phone
from hall.cases.service import new_query_code, next_seq, query_code_matches
from hall.catalog.service import hall_of, window_named
from hall.clock import local_date, local_iso, utcnow
from hall.complaints import rules
from hall.complaints.models import Complaint
from hall.errors import Forbidden, InvalidInput, NotFound
from hall.queueing.duty import on_duty

HANDLERS = ("manager", "supervisor", "admin")   # may assign and answer any item


def submit(session: Session, hall, *, kind: str, title: str, content: str, channel: str,
           contact_name: str = "", contact_phone: str = "", window: int | None = None, staff_no: str | None = None,
           registered_by: Staff | None = None, now: datetime | None = None) -> Complaint:
    rules.check_kind(kind)
    now = now or utcnow()
    day = local_date(now, hall.timezone)
    target = window_named(session, hall, window) if window is not None else None
    staff = hall_staff(session, hall, staff_no=staff_no) or (on_duty(session, target, now) if target else None)
    complaint = Complaint(
        hall_id=hall.id, complaint_no=rules.number(hall_prefix(hall.code), kind, day,
                                                   next_seq(session, hall, day, "complaint")),
        query_code=new_query_code(), kind=kind, channel=channel, title=title, content=content,
        contact_name=contact_name, contact_phone=contact_phone, window_id=target.id if target else None,
        staff_id=staff.id if staff else None, received_at=now, received_on=day,
        deadline=hall_calendar(session).add_working_days(day, rules.limit_days(kind)),
        registered_by=registered_by.id if registered_by else None)
    session.add(complaint)
    session.flush()
    return complaint


def by_number(session: Session, hall, complaint_no: str) -> Complaint:
    """The hall's complaint, locked: the caller is about to change it."""
    complaint = session.scalar(select(Complaint).where(Complaint.hall_id == hall.id,
                                                       Complaint.complaint_no == complaint_no).with_for_update())
    if complaint is None:
        raise NotFound("没有这条投诉建议", code="complaint_not_found")
    return complaint


def for_citizen(session: Session, complaint_no: str, query_code, *, lock: bool = False) -> Complaint:
    """Found by its number and query code, whichever hall took it (numbers carry the hall's code)."""
    query = select(Complaint).where(Complaint.complaint_no == complaint_no)
    complaint = session.scalar(query.with_for_update() if lock else query)
    if not query_code_matches(complaint, query_code):
        raise NotFound("编号或查询码不正确", code="complaint_not_found")
    return complaint


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
    complaint.reply, complaint.finding = text, finding
    complaint.replied_at, complaint.replied_by, complaint.status = now or utcnow(), staff.id, "replied"
    complaint.owner_id = complaint.owner_id or staff.id
    return complaint


def rate(session: Session, complaint_no: str, query_code, level, now: datetime | None = None) -> Complaint:
    complaint = for_citizen(session, complaint_no, query_code, lock=True)
    rules.check_satisfaction(complaint.status, level)
    complaint.satisfaction, complaint.rated_at, complaint.status = level, now or utcnow(), "rated"
    return complaint


def listing(session: Session, hall, status: str | None = None) -> list[dict]:
    query = select(Complaint).where(Complaint.hall_id == hall.id)
    if status == "open":
        query = query.where(Complaint.status.in_(rules.OPEN))
    rows = session.scalars(query.order_by(Complaint.id.desc()).limit(500)).all()
    return views(session, rows)


def view(session: Session, complaint: Complaint, *, public: bool = False) -> dict:
    return views(session, [complaint], public=public)[0]


def views(session: Session, complaints: list[Complaint], *, public: bool = False) -> list[dict]:
    """The citizen sees the handling and the answer; staff also see the contact (masked) and
    who is concerned, owns and answered it. Names and the calendar are read once for all."""
    if not complaints:
        return []
    hall = hall_of(session, complaints[0].hall_id)
    cal = hall_calendar(session)
    today = local_date(utcnow(), hall.timezone)
    ids = {i for c in complaints for i in (c.staff_id, c.owner_id, c.replied_by) if i}
    people = {s.id: {"name": s.name, "staff_no": s.staff_no}
              for s in session.scalars(select(Staff).where(Staff.id.in_(ids)))} if ids and not public else {}
    return [_view(hall, cal, today, people, c, public) for c in complaints]


def _view(hall, cal, today, people: dict, complaint: Complaint, public: bool) -> dict:
    window = hall.windows_by_id.get(complaint.window_id)
    out = {"complaint_no": complaint.complaint_no, "kind": complaint.kind, "kind_name": rules.KINDS[complaint.kind][1],
           "channel": complaint.channel, "title": complaint.title, "content": complaint.content,
           "status": complaint.status, "status_name": rules.STATUS_NAMES[complaint.status],
           "received_at": local_iso(complaint.received_at, hall.timezone), "deadline": complaint.deadline.isoformat(),
           "limit_days": rules.limit_days(complaint.kind),
           "light": live_light(cal, today, complaint.received_on, complaint.deadline, complaint.status in rules.OPEN),
           "reply": complaint.reply, "replied_at": local_iso(complaint.replied_at, hall.timezone),
           "finding": complaint.finding, "finding_name": rules.FINDINGS.get(complaint.finding),
           "satisfaction": complaint.satisfaction, "satisfaction_name": rules.SATISFACTION.get(complaint.satisfaction),
           "window": window.number if window else None}
    if public:
        return out
    return out | {"contact_name": complaint.contact_name, "contact_phone": mask_phone(complaint.contact_phone)
                  if complaint.contact_phone else "", "staff": people.get(complaint.staff_id),
                  "owner": people.get(complaint.owner_id), "replied_by": people.get(complaint.replied_by)}


def counted_against(session: Session, hall, start: datetime, end: datetime, column) -> list[tuple]:
    """(window or staff id, count) of complaints found justified in [start, end)."""
    return session.execute(select(column, func.count()).where(
        Complaint.hall_id == hall.id, Complaint.kind == "complaint", Complaint.finding.in_(rules.COUNTED_FINDINGS),
        Complaint.replied_at >= start, Complaint.replied_at < end, column.is_not(None)).group_by(column)).all()
