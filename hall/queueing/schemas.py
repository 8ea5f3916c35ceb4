"""Tickets as the API and the screens show them."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.catalog.cache import HallCatalog
from hall.clock import local_iso, utcnow
from hall.queueing import rules
from hall.queueing.service import queue_position
from hall.ratings.models import RatingRequest


def ticket_view(session: Session, hall: HallCatalog, ticket, base_url: str = "", *,
                rating_token: str | None = None, position: tuple | None = None) -> dict:
    """A ticket as the kiosk, the console and the citizen's phone see it; ``position`` is
    (people ahead, predicted minutes) where the caller knows it already."""
    queue = hall.queues_by_id[ticket.queue_id]
    ahead, estimate = 0, 0
    if ticket.status == "waiting":
        ahead, estimate = position or queue_position(session, hall, ticket)
    window = hall.windows_by_id.get(ticket.window_id) if ticket.window_id else None
    item = hall.items_by_id.get(ticket.item_id) if ticket.item_id else None
    at_window = window is not None and ticket.status in ("called", "serving", "held")
    if ticket.status == "finished" and rating_token is None:
        rating_token = _open_rating_token(session, ticket)
    return {
        "id": ticket.id, "number": ticket.number, "queue": queue.code, "queue_name": queue.name,
        "item": item.code if item else None, "item_name": item.name if item else None,
        "status": ticket.status, "status_name": rules.STATUS_NAMES.get(ticket.status, ticket.status),
        "green_channel": ticket.green_channel, "urgent": ticket.urgent, "elderly": ticket.elderly,
        "waiting_ahead": ahead, "estimated_wait_minutes": estimate,
        "issued_at": local_iso(ticket.issued_at, hall.timezone),
        "called_at": local_iso(ticket.called_at, hall.timezone),
        "window": window.number if at_window else None,
        "call_text": rules.call_text(ticket.number, window.number) if at_window and ticket.status == "called"
        else None,
        "track_url": f"{base_url}/t/{ticket.token}",
        "token": ticket.token, "hall_name": hall.name,
        "rating_token": rating_token if ticket.status == "finished" else None,
    }


CITIZENS_ONLY = ("token", "track_url", "rating_token")


def staff_ticket_view(session: Session, hall: HallCatalog, ticket) -> dict:
    """A ticket as window staff see it: without what only the citizen holds (the ticket's
    own token and link, its rating token), so that nobody at the counter can rate the
    service they gave or open the citizen's ticket page."""
    view = ticket_view(session, hall, ticket)
    applicant = ({"name": ticket.applicant_name, "id_number": ticket.applicant_id_masked}
                 if ticket.applicant_id_masked else None)
    return {k: (None if k in CITIZENS_ONLY else v) for k, v in view.items()} | {"applicant": applicant}


def _open_rating_token(session: Session, ticket) -> str | None:
    """The citizen may rate from the ticket's own page (QR code) until the period ends."""
    req = session.execute(select(RatingRequest.token, RatingRequest.level, RatingRequest.expires_at)
                          .where(RatingRequest.ticket_id == ticket.id)).first()
    if req is None or req.level is not None or req.expires_at < utcnow():
        return None
    return req.token
