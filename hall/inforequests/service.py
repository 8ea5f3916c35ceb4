"""Registering, extending and answering requests for government information."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.auth.models import Staff
from hall.calendar.service import hall_calendar
from hall.supervision.lights import live_light
from hall.cases.rules import hall_prefix, mask_id, mask_phone, valid_id_number
from hall.cases.service import new_query_code, next_seq, query_code_matches
from hall.catalog.service import hall_of
from hall.clock import local_date, local_iso, utcnow
from hall.errors import InvalidInput, NotFound
from hall.inforequests import rules
from hall.inforequests.models import InfoRequest


def register(session: Session, hall, *, applicant_name: str, id_number: str | None, phone: str, description: str,
             purpose: str, channel: str, registered_by: Staff | None = None,
             now: datetime | None = None) -> InfoRequest:
    """The statutory limit runs from the day of receipt: 20 working days, that day not counted."""
    if id_number and not valid_id_number(id_number):
        raise InvalidInput("身份证号码格式不正确", code="invalid_id_number", field="id_number")
    now = now or utcnow()
    day = local_date(now, hall.timezone)
    request = InfoRequest(
        hall_id=hall.id, request_no=rules.number(hall_prefix(hall.code), day,
                                                 next_seq(session, hall, day, "info_request")),
        query_code=new_query_code(), applicant_name=applicant_name,
        applicant_id_masked=mask_id(id_number) if id_number else "", contact_phone=phone,
        description=description, purpose=purpose, channel=channel, received_at=now, received_on=day,
        deadline=hall_calendar(session).add_working_days(day, rules.STATUTORY_DAYS),
        registered_by=registered_by.id if registered_by else None,
        owner_id=registered_by.id if registered_by else None)
    session.add(request)
    session.flush()
    return request


def by_number(session: Session, hall, request_no: str) -> InfoRequest:
    request = session.scalar(select(InfoRequest).where(InfoRequest.hall_id == hall.id,
                                                       InfoRequest.request_no == request_no).with_for_update())
    if request is None:
        raise NotFound("没有这件政府信息公开申请", code="info_request_not_found")
    return request


def for_citizen(session: Session, request_no: str, query_code) -> InfoRequest:
    request = session.scalar(select(InfoRequest).where(InfoRequest.request_no == request_no))
    if not query_code_matches(request, query_code):
        raise NotFound("申请编号或查询码不正确", code="info_request_not_found")
    return request


def extend(session: Session, hall, request_no: str, approver: Staff, working_days: int, reason: str,
           now: datetime | None = None) -> InfoRequest:
    """Approved by a manager (the disclosure office's head) before the limit runs out, once."""
    request = by_number(session, hall, request_no)
    now = now or utcnow()
    rules.check_extension(request.status, request.extension_days, working_days, local_date(now, hall.timezone),
                          request.deadline)
    request.extension_days, request.extension_reason = working_days, reason
    request.extension_approved_by, request.extension_approved_at = approver.id, now
    request.deadline = hall_calendar(session).add_working_days(request.received_on,
                                                               rules.STATUTORY_DAYS + working_days)
    request.status = "extended"
    return request


def reply(session: Session, hall, request_no: str, staff: Staff, reply_type: str, basis: str, text: str,
          now: datetime | None = None) -> InfoRequest:
    request = by_number(session, hall, request_no)
    rules.check_reply(request.status, reply_type, basis)
    request.reply_type, request.basis, request.reply = reply_type, basis, text
    request.replied_at, request.replied_by, request.status = now or utcnow(), staff.id, "replied"
    request.owner_id = request.owner_id or staff.id
    return request


def listing(session: Session, hall) -> list[dict]:
    rows = session.scalars(select(InfoRequest).where(InfoRequest.hall_id == hall.id)
                           .order_by(InfoRequest.id.desc()).limit(500)).all()
    cal = hall_calendar(session)
    return [view(session, row, cal=cal) for row in rows]


def view(session: Session, request: InfoRequest, *, public: bool = False, cal=None) -> dict:
    hall = hall_of(session, request.hall_id)
    today = local_date(utcnow(), hall.timezone)
    out = {"request_no": request.request_no, "description": request.description, "status": request.status,
           "status_name": rules.STATUS_NAMES[request.status],
           "received_at": local_iso(request.received_at, hall.timezone), "received_on": request.received_on.isoformat(),
           "deadline": request.deadline.isoformat(), "statutory_days": rules.STATUTORY_DAYS,
           "extension_days": request.extension_days, "extension_reason": request.extension_reason,
           "light": live_light(cal or hall_calendar(session), today, request.received_on, request.deadline,
                               request.status in rules.OPEN),
           "reply_type": request.reply_type, "reply_type_name": rules.REPLY_TYPES.get(request.reply_type),
           "basis": request.basis, "reply": request.reply,
           "replied_at": local_iso(request.replied_at, hall.timezone)}
    if public:
        return out
    approver = session.get(Staff, request.extension_approved_by) if request.extension_approved_by else None
    return out | {"applicant_name": request.applicant_name, "applicant_id": request.applicant_id_masked,
                  "contact_phone": mask_phone(request.contact_phone) if request.contact_phone else "",
                  "purpose": request.purpose, "channel": request.channel,
                  "extension_approved_by": approver.name if approver else None,
                  "extension_approved_at": local_iso(request.extension_approved_at, hall.timezone)}
