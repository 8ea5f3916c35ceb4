"""Helpers on duty, calls for a helper (呼叫帮办), and acting under a 授权委托书."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hall.assist import attorney_cases, rules, schemas
from hall.assist.models import AssistRequest, AttorneyTicket, HelperDuty, PowerOfAttorney
from hall.auth.models import Staff
from hall.catalog.cache import HallCatalog
from hall.clock import local_date, local_iso, utcnow
from hall.devices.models import Device
from hall.errors import Conflict, Forbidden, InvalidInput, NotFound
from hall.events import domain
from hall.events.bus import record
from hall.intake.identity import id_hash, mask_id, valid_id_number
from hall.queueing import service as queueing
from hall.ratings.monthly import month_bounds

OPEN = ("waiting", "accepted")


def _helper_only(staff: Staff) -> None:
    if staff.role != "helper":
        raise Forbidden("只有帮办员可以进行此操作", code="wrong_role")


# ---------------------------------------------------------------- duty

def open_duty(session: Session, staff: Staff) -> HelperDuty | None:
    return session.scalar(select(HelperDuty).where(HelperDuty.staff_id == staff.id, HelperDuty.ended_at.is_(None)))


def duty_json(session: Session, hall: HallCatalog, staff: Staff) -> dict:
    spell = open_duty(session, staff)
    return {"on_duty": spell is not None, "since": local_iso(spell.started_at, hall.timezone) if spell else None,
            "helper": schemas.helper_card(staff)}


def sign_on(session: Session, hall: HallCatalog, staff: Staff, now: datetime | None = None) -> dict:
    """A helper comes on duty (again: the spell already open stands)."""
    _helper_only(staff)
    if open_duty(session, staff) is None:
        session.add(HelperDuty(hall_id=hall.id, staff_id=staff.id, started_at=now or utcnow()))
        session.flush()
    return duty_json(session, hall, staff)


def sign_off(session: Session, hall: HallCatalog, staff: Staff, now: datetime | None = None) -> dict:
    _helper_only(staff)
    spell = open_duty(session, staff)
    if spell is not None:
        spell.ended_at = now or utcnow()
        session.flush()
    return duty_json(session, hall, staff)


def helpers_on_duty(session: Session, hall: HallCatalog) -> list[dict]:
    rows = session.execute(select(Staff, HelperDuty.started_at).join(HelperDuty, HelperDuty.staff_id == Staff.id)
                           .where(HelperDuty.hall_id == hall.id, HelperDuty.ended_at.is_(None))
                           .order_by(HelperDuty.started_at)).all()
    return [{**schemas.helper_card(staff), "since": local_iso(since, hall.timezone)} for staff, since in rows]


# ---------------------------------------------------------------- requests

def _names(session: Session, rows: list[AssistRequest]) -> tuple[dict, dict]:
    staff_ids = {i for r in rows for i in (r.helper_id, r.requested_by) if i}
    device_ids = {r.device_id for r in rows if r.device_id}
    staff = {s.id: s for s in session.scalars(select(Staff).where(Staff.id.in_(staff_ids)))} if staff_ids else {}
    devices = {d.id: d for d in session.scalars(select(Device).where(Device.id.in_(device_ids)))} if device_ids else {}
    return staff, devices


def _json(session: Session, hall: HallCatalog, rows: list[AssistRequest]) -> list[dict]:
    staff, devices = _names(session, rows)
    return [schemas.request_json(hall, r, kiosk=devices.get(r.device_id), helper=staff.get(r.helper_id),
                                 requested_by=staff.get(r.requested_by)) for r in rows]


def request_json(session: Session, hall: HallCatalog, row: AssistRequest) -> dict:
    return _json(session, hall, [row])[0]


def request_help(session: Session, hall: HallCatalog, reason: str | None, *, device: Device | None = None,
                 staff: Staff | None = None, now: datetime | None = None) -> AssistRequest:
    """A kiosk (its device) or a staff member calls for a helper: the helpers on duty hear it."""
    if device is None and staff is None:
        raise Forbidden("请在已登记的取号机上或由工作人员呼叫帮办", code="device_not_registered")
    row = AssistRequest(hall_id=hall.id, device_id=device.id if device else None,
                        requested_by=staff.id if staff and not device else None, reason=rules.clean_reason(reason),
                        status="waiting", requested_at=now or utcnow())
    session.add(row)
    session.flush()
    record(session, domain.AssistRequested(hall.id, schemas.requested_event(hall, row, device)))
    return row


def _request(session: Session, hall: HallCatalog, request_id: int) -> AssistRequest:
    row = session.get(AssistRequest, request_id, populate_existing=True)
    if row is None or row.hall_id != hall.id:
        raise NotFound("没有此帮办求助", code="assist_request_not_found")
    return row


def accept(session: Session, hall: HallCatalog, request_id: int, helper: Staff,
           now: datetime | None = None) -> AssistRequest:
    """One helper on duty takes a waiting request. The claim is one conditional UPDATE
    (``… WHERE status = 'waiting'``): of two helpers pressing at once, one touches the row and
    the other touches none and is told it is taken."""
    _helper_only(helper)
    if open_duty(session, helper) is None:
        raise Conflict("请先上岗（签到值班）再接单", code="not_on_duty")
    now = now or utcnow()
    claimed = session.execute(
        update(AssistRequest)
        .where(AssistRequest.id == request_id, AssistRequest.hall_id == hall.id, AssistRequest.status == "waiting")
        .values(status="accepted", helper_id=helper.id, accepted_at=now)
        .execution_options(synchronize_session=False)).rowcount
    row = _request(session, hall, request_id)
    if claimed != 1:
        taken_by = session.get(Staff, row.helper_id) if row.helper_id else None
        raise Conflict("此求助已由其他帮办员接单", code="already_accepted", helper=schemas.helper_card(taken_by))
    card = schemas.helper_card(helper)
    record(session, domain.AssistChanged(hall.id, "assist_accepted", row.device_id, {"id": row.id, "helper": card}))
    return row


def arrived(session: Session, hall: HallCatalog, request_id: int, helper: Staff,
            now: datetime | None = None) -> AssistRequest:
    _helper_only(helper)
    row = _request(session, hall, request_id)
    rules.check_arrival(row.status, row.helper_id, helper.id)
    row.status, row.arrived_at = "arrived", now or utcnow()
    session.flush()
    record(session, domain.AssistChanged(hall.id, "assist_arrived", row.device_id,
                                         {"id": row.id, "helper": schemas.helper_card(helper)}))
    return row


def listing(session: Session, hall: HallCatalog, status: str | None = None, limit: int = 200) -> list[dict]:
    query = select(AssistRequest).where(AssistRequest.hall_id == hall.id)
    if status == "open":
        query = query.where(AssistRequest.status.in_(OPEN))
    elif status:
        if status not in rules.STATUS_NAMES:
            raise InvalidInput("状态应为 waiting、accepted、arrived 或 open", code="invalid_status")
        query = query.where(AssistRequest.status == status)
    rows = list(session.scalars(query.order_by(AssistRequest.requested_at.desc()).limit(limit)))
    return _json(session, hall, rows)


def kiosk_open_request(session: Session, hall: HallCatalog, device: Device) -> dict | None:
    """The kiosk's latest request still open (waiting, or a helper on the way), for its screen
    after a reconnect."""
    row = session.scalar(select(AssistRequest).where(AssistRequest.hall_id == hall.id,
                                                     AssistRequest.device_id == device.id,
                                                     AssistRequest.status.in_(OPEN))
                         .order_by(AssistRequest.requested_at.desc()).limit(1))
    return request_json(session, hall, row) if row else None


def helpers_state(session: Session, hall: HallCatalog) -> dict:
    return {"room": "helpers", "hall": {"name": hall.name, "code": hall.code},
            "requests": listing(session, hall, "open"), "on_duty": helpers_on_duty(session, hall)}


def month_report(session: Session, hall: HallCatalog, month: str) -> dict:
    _first, _last, start, end = month_bounds(month, hall.timezone)
    rows = session.execute(select(AssistRequest, Staff.staff_no, Staff.name)
                           .outerjoin(Staff, Staff.id == AssistRequest.helper_id)
                           .where(AssistRequest.hall_id == hall.id, AssistRequest.requested_at >= start,
                                  AssistRequest.requested_at < end)).all()
    names = {staff_no: name for _r, staff_no, name in rows if staff_no}
    figures = rules.report([rules.RequestTimes(staff_no, r.requested_at, r.accepted_at, r.arrived_at)
                            for r, staff_no, _name in rows])
    for row in figures["helpers"]:
        row["name"] = names[row["staff_no"]]
    return {"month": month, **figures}


# ---------------------------------------------------------------- 授权委托书

def add_attorney(session: Session, hall: HallCatalog, helper: Staff, *, name: str, id_number: str,
                 items: list[str], valid_until: date, note: str, secret: str,
                 now: datetime | None = None) -> PowerOfAttorney:
    """Record a citizen's power of attorney for a helper: the ID number is checked, kept masked
    and as a keyed hash (as every citizen record), never in full."""
    _helper_only(helper)
    now = now or utcnow()
    number = (id_number or "").strip().upper()
    if not valid_id_number(number):
        raise InvalidInput("委托人身份证号码有误", code="invalid_id_number", field="id_number")
    codes = rules.check_attorney_terms(items, hall.items, valid_until, local_date(now, hall.timezone))
    row = PowerOfAttorney(hall_id=hall.id, helper_id=helper.id, principal_name=name,
                          principal_id_masked=mask_id(number), principal_id_hash=id_hash(secret, number),
                          items=codes, valid_until=valid_until, note=note, created_at=now)
    session.add(row)
    session.flush()
    return row


def attorney(session: Session, hall: HallCatalog, attorney_id: int) -> PowerOfAttorney:
    row = session.get(PowerOfAttorney, attorney_id)
    if row is None or row.hall_id != hall.id:
        raise NotFound("没有此授权委托书", code="attorney_not_found")
    return row


def attorneys(session: Session, hall: HallCatalog, staff: Staff) -> list[dict]:
    query = select(PowerOfAttorney).where(PowerOfAttorney.hall_id == hall.id)
    if staff.role == "helper":
        query = query.where(PowerOfAttorney.helper_id == staff.id)
    rows = list(session.scalars(query.order_by(PowerOfAttorney.created_at.desc()).limit(500)))
    helpers = {s.id: s for s in session.scalars(select(Staff).where(Staff.id.in_({r.helper_id for r in rows})))} \
        if rows else {}
    cases = attorney_cases.case_numbers(session, [r.id for r in rows])
    return [schemas.attorney_json(hall, r, helpers.get(r.helper_id)) | {"cases": cases.get(r.id, [])} for r in rows]


def take_ticket(session: Session, hall: HallCatalog, helper: Staff, attorney_id: int, item_code: str,
                now: datetime | None = None):
    """The helper takes a ticket for the citizen, for an item the power of attorney names and
    while it runs; the ticket is recorded against it. Returns (ticket row, position, attorney)."""
    _helper_only(helper)
    row = attorney(session, hall, attorney_id)
    if row.helper_id != helper.id:
        raise Forbidden("此授权委托书委托的是其他帮办员", code="not_your_attorney")
    now = now or utcnow()
    rules.check_attorney_use(row.items, row.valid_until, item_code, local_date(now, hall.timezone))
    ticket, _created, position = queueing.issue_ticket(session, hall, item_code=item_code)
    session.add(AttorneyTicket(attorney_id=row.id, ticket_id=ticket.id, item_code=item_code, created_at=now))
    session.flush()
    return ticket, position, row
