"""Complaints as the citizen and as staff see them."""
from __future__ import annotations

from sqlalchemy.orm import Session

from hall.calendar.service import hall_calendar
from hall.catalog.service import hall_of
from hall.clock import local_date, local_iso, utcnow
from hall.complaints import rules
from hall.complaints.models import Complaint
from hall.complaints.service import COMPLAINTS
from hall.intake.identity import mask_phone
from hall.intake.records import light_now, people


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
    names = {} if public else people(session, (i for c in complaints for i in (c.staff_id, c.owner_id, c.replied_by)))
    return [_view(hall, cal, today, names, c, public) for c in complaints]


def _view(hall, cal, today, names: dict, complaint: Complaint, public: bool) -> dict:
    window = hall.windows_by_id.get(complaint.window_id)
    out = {"complaint_no": complaint.complaint_no, "kind": complaint.kind, "kind_name": rules.KINDS[complaint.kind][1],
           "channel": complaint.channel, "title": complaint.title, "content": complaint.content,
           "status": complaint.status, "status_name": rules.STATUS_NAMES[complaint.status],
           "received_at": local_iso(complaint.received_at, hall.timezone), "deadline": complaint.deadline.isoformat(),
           "limit_days": rules.limit_days(complaint.kind),
           "light": light_now(COMPLAINTS, cal, today, complaint),
           "reply": complaint.reply, "replied_at": local_iso(complaint.replied_at, hall.timezone),
           "finding": complaint.finding, "finding_name": rules.FINDINGS.get(complaint.finding),
           "satisfaction": complaint.satisfaction, "satisfaction_name": rules.SATISFACTION.get(complaint.satisfaction),
           "window": window.number if window else None}
    if public:
        return out
    return out | {"contact_name": complaint.contact_name, "contact_phone": mask_phone(complaint.contact_phone)
                  if complaint.contact_phone else "", "staff": names.get(complaint.staff_id),
                  "owner": names.get(complaint.owner_id), "replied_by": names.get(complaint.replied_by)}
