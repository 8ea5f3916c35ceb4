"""Deliver recorded domain events after the transaction commits, never after a rollback."""
from __future__ import annotations

import logging

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session, sessionmaker

from hall.events.dispatch import coalesce, emits_for

log = logging.getLogger(__name__)
PENDING = "hall_pending_events"


def record(session: Session, event) -> None:
    """Remember an event; it goes out only if this session's transaction commits."""
    session.info.setdefault(PENDING, []).append(event)


class EventBus:
    """Holds the Socket.IO server; attached to a session factory."""

    def __init__(self, socketio):
        self.socketio = socketio
        self.sent = 0

    def attach(self, factory: sessionmaker) -> None:
        sa_event.listen(factory, "after_commit", self._after_commit)
        sa_event.listen(factory, "after_rollback", self._after_rollback)

    def _after_commit(self, session: Session) -> None:
        events = session.info.pop(PENDING, None)
        if events:
            self.publish(coalesce(events))

    @staticmethod
    def _after_rollback(session: Session) -> None:
        session.info.pop(PENDING, None)

    def publish(self, events) -> None:
        for event in events:
            for name, payload, room in emits_for(event):
                try:
                    self.socketio.emit(name, payload, to=room)
                    self.sent += 1
                except Exception:  # a lost emit must never fail a committed request
                    log.exception("emit %s to %s failed", name, room)
