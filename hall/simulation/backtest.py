"""The wait prediction tried on simulated days (issue 9).

A simulated hall (the demo hall's queues, windows and items; each item with its own typical
service time, afternoons a little slower, service times spread log-normally) runs some days
to make a history; ``ServiceTimes`` is learned from it as the server learns it from finished
tickets. On further days, every ticket taken gets both estimates from what was known at
that moment (the line, the windows busy or free); its real wait is known once it is called.
"""
from __future__ import annotations

import hashlib
import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from hall.queueing import rules
from hall.queueing.prediction import Average, LineLoad, ServiceTimes, WindowLoad, hour_of_week, predict_wait_minutes
from hall.simulation.engine import HallShape, Simulation, generate_arrivals

TYPICAL_MINUTES = {"instant": 4.0, "committed": 11.0, "joint": 16.0, "report": 13.0}


def demo_world() -> HallShape:
    """The demo hall as a simulated world: item service times around their kind's typical
    time (×0.5 … ×1.7, fixed per item), afternoons 15 % slower."""
    from hall.demo import data

    def factor(code: str) -> float:
        return 0.5 + int(hashlib.sha256(code.encode()).hexdigest()[:4], 16) / 0xFFFF * 1.2

    items = {i["code"]: (i["queue"], round(TYPICAL_MINUTES[i["kind"]] * factor(i["code"]), 1)) for i in data.ITEMS}
    return HallShape(opens=time(8, 30), closes=time(17, 0),
                     queues={q["code"]: float(q["default_service_minutes"]) for q in data.QUEUES},
                     windows=[(w["number"], tuple(w["queues"])) for w in data.WINDOWS],
                     items=items, spread=0.7, pace={h: 1.15 for h in range(13, 18)})


def _weekday_days(start: date, count: int) -> list[date]:
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _moment(shape: HallShape, day: date, minute: float) -> datetime:
    return datetime.combine(day, shape.opens) + timedelta(minutes=minute)


def learn(shape: HallShape, days: list[date], tickets: int) -> ServiceTimes:
    """Average service times and priority arrivals from simulated days, as from history."""
    sums: dict[tuple, list[float]] = defaultdict(list)
    priority: dict[tuple[str, int], int] = defaultdict(int)
    weekdays: dict[int, int] = defaultdict(int)
    for day in days:
        arrivals = generate_arrivals(shape, day, tickets)
        sim = Simulation(shape, arrivals, shape.windows, seed=day.toordinal())
        sim.run()
        weekdays[day.weekday()] += 1
        for index, began, minutes in sim.services:
            a = arrivals[index]
            how = hour_of_week(_moment(shape, day, began))
            for key in (("iq", a.queue, a.item, how), ("i", a.queue, a.item), ("qh", a.queue, how), ("q", a.queue)):
                sums[key].append(minutes * 60)
        for a in arrivals:
            if a.green:
                priority[(a.queue, hour_of_week(_moment(shape, day, a.minute)))] += 1

    def average(values):
        return Average(statistics.fmean(values), len(values))

    times = ServiceTimes(defaults={q: m * 60 for q, m in shape.queues.items()})
    for key, values in sums.items():
        if key[0] == "iq":
            times.by_item_hour[key[1:]] = average(values)
        elif key[0] == "i":
            times.by_item[key[1:]] = average(values)
        elif key[0] == "qh":
            times.by_queue_hour[key[1:]] = average(values)
        else:
            times.by_queue[key[1]] = average(values)
            times.cv[key[1]] = statistics.pstdev(values) / statistics.fmean(values)
    for (queue, how), n in priority.items():
        times.priority_per_hour[(queue, how)] = n / max(1, weekdays[how // 24])
    return times


@dataclass(frozen=True)
class Backtest:
    tickets: int
    mean_wait: float
    plain_error: float        # mean absolute error, minutes
    predicted_error: float

    def lines(self) -> list[str]:
        def share(error):
            return f"{error:.1f} min ({error / self.mean_wait:.0%} of the mean wait)"
        return [f"{self.tickets} tickets, mean wait {self.mean_wait:.1f} min",
                f"plain estimate (ahead × average ÷ windows): mean absolute error {share(self.plain_error)}",
                f"prediction (work ahead by item and hour, window shares, priority arrivals): "
                f"mean absolute error {share(self.predicted_error)}"]


def backtest(shape: HallShape, train: int = 20, test: int = 10, tickets: int = 300,
             start: date = date(2026, 9, 1)) -> Backtest:
    days = _weekday_days(start, train + test)
    times = learn(shape, days[:train], tickets)
    errors_plain, errors_predicted, waits = [], [], []
    for day in days[train:]:
        arrivals = generate_arrivals(shape, day, tickets)
        sim = Simulation(shape, arrivals, shape.windows, seed=day.toordinal())
        guesses: dict[int, tuple[int, int]] = {}

        def observe(index, now, sim, day=day, arrivals=arrivals):
            guesses[index] = _estimates(shape, sim, arrivals, index, _moment(shape, day, now), times)
        result = sim.run(observe)
        for index, (plain, predicted) in guesses.items():
            actual = result.wait_of[index]
            waits.append(actual)
            errors_plain.append(abs(plain - actual))
            errors_predicted.append(abs(predicted - actual))
    return Backtest(len(waits), statistics.fmean(waits), statistics.fmean(errors_plain),
                    statistics.fmean(errors_predicted))


def _estimates(shape: HallShape, sim: Simulation, arrivals, index: int, moment: datetime,
               times: ServiceTimes) -> tuple[int, int]:
    """(plain, predicted) minutes for the ticket just taken, from what the hall knows now."""
    how = hour_of_week(moment)
    line = sim.line.waiting
    mine = next(t for t in line if t[2] == index)
    queue = mine[1]
    ahead = [t for t in line if t[1] == queue and t[0] < mine[0]]
    open_for_queue = sum(1 for _n, served in shape.windows if queue in served)
    queue_average = times.by_queue[queue].seconds / 60 if queue in times.by_queue else shape.queues[queue]
    plain = rules.estimate_wait_minutes(len(ahead), rules.ServiceStats(queue_average, open_for_queue))
    work: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    for t in line:
        if t[2] != index:
            work[t[1]] += times.seconds(t[1], arrivals[t[2]].item, how)
            count[t[1]] += 1
    lines = {q: LineLoad(count[q], work[q]) for q in shape.queues}
    windows = [WindowLoad(served, "busy" if slot in sim.busy else "free") for slot, (_n, served) in enumerate(shape.windows)]
    work_ahead = sum(times.seconds(queue, arrivals[t[2]].item, how) for t in ahead)
    predicted = predict_wait_minutes(queue, len(ahead), work_ahead, lines, windows, times, how)
    return plain, predicted
