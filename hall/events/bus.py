"""Deliver recorded domain events after the transaction commits, never after a rollback.

Served under gevent the bus is *deferred*: a commit only hands its events to a background
greenlet, so the HTTP answer never waits for an emit, Redis or a slow screen. Events that
carry what they announce (a call, a rating request) go out at once. Markers ("this queue
changed") wait until the figures were last read at least ``FIGURES_SECONDS`` ago, then the
current figures are read once for all of them: a quiet hall's screens are updated at once,
a rush's many changes cost one read per quarter second. In threading mode (tests,
``--threading``) delivery happens inside the commit.
"""
from __future__ import annotations

import logging

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session, sessionmaker

from hall.db import read_only
from hall.events.registry import DISCONNECT, LiveViews, Registry, disconnect_room

log = logging.getLogger(__name__)
PENDING = "hall_pending_events"
BUS = "hall_event_bus"
FIGURES_SECONDS = 0.25


def record(session: Session, event) -> list:
    """Remember an event; it goes out only if this session's transaction commits. The
    handlers registered for its type run now, in the transaction; returns their results."""
    bus = session.info.get(BUS)
    results = bus.registry.handle(session, event) if bus is not None and bus.registry.handlers else []
    session.info.setdefault(PENDING, []).append(event)
    return results


class EventBus:
    def __init__(self, socketio, catalogs):
        self.socketio = socketio
        self.catalogs = catalogs          # gives a hall's catalog snapshot: current(session, hall id)
        self.registry = Registry()        # the domains' routes, readers and handlers (hall.bootstrap)
        self.sessions: sessionmaker | None = None
        self.deferred = False
        self._pending: list = []
        self._marked: list = []          # markers waiting for the next reading of the figures
        self._figures_read = 0.0
        self._wake = None
        self.sent = 0

    def use(self, registry: Registry) -> None:
        self.registry = registry

    def attach(self, factory: sessionmaker) -> None:
        """Deliver what the factory's sessions commit; their ``record`` finds this bus (and
        its handlers) in ``session.info``."""
        self.sessions = factory
        factory.configure(info={**(factory.kw.get("info") or {}), BUS: self})
        sa_event.listen(factory, "after_commit", self._after_commit)
        sa_event.listen(factory, "after_rollback", self._after_rollback)

    def start_deferred(self) -> None:
        """From now on deliver in a background task (``hall serve`` under gevent)."""
        self._wake = self.socketio.server.eio.create_event()
        self.deferred = True
        self.socketio.start_background_task(self._deliver_forever)

    def _after_commit(self, session: Session) -> None:
        events = session.info.pop(PENDING, None)
        if not events:
            return
        if self.deferred:
            self._pending.extend(events)
            self._wake.set()
        else:
            self.deliver(events)

    @staticmethod
    def _after_rollback(session: Session) -> None:
        session.info.pop(PENDING, None)

    def _deliver_forever(self) -> None:
        import time

        while True:
            wait = None
            if self._marked:
                wait = max(0.0, self._figures_read + FIGURES_SECONDS - time.monotonic())
            self._wake.wait(wait)
            self._wake.clear()
            batch, self._pending = self._pending, []
            is_marker = self.registry.is_marker
            self._marked += [e for e in batch if is_marker(e)]
            now_due = [e for e in batch if not is_marker(e)]
            if self._marked and time.monotonic() - self._figures_read >= FIGURES_SECONDS:
                now_due, self._marked = now_due + self._marked, []
                self._figures_read = time.monotonic()
            try:
                self.deliver(now_due)
            except Exception:  # a lost round must not stop the next ones
                log.exception("delivering %d events failed", len(now_due))
            # let the requests run: in a rush, what they commit meanwhile shares the next round
            self.socketio.sleep(0)

    def deliver(self, events: list) -> None:
        events = self.registry.coalesce(events)
        views = self._read_views(events)
        emits = [emit for event in events for emit in self.registry.emits_for(event, views)]
        if not emits:
            return
        try:
            manager = self.socketio.server.manager
            if hasattr(manager, "emit_many"):
                manager.emit_many(emits)
            else:
                for name, payload, room in emits:
                    if name == DISCONNECT:
                        disconnect_room(self.socketio.server, room)
                    else:
                        self.socketio.emit(name, payload, to=room)
            self.sent += len(emits)
        except Exception:  # a lost emit must never fail a committed request
            log.exception("emitting %d messages failed", len(emits))

    def _read_views(self, events: list) -> LiveViews:
        """The current rows behind the markers: one read transaction, a query or two per hall."""
        views = LiveViews()
        wanted = self.registry.wanted(events)
        if not wanted:
            return views
        session = read_only(self.sessions())
        try:
            for hall_id, readers in wanted.items():
                hall = self.catalogs.current(session, hall_id)
                for reader, keys in readers.items():
                    views.update(reader.name, reader.read(session, hall, keys))
        finally:
            session.close()
        return views
