"""The hall's service times, learned from its finished tickets, for ``hall.queueing.prediction``.

Eight weeks of services are summed in the database by queue, item and hour of the week
(one small aggregate query), kept per process and learned again every ten minutes (a
background job in the server; on first use elsewhere). A hall without history falls back on
each queue's configured time and its running average of today.
"""
from __future__ import annotations

import math
import time
from collections import defaultdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hall.catalog.cache import HallCatalog
from hall.catalog.models import Queue
from hall.catalog.service import all_halls
from hall.db import read_only, session_scope
from hall.clock import utcnow
from hall.queueing.models import Ticket
from hall.queueing.prediction import Average, ServiceTimes
from hall.queueing.rules import PRIORITY_NORMAL
from hall.db.functions import hour_of_week

WEEKS = 8
REFRESH_SECONDS = 600
LEARNED = "hall_service_times"        # session.info: {hall id: (when, ServiceTimes)} of the process
ESTIMATE_WINDOW = "hall_estimate_window"   # session.info: services the running average spans


def learn(session: Session, hall: HallCatalog, as_of: datetime) -> ServiceTimes:
    since = as_of - timedelta(weeks=WEEKS)
    offset = int(ZoneInfo(hall.timezone).utcoffset(as_of.replace(tzinfo=None)).total_seconds() // 3600)
    began = func.coalesce(Ticket.started_at, Ticket.called_at)
    how = hour_of_week(began, offset)
    served = session.execute(
        select(Ticket.queue_id, Ticket.item_id, how, func.count(), func.sum(Ticket.service_seconds),
               func.sum(Ticket.service_seconds * Ticket.service_seconds))
        .where(Ticket.hall_id == hall.id, Ticket.finished_at >= since, Ticket.service_seconds.is_not(None))
        .group_by(Ticket.queue_id, Ticket.item_id, how)).all()
    arrived = hour_of_week(Ticket.issued_at, offset)
    priority = session.execute(
        select(Ticket.issued_queue_id, arrived, func.count())
        .where(Ticket.hall_id == hall.id, Ticket.issued_at >= since, Ticket.priority < PRIORITY_NORMAL)
        .group_by(Ticket.issued_queue_id, arrived)).all()
    running = dict(session.execute(select(Queue.id, Queue.avg_service_seconds)
                                   .where(Queue.hall_id == hall.id, Queue.avg_service_seconds.is_not(None))).all())
    return build(hall, served, priority, running)


def build(hall: HallCatalog, served, priority, running: dict[int, float]) -> ServiceTimes:
    """``served``: (queue id, item id, hour of week, services, Σ seconds, Σ seconds²) rows."""
    sums: dict[tuple, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    for queue_id, item_id, how, n, total, squares in served:
        queue = hall.queues_by_id[queue_id].code
        item = hall.items_by_id[item_id].code if item_id in hall.items_by_id else None
        keys = [("qh", queue, how), ("q", queue)] + ([("ih", queue, item, how), ("i", queue, item)] if item else [])
        for key in keys:
            acc = sums[key]
            acc[0] += n
            acc[1] += float(total or 0)
            acc[2] += float(squares or 0)
    times = ServiceTimes(defaults={q.code: q.default_service_minutes * 60 for q in hall.queues.values()})
    tables = {"ih": times.by_item_hour, "i": times.by_item, "qh": times.by_queue_hour, "q": times.by_queue}
    for key, (n, total, squares) in sums.items():
        tables[key[0]][key[1:] if len(key) > 2 else key[1]] = Average(total / n, n)
        if key[0] == "q" and n > 1:
            mean = total / n
            times.cv[key[1]] = math.sqrt(max(0.0, squares / n - mean * mean)) / mean if mean > 0 else 1.0
    for queue_id, seconds in running.items():          # no history yet: today's running average
        code = hall.queues_by_id[queue_id].code
        times.by_queue.setdefault(code, Average(seconds, 1))
    for queue_id, how, n in priority:
        times.priority_per_hour[(hall.queues_by_id[queue_id].code, how)] = n / WEEKS
    return times


def serve_learned_times(session_factory, *, estimate_window: int) -> None:
    """Give every session of ``session_factory`` the process's store of learned service
    times (one per process, refreshed by the background job) and the number of finished
    services the running average spans (``HALL_ESTIMATE_WINDOW``)."""
    info = session_factory.kw.setdefault("info", {})
    info[LEARNED] = {}
    info[ESTIMATE_WINDOW] = estimate_window


def service_times(session: Session, hall: HallCatalog) -> ServiceTimes:
    """What this process learned of the hall's service times, learned afresh when stale (a
    session without the process's store, ``serve_learned_times``, learns every time)."""
    known = session.info.get(LEARNED)
    if known is None:
        return learn(session, hall, utcnow())
    learned = known.get(hall.id)
    if learned is None or time.monotonic() - learned[0] > REFRESH_SECONDS:
        learned = known[hall.id] = (time.monotonic(), learn(session, hall, utcnow()))
    return learned[1]


def refresh(app) -> None:
    """The background job: learn every hall's service times again."""

    session = read_only(session_scope(app))
    try:
        known = session.info.get(LEARNED)
        if known is None:
            return
        for hall in all_halls(session):
            known[hall.id] = (time.monotonic(), learn(session, hall, utcnow()))
    finally:
        session.close()
