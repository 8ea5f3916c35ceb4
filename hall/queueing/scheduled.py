"""The sweep's part for tickets: what an ID-card read put on a ticket (the applicant's name,
masked number and keyed hash) is needed only while the ticket is served, so it goes with
the ticket's day, as the phone numbers do (``hall.integrations.scheduled``). Whether the
ticket had elderly priority stays: it explains the call order in the ticket's history."""
from __future__ import annotations

from sqlalchemy import update

from hall.queueing.models import Ticket


def forget_card_reads(run) -> dict:
    erased = run.session.execute(
        update(Ticket).where(Ticket.hall_id == run.hall.id, Ticket.service_date < run.today,
                             Ticket.applicant_id_hash.is_not(None))
        .values(applicant_name="", applicant_id_masked="", applicant_id_hash=None)
        .execution_options(synchronize_session=False)).rowcount
    return {"card_reads_forgotten": erased}
