"""Supervision alerts to the manager's console (and a window's or department's room)."""
from __future__ import annotations

from typing import Callable

from sqlalchemy.orm import Session

from hall.events import domain
from hall.events.bus import record


def alert(session: Session, hall, rooms: tuple[str, ...], payload: dict) -> None:
    record(session, domain.Alert(hall_id=hall.id, rooms=tuple(rooms), payload=payload))


def send_capped(session: Session, hall, alerts: list[tuple[tuple[str, ...], dict]], cap: int,
                summary: Callable[[list], dict]) -> None:
    """Every alert, or, beyond ``cap`` of them, one summary alert to the managers instead of a flood."""
    if len(alerts) > cap:
        alert(session, hall, ("manager",), summary(alerts))
        return
    for rooms, payload in alerts:
        alert(session, hall, rooms, payload)
