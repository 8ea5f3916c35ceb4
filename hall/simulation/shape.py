"""What the simulator needs to know of a real hall, read from its database."""
from __future__ import annotations

from datetime import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.catalog.cache import HallCatalog
from hall.catalog.models import Queue
from hall.queueing.prediction import ServiceTimes
from hall.simulation.engine import HallShape


def hall_shape(session: Session, hall: HallCatalog, times: ServiceTimes | None = None) -> HallShape:
    """The hall's opening hours, queues and windows; service times from what the hall has
    learned (``times``), else each queue's running average or configured time."""
    queues = session.execute(select(Queue.code, Queue.opens_at, Queue.closes_at, Queue.avg_service_seconds,
                                    Queue.default_service_minutes).where(Queue.hall_id == hall.id)).all()
    if times is not None:
        minutes = {q.code: times.seconds(q.code, None, None) / 60 for q in queues}
        items = {i.code: (hall.queues_by_id[i.queue_id].code,
                          times.seconds(hall.queues_by_id[i.queue_id].code, i.code, None) / 60)
                 for i in hall.items.values()}
        spread = sum(times.variation(q.code) for q in queues) / len(queues) if times.cv else 0.8
    else:
        minutes = {q.code: q.avg_service_seconds / 60 if q.avg_service_seconds else q.default_service_minutes
                   for q in queues}
        items, spread = {}, 0.8
    return HallShape(opens=time.fromisoformat(min(q.opens_at for q in queues)),
                     closes=time.fromisoformat(max(q.closes_at for q in queues)),
                     queues=minutes, items=items, spread=spread,
                     windows=[(w.number, w.queue_codes) for w in hall.windows.values()])
