"""What the simulator needs to know of a real hall, read from its database."""
from __future__ import annotations

from collections import defaultdict
from datetime import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.catalog.models import Hall, Queue, Window, WindowQueue
from hall.simulation.engine import HallShape


def hall_shape(session: Session, hall: Hall) -> HallShape:
    queues = session.scalars(select(Queue).where(Queue.hall_id == hall.id)).all()
    codes = {q.id: q.code for q in queues}
    served = defaultdict(list)
    for wq in session.scalars(select(WindowQueue).join(Window).where(Window.hall_id == hall.id)
                              .order_by(WindowQueue.position)):
        served[wq.window_id].append(codes[wq.queue_id])
    windows = session.scalars(select(Window).where(Window.hall_id == hall.id).order_by(Window.number)).all()
    return HallShape(
        opens=time.fromisoformat(min(q.opens_at for q in queues)),
        closes=time.fromisoformat(max(q.closes_at for q in queues)),
        queues={q.code: (q.avg_service_seconds / 60 if q.avg_service_seconds else q.default_service_minutes)
                for q in queues},
        windows=[(w.number, tuple(served[w.id])) for w in windows])
