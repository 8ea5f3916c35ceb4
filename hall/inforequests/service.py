"""Registering, extending and answering requests for government information."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.auth.models import Staff
from hall.calendar.service import hall_calendar
from hall.clock import local_date, utcnow
from hall.errors import InvalidInput
from hall.inforequests import rules
from hall.inforequests.models import InfoRequest
from hall.intake import records
from hall.intake.identity import mask_id, valid_id_number
from hall.intake.records import RecordType
from hall.supervision.kinds import AccountabilityKind

INFO_REQUESTS = RecordType(InfoRequest, name="info_request", label="政府信息公开申请", open_statuses=rules.OPEN,
                           not_found="没有这件政府信息公开申请", citizen_not_found="申请编号或查询码不正确",
                           overdue=AccountabilityKind.INFO_REQUEST_OVERDUE)


def register(session: Session, hall, *, applicant_name: str, id_number: str | None, phone: str, description: str,
             purpose: str, channel: str, registered_by: Staff | None = None,
             now: datetime | None = None) -> InfoRequest:
    """The statutory limit runs from the day of receipt: 20 working days, that day not counted."""
    if id_number and not valid_id_number(id_number):
        raise InvalidInput("身份证号码格式不正确", code="invalid_id_number", field="id_number")
    return records.take(
        session, hall, INFO_REQUESTS, rules.number, rules.STATUTORY_DAYS, now or utcnow(),
        applicant_name=applicant_name, applicant_id_masked=mask_id(id_number) if id_number else "",
        contact_phone=phone, description=description, purpose=purpose, channel=channel,
        registered_by=registered_by.id if registered_by else None,
        owner_id=registered_by.id if registered_by else None)


def by_number(session: Session, hall, request_no: str) -> InfoRequest:
    return records.by_number(session, hall, INFO_REQUESTS, request_no)


def for_citizen(session: Session, request_no: str, query_code) -> InfoRequest:
    return records.for_citizen(session, INFO_REQUESTS, request_no, query_code)


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
    request.reply_type, request.basis = reply_type, basis
    records.answer(request, staff, text, now or utcnow())
    return request


def listing(session: Session, hall) -> list[InfoRequest]:
    return list(session.scalars(select(InfoRequest).where(InfoRequest.hall_id == hall.id)
                                .order_by(InfoRequest.id.desc()).limit(500)))
