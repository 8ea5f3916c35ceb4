"""The sweep's part for the outbox: tickets' phone numbers are erased with their day."""
from __future__ import annotations

from hall.integrations import phones


def erase_ticket_phones(run) -> dict:
    return {"ticket_phones_erased": phones.erase_before(run.session, run.hall.id, run.today)}
