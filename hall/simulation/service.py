"""Planning a day's staffing with the simulator: the day the hall expects, run through the
real calling rules with the windows it has (or fewer), and the windows each queue needs."""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hall.catalog.cache import HallCatalog
from hall.errors import InvalidInput
from hall.queueing.models import Ticket
from hall.queueing.service_times import service_times
from hall.simulation import engine
from hall.simulation.shape import hall_shape

WEEKS_BACK = 4
DEFAULT_TICKETS = 300


def expected_day(session: Session, hall: HallCatalog, day: date) -> tuple[int, dict[str, float] | None]:
    """Tickets expected on ``day`` and their queues' shares: the same weekday's average over
    the last four weeks; with no history, 300 tickets and the simulator's usual mix."""
    same_days = [day - timedelta(weeks=n) for n in range(1, WEEKS_BACK + 1)]
    counts: Counter = Counter()
    for queue_id, n in session.execute(
            select(Ticket.issued_queue_id, func.count())
            .where(Ticket.hall_id == hall.id, Ticket.service_date.in_(same_days)).group_by(Ticket.issued_queue_id)):
        counts[hall.queues_by_id[queue_id].code] += n
    total = sum(counts.values())
    if total == 0:
        return DEFAULT_TICKETS, None
    return round(total / WEEKS_BACK), {q: n / total for q, n in counts.items()}


def plan(session: Session, hall: HallCatalog, day: date, *, arrivals: list[engine.Arrival] | None = None,
         tickets: int | None = None, windows_open: int | None = None, target_minutes: float = 30.0) -> dict:
    """The simulated day's waits per queue and the windows needed to keep 90 % under the target."""
    shape = hall_shape(session, hall, service_times(session, hall))
    if windows_open is not None and not 1 <= windows_open <= len(shape.windows):
        raise InvalidInput(f"开放窗口数须在1到{len(shape.windows)}之间", code="invalid_windows_open")
    if not 1 <= target_minutes <= 240:
        raise InvalidInput("目标等候时间须在1到240分钟之间", code="invalid_target")
    if arrivals is None:
        expected, mix = expected_day(session, hall, day)
        tickets = expected if tickets is None else tickets
        if not 1 <= tickets <= 20000:
            raise InvalidInput("模拟取号量须在1到20000之间", code="invalid_tickets")
        arrivals = engine.generate_arrivals(shape, day, tickets, mix)
    unknown = sorted({a.queue for a in arrivals} - set(shape.queues))
    if unknown:
        raise InvalidInput(f"到号数据中有未知队列：{', '.join(unknown)}", code="unknown_queue", queues=unknown)
    windows = shape.windows[:windows_open] if windows_open else shape.windows
    result = engine.simulate(shape, arrivals, windows)
    return {"date": day.isoformat(), "tickets": len(arrivals), "windows_open": len(windows),
            "target_minutes": target_minutes, "queues": result.summary(),
            "windows_needed": engine.windows_needed(shape, arrivals, target_minutes)}
