"""即将到号: a ticket taken with a phone number (and a notification gateway) is told when it is
``HALL_NOTIFY_AHEAD`` from the front. The number is kept beside the ticket, never shown
unmasked, and erased with the ticket's day (``hall.integrations.scheduled``)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hall.catalog.models import Hall
from hall.events import domain
from hall.events.bus import record
from hall.integrations import rules
from hall.integrations.models import TicketPhone
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
