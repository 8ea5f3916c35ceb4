"""The sweep's part for the outbox: tickets' phone numbers are erased with their day."""
from __future__ import annotations

from datetime import timedelta

from hall.clock import local
from hall.integrations import phones

REMIND_FROM_HOUR = 9     # reminders go out from 09:00 local time, not in the night


def erase_ticket_phones(run) -> dict:
    """Tickets' and past appointments' phone numbers are erased with their day; the reminder
    of the working day before goes to tomorrow's (the next working day's) appointments."""
    reminded = 0
    if local(run.as_of, run.hall.timezone).hour >= REMIND_FROM_HOUR:
        reminded = phones.remind_appointments(run.session, run.hall, run.today,
                                                run.cal.next_workday(run.today + timedelta(days=1)))
    return {"ticket_phones_erased": phones.erase_before(run.session, run.hall.id, run.today),
            "appointment_phones_erased": phones.erase_appointments_before(run.session, run.hall.id, run.today),
            "appointment_reminders": reminded}
