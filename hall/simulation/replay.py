"""The simulated day run through the hall's own database and service layer.

``DatabaseLine`` is a ``Line`` for ``engine.Simulation``: each arrival takes a real ticket
(``issue_ticket`` at its moment), each free window presses 下一位 (``call_next``), starts
and later finishes the service. Given the same day and seed, the simulator in memory and
the database must call the same tickets at the same moments: the check that the simulator
follows the real calling rules.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.auth.models import Staff
from hall.queueing import service as queueing
from hall.simulation.engine import Arrival, HallShape


class DatabaseLine:
    def __init__(self, session: Session, hall, shape: HallShape, day: date):
        self.session, self.hall = session, hall
        self.opening = datetime.combine(day, shape.opens, ZoneInfo(hall.timezone)).astimezone(timezone.utc)
        self.index_of: dict[int, int] = {}          # ticket id → arrival index
        self.serving: dict[int, int] = {}           # window number → ticket id
        self.staff = {s.home_window: s for s in session.scalars(select(Staff).where(
            Staff.hall_id == hall.id, Staff.home_window.is_not(None)))}
        for number, _queues in shape.windows:
            queueing.sign_in(session, hall, number, self.staff[number], now=self.opening)
        session.commit()

    def moment(self, minute: float) -> datetime:
        return self.opening + timedelta(minutes=minute)

    def arrive(self, index: int, arrival: Arrival, now: float) -> None:
        ticket, _created, _position = queueing.issue_ticket(
            self.session, self.hall, queue_code=arrival.queue, green_channel=arrival.green, now=self.moment(now))
        self.session.commit()
        self.index_of[ticket.id] = index

    def call(self, window: int, served: tuple[str, ...], now: float) -> int | None:
        staff = self.staff[window]
        _closed, _token, called = queueing.call_next(self.session, self.hall, window, staff, now=self.moment(now))
        if called is not None:
            queueing.start(self.session, self.hall, called.id, staff, now=self.moment(now))
            self.serving[window] = called.id
        self.session.commit()
        return self.index_of[called.id] if called is not None else None

    def finish(self, window: int, now: float) -> None:
        queueing.finish(self.session, self.hall, self.serving.pop(window), self.staff[window], now=self.moment(now))
        self.session.commit()
