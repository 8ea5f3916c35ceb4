"""Information requests as the citizen and as staff see them."""
from __future__ import annotations

from sqlalchemy.orm import Session

from hall.calendar.service import hall_calendar
from hall.catalog.service import hall_of
from hall.clock import local_date, local_iso, utcnow
from hall.inforequests import rules
from hall.inforequests.models import InfoRequest
from hall.inforequests.service import INFO_REQUESTS
from hall.intake.identity import mask_phone
from hall.intake.records import light_now, people


def view(session: Session, request: InfoRequest, *, public: bool = False) -> dict:
    return views(session, [request], public=public)[0]


def views(session: Session, requests: list[InfoRequest], *, public: bool = False) -> list[dict]:
    """The citizen sees the handling and the answer; staff also see the applicant (masked) and
    who approved an extension. Names and the calendar are read once for all."""
    if not requests:
        return []
    hall = hall_of(session, requests[0].hall_id)
    cal = hall_calendar(session)
    today = local_date(utcnow(), hall.timezone)
    names = {} if public else people(session, (r.extension_approved_by for r in requests))
    return [_view(hall, cal, today, names, r, public) for r in requests]


def _view(hall, cal, today, names: dict, request: InfoRequest, public: bool) -> dict:
    out = {"request_no": request.request_no, "description": request.description, "status": request.status,
           "status_name": rules.STATUS_NAMES[request.status],
           "received_at": local_iso(request.received_at, hall.timezone), "received_on": request.received_on.isoformat(),
           "deadline": request.deadline.isoformat(), "statutory_days": rules.STATUTORY_DAYS,
           "extension_days": request.extension_days, "extension_reason": request.extension_reason,
           "light": light_now(INFO_REQUESTS, cal, today, request),
           "reply_type": request.reply_type, "reply_type_name": rules.REPLY_TYPES.get(request.reply_type),
           "basis": request.basis, "reply": request.reply,
           "replied_at": local_iso(request.replied_at, hall.timezone)}
    if public:
        return out
    approver = names.get(request.extension_approved_by)
    return out | {"applicant_name": request.applicant_name, "applicant_id": request.applicant_id_masked,
                  "contact_phone": mask_phone(request.contact_phone) if request.contact_phone else "",
                  "purpose": request.purpose, "channel": request.channel,
                  "extension_approved_by": approver["name"] if approver else None,
                  "extension_approved_at": local_iso(request.extension_approved_at, hall.timezone)}
