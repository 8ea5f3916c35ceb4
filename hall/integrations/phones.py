"""即将到号: a ticket taken with a phone number (and a notification gateway) is told when it is
``HALL_NOTIFY_AHEAD`` from the front. The number is kept beside the ticket, never shown
unmasked, and erased with the ticket's day (``hall.integrations.scheduled``)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select

from hall.appointments.models import Appointment
from sqlalchemy.orm import Session

from hall.catalog.models import Hall
from hall.events import domain
from hall.events.bus import record
from hall.integrations import rules
from hall.integrations.models import AppointmentPhone, TicketPhone
from hall.queueing import statements as sql


def check(phone) -> str | None:
    """The phone number a ticket is taken with, or None; raises ValueError when it is not a mobile number."""
    if phone in (None, ""):
        return None
    if not isinstance(phone, str) or not rules.valid_phone(phone.strip()):
        raise ValueError(phone)
    return phone.strip()


def remember(session: Session, hall_id: int, ticket_id: int, service_date: date, phone: str) -> None:
    if session.get(TicketPhone, ticket_id) is None:
        session.add(TicketPhone(ticket_id=ticket_id, hall_id=hall_id, service_date=service_date, phone=phone))


def tell_the_near(session: Session, called: domain.TicketCalled, ahead_limit: int) -> int:
    """After a call: every waiting ticket of the hall with a phone, not yet told, that now has
    ``ahead_limit`` or fewer people ahead of it is sent 即将到号. Returns how many."""
    told = 0
    rows = session.scalars(select(TicketPhone).where(TicketPhone.hall_id == called.hall_id,
                                                     TicketPhone.notified.is_(False))).all()
    for row in rows:
        ticket = sql.ticket_by_id(session, row.ticket_id)
        if ticket is None or ticket.status != "waiting":
            if ticket is None or ticket.status in ("finished", "no_show", "called", "serving"):
                row.notified = True     # its turn came (or passed): nothing to tell
            continue
        ahead, _work = sql.position(session, ticket)
        if ahead > ahead_limit:
            continue
        hall = session.get(Hall, called.hall_id)
        record(session, domain.Notification(
            hall_id=called.hall_id, to=row.phone, template="turn_near",
            params=(("number", ticket.number), ("ahead", ahead)),
            text=f"【{hall.name}】您的号码{ticket.number}前面还有{ahead}人，请回到大厅留意叫号。"))
        row.notified = True
        told += 1
    return told


def erase_before(session: Session, hall_id: int, day: date) -> int:
    """The phone numbers of tickets of days before ``day``: deleted."""
    return session.execute(delete(TicketPhone).where(TicketPhone.hall_id == hall_id,
                                                      TicketPhone.service_date < day)).rowcount or 0


def remember_appointment(session: Session, booked: domain.AppointmentBooked) -> bool:
    if not rules.valid_phone(booked.phone or ""):
        return False
    session.add(AppointmentPhone(appointment_id=booked.appointment_id, hall_id=booked.hall_id, day=booked.day,
                                 phone=booked.phone))
    return True


def remind_appointments(session: Session, hall, today: date, next_workday: date) -> int:
    """The reminder the working day before: appointments of ``next_workday`` still booked,
    not yet reminded. Returns how many."""
    if next_workday is None:
        return 0
    rows = session.execute(select(AppointmentPhone, Appointment)
                           .join(Appointment, Appointment.id == AppointmentPhone.appointment_id)
                           .where(AppointmentPhone.hall_id == hall.id, AppointmentPhone.reminded.is_(False),
                                  AppointmentPhone.day > today, AppointmentPhone.day <= next_workday)).all()
    told = 0
    for phone, appointment in rows:
        phone.reminded = True
        if appointment.status != "booked":
            continue
        item = hall.items_by_id.get(appointment.item_id)
        name = item.name if item else "预约事项"
        record(session, domain.Notification(
            hall_id=hall.id, to=phone.phone, template="appointment_reminder",
            params=(("day", appointment.day.isoformat()), ("start", appointment.start), ("end", appointment.end),
                    ("item", name), ("code", appointment.code)),
            text=f"【{hall.name}】提醒：您已预约{appointment.day.month}月{appointment.day.day}日"
                 f"{appointment.start}-{appointment.end}办理{name}，请携带身份证件按时到大厅签到（预约码{appointment.code}）。"))
        told += 1
    return told


def erase_appointments_before(session: Session, hall_id: int, day: date) -> int:
    return session.execute(delete(AppointmentPhone).where(AppointmentPhone.hall_id == hall_id,
                                                          AppointmentPhone.day < day)).rowcount or 0
