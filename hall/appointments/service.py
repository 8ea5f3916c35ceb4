"""Booking, cancelling and checking in appointments; a checked-in appointment's ticket is
served at its slot ahead of walk-ins (priority ``PRIORITY_APPOINTMENT``)."""
from __future__ import annotations

import secrets
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hall.appointments import rules
from hall.appointments.models import Appointment, SlotCounter
from hall.calendar.service import hall_calendar
from hall.catalog import service as catalog
from hall.catalog.cache import HallCatalog
from hall.catalog.models import Item
from hall.clock import local_date, utcnow
from hall.db import is_postgres
from hall.errors import Conflict, Forbidden, InvalidInput, NotFound
from hall.intake.applicant import Applicant
from hall.intake.documents import normalise
from hall.events import domain
from hall.events.bus import record
from hall.intake.identity import id_hash, mask_phone, phone_hash


def bookable_dates(session: Session, hall: HallCatalog, now: datetime | None = None) -> list[str]:
    """The working days that can be booked now: the 1st to the 5th after today."""
    cal = hall_calendar(session)
    today = local_date(now or utcnow(), hall.timezone)
    return [cal.add_working_days(today, n).isoformat()
            for n in range(rules.MIN_DAYS_AHEAD, rules.MAX_DAYS_AHEAD + 1)]


def slots(session: Session, hall: HallCatalog, item_code: str, day: date) -> list[dict]:
    item = catalog.item_by_code(session, hall, item_code)
    booked = dict(session.execute(select(SlotCounter.start, SlotCounter.booked)
                                  .where(SlotCounter.item_id == item.id, SlotCounter.day == day)).all())
    return [{"start": start, "end": end, "capacity": rules.CAPACITY, "booked": booked.get(start, 0)}
            for start, end in rules.SLOTS]


def _take_place(session: Session, item: Item, day: date, start: str) -> bool:
    """One more booking in the slot if there is room: upsert, then a conditional bump."""
    dialect = postgresql if is_postgres(session) else sqlite
    session.execute(dialect.insert(SlotCounter).values(item_id=item.id, day=day, start=start, booked=0)
                    .on_conflict_do_nothing())
    result = session.execute(update(SlotCounter)
                             .where(SlotCounter.item_id == item.id, SlotCounter.day == day, SlotCounter.start == start,
                                    SlotCounter.booked < rules.CAPACITY)
                             .values(booked=SlotCounter.booked + 1))
    return result.rowcount == 1


def book(session: Session, hall: HallCatalog, *, item_code: str, day: date, start: str, applicant: Applicant, secret: str,
         now: datetime | None = None) -> Appointment:
    now = now or utcnow()
    item = catalog.item_by_code(session, hall, item_code)
    end = rules.slot_end(start)
    if end is None:
        raise InvalidInput("预约时段不存在", code="invalid_slot")
    cal = hall_calendar(session)
    today = local_date(now, hall.timezone)
    if not rules.within_booking_window(today, day, cal):
        raise InvalidInput("只能预约1至5个工作日之后的工作日", code="outside_booking_window")
    person = applicant.hash(secret)
    no_shows = list(session.scalars(select(Appointment.day).where(Appointment.hall_id == hall.id,
                                                                  Appointment.id_hash == person,
                                                                  Appointment.status == "no_show")))
    if rules.suspended(no_shows, today):
        raise Forbidden("多次预约未到，暂停预约30天", code="booking_suspended")
    phone = phone_hash(secret, applicant.phone)
    for column, value in ((Appointment.id_hash, person), (Appointment.phone_hash, phone)):
        if value and rules.too_many_open(session.scalar(select(func.count()).select_from(Appointment).where(
                Appointment.hall_id == hall.id, column == value, Appointment.status == "booked"))):
            raise Conflict(f"同一证件号码或手机号最多同时保留{rules.MAX_OPEN_BOOKINGS}个未办理的预约，请先取消或办理已有预约",
                           code="too_many_bookings")
    key = f"{person}:{day.isoformat()}"
    if session.scalar(select(Appointment.id).where(Appointment.active_key == key)):
        raise Conflict("同一人同一天只能预约一次", code="already_booked")
    if not _take_place(session, item, day, start):
        raise Conflict("该时段已约满，请选择其他时段", code="slot_full")
    appointment = Appointment(hall_id=hall.id, code=f"Y{secrets.randbelow(10**8):08d}", item_id=item.id, day=day,
                              start=start, end=end, applicant_name=applicant.name, id_hash=person,
                              id_masked=applicant.masked, phone_masked=mask_phone(applicant.phone),
                              applicant_kind=applicant.kind.value,
                              active_key=key, created_at=now, phone_hash=phone)
    session.add(appointment)
    session.flush()   # the unique active_key stops a concurrent second booking of the same person
    record(session, domain.AppointmentBooked(hall_id=hall.id, appointment_id=appointment.id, day=day,
                                             phone=applicant.phone))
    return appointment


def by_code(session: Session, hall: HallCatalog, code: str) -> Appointment:
    appointment = session.scalar(select(Appointment).where(Appointment.hall_id == hall.id, Appointment.code == code))
    if appointment is None:
        raise NotFound("预约码无效", code="appointment_not_found")
    return appointment


def cancel(session: Session, hall: HallCatalog, code: str, id_number: str, secret: str, now: datetime | None = None) -> Appointment:
    now = now or utcnow()
    appointment = by_code(session, hall, code)
    if appointment.id_hash != id_hash(secret, normalise(id_number or "")):   # any document's number
        raise NotFound("预约码无效", code="appointment_not_found")
    if appointment.status != "booked":
        raise Conflict("该预约不能取消", code="not_cancellable")
    if not rules.may_cancel(now, appointment.day, appointment.start, ZoneInfo(hall.timezone)):
        raise Conflict("预约开始前2小时内不能取消", code="too_late_to_cancel")
    appointment.status, appointment.active_key = "cancelled", None
    session.execute(update(SlotCounter).where(SlotCounter.item_id == appointment.item_id, SlotCounter.day == appointment.day,
                                              SlotCounter.start == appointment.start)
                    .values(booked=SlotCounter.booked - 1))
    return appointment


def check_in(session: Session, hall: HallCatalog, code: str, now: datetime) -> Appointment:
    """The kiosk's appointment code: valid today, inside the slot's allowance, once."""
    appointment = by_code(session, hall, code)
    if appointment.status == "checked_in":
        return appointment
    if appointment.status != "booked":
        raise Conflict("该预约已取消或已过期", code="appointment_not_active")
    if not rules.may_check_in(now, appointment.day, appointment.start, appointment.end, ZoneInfo(hall.timezone)):
        raise Conflict(f"请在预约时段（{appointment.day} {appointment.start}—{appointment.end}）前30分钟内签到取号",
                       code="appointment_not_in_slot")
    appointment.status = "checked_in"
    return appointment


def mark_no_shows(session: Session, hall: HallCatalog, now: datetime) -> int:
    zone = ZoneInfo(hall.timezone)
    count = 0
    for appointment in session.scalars(select(Appointment).where(Appointment.hall_id == hall.id,
                                                                 Appointment.status == "booked",
                                                                 Appointment.day <= local_date(now, hall.timezone))):
        if now > rules.at(appointment.day, appointment.end, zone) + rules.LATE:
            appointment.status, appointment.active_key = "no_show", None
            count += 1
    return count



def today_for_person(session: Session, hall: HallCatalog, number: str, secret: str,
                     now: datetime | None = None) -> Appointment | None:
    """The citizen's appointment at this hall today (booked, or checked in already), found by
    the keyed hash of their document number: what a kiosk offers when it reads their card."""
    today = local_date(now or utcnow(), hall.timezone)
    return session.scalar(select(Appointment).where(
        Appointment.hall_id == hall.id, Appointment.id_hash == id_hash(secret, normalise(number or "")),
        Appointment.day == today, Appointment.status.in_(("booked", "checked_in"))).order_by(Appointment.start))
