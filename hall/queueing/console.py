"""What a window's console shows: its row, the ticket at the window, the waiting and held
lists and its recent calls. The console page reads it (``GET /windows/<n>/console``) and
the ``window:<n>`` room gets it as its ``state`` on joining."""
from __future__ import annotations

from sqlalchemy.orm import Session

from hall.catalog import service as catalog
from hall.catalog.cache import HallCatalog
from hall.queueing import schemas, service as queueing


def window_state(session: Session, hall: HallCatalog, number: int) -> dict:
    window = catalog.window_by_number(session, hall, number)
    current = None
    if window.current_ticket_id:
        current = schemas.staff_ticket_view(session, hall, queueing.ticket_by_id(session, hall, window.current_ticket_id))
    return {
        "room": f"window:{number}",
        "hall": {"name": hall.name},
        "window": catalog.window_view(session, hall, number),
        "current_ticket": current,
        "waiting": queueing.waiting_list(session, hall, window),
        "held": queueing.held_list(session, hall, window),
        "recent_calls": queueing.recent_calls(session, hall, 5, window_id=window.id),
    }
