"""A discrete-event simulation of a hall day through the real calling rules.

Arrivals (replayed from a CSV or generated) take tickets; every open window, whenever it is
free, calls the ticket with the smallest ``rules.call_order_key`` among the queues it serves,
exactly as call-next does; service times are drawn per item (or queue) from a log-normal
distribution with the hall's spread. The summary gives wait percentiles per queue, and for
each queue the number of windows that keeps 90 % of its waits under the target.

The waiting line itself is a ``Line``: ``MemoryLine`` here, or the hall's own database
(``hall.simulation.replay``), which runs the same day through the service layer; the two
must agree to the second.
"""
from __future__ import annotations

import csv
import heapq
import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time

from hall.queueing import rules

# A queue may have learned a 0-second service (a window that finished at once): the
# log-normal draw needs a positive mean, so no service is shorter than this.
MIN_SERVICE_MINUTES = 0.1


@dataclass(frozen=True)
class Arrival:
    minute: float          # minutes after opening
    queue: str
    green: bool = False
    item: str | None = None


@dataclass
class HallShape:
    opens: time
    closes: time
    queues: dict[str, float]                      # queue code → mean service minutes
    windows: list[tuple[int, tuple[str, ...]]]    # (number, queues served), in number order
    items: dict[str, tuple[str, float]] = field(default_factory=dict)   # item → (queue, mean minutes)
    spread: float = 0.8                           # service times' coefficient of variation
    pace: dict[int, float] = field(default_factory=dict)   # hour of day → services take this much longer


@dataclass
class Result:
    waits: dict[str, list[float]] = field(default_factory=dict)
    wait_of: dict[int, float] = field(default_factory=dict)          # arrival index → minutes waited

    def summary(self) -> dict:
        out = {}
        for queue, waits in sorted(self.waits.items()):
            waits = sorted(waits)
            out[queue] = {"tickets": len(waits), "p50": percentile(waits, 50), "p90": percentile(waits, 90),
                          "p95": percentile(waits, 95), "max": round(waits[-1], 1) if waits else 0}
        return out


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return 0.0
    k = max(0, min(len(sorted_values) - 1, math.ceil(p / 100 * len(sorted_values)) - 1))
    return round(sorted_values[k], 1)


def generate_arrivals(shape: HallShape, day: date, total: int = 300, mix: dict[str, float] | None = None) -> list[Arrival]:
    """A realistic day: more people in the morning, a lull at noon; 5 % green channel; each
    ticket for one of its queue's items when the hall's items are known. ``mix``: the queues'
    shares of the day (default: social and business three times the others)."""
    rng = random.Random(day.toordinal())
    span = (datetime.combine(day, shape.closes) - datetime.combine(day, shape.opens)).seconds / 60
    queues = sorted(shape.queues)
    weights = [mix.get(q, 0.0) for q in queues] if mix else [3 if q in ("social", "business") else 1 for q in queues]
    items_of = {q: sorted(code for code, (queue, _m) in shape.items.items() if queue == q) for q in queues}
    arrivals = []
    for _ in range(total):
        minute = min(span - 1, max(0.0, rng.triangular(0, span, span * 0.25)))
        queue = rng.choices(queues, weights)[0]
        item = rng.choice(items_of[queue]) if items_of[queue] else None
        arrivals.append(Arrival(round(minute, 2), queue, rng.random() < 0.05, item))
    return sorted(arrivals, key=lambda a: a.minute)


def read_arrivals(path: str, opens: time) -> list[Arrival]:
    """CSV with columns time (HH:MM[:SS]), queue, and optionally green (1/0) and item."""
    arrivals = []
    with open(path, newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            at = time.fromisoformat(row["time"])
            minute = (at.hour * 60 + at.minute + at.second / 60) - (opens.hour * 60 + opens.minute)
            arrivals.append(Arrival(minute, row["queue"], row.get("green", "0") in ("1", "true", "True"),
                                    row.get("item") or None))
    return sorted(arrivals, key=lambda a: a.minute)


class MemoryLine:
    """The waiting line in memory, called in ``rules.call_order_key`` order."""

    def __init__(self):
        self.waiting: list[tuple] = []      # (call order key, queue, arrival index)

    def arrive(self, index: int, arrival: Arrival, now: float) -> None:
        self.waiting.append((rules.call_order_key(rules.priority_for(arrival.green), now, index), arrival.queue, index))

    def call(self, window: int, served: tuple[str, ...], now: float) -> int | None:
        candidates = [t for t in self.waiting if t[1] in served]
        if not candidates:
            return None
        ticket = min(candidates)
        self.waiting.remove(ticket)
        return ticket[2]

    def finish(self, window: int, now: float) -> None:
        pass


class Simulation:
    """One day: events in time order (arrivals before windows coming free at the same
    minute), free windows calling in window order."""

    def __init__(self, shape: HallShape, arrivals: list[Arrival], windows: list[tuple[int, tuple[str, ...]]],
                 seed: int = 1, line=None):
        self.shape, self.arrivals, self.windows = shape, arrivals, windows
        self.rng = random.Random(seed)
        self.line = line or MemoryLine()
        self.busy: dict[int, int] = {}           # window slot → arrival index being served
        self.services: list[tuple[int, float, float]] = []   # (arrival index, began, minutes)

    def clock(self, minute: float) -> int:
        """The hour of day at a minute after opening."""
        return (self.shape.opens.hour * 60 + self.shape.opens.minute + int(minute)) // 60

    def service_minutes(self, arrival: Arrival, now: float) -> float:
        mean = self.shape.items[arrival.item][1] if arrival.item in self.shape.items \
            else self.shape.queues.get(arrival.queue, 6.0)
        mean = max(mean * self.shape.pace.get(self.clock(now), 1.0), MIN_SERVICE_MINUTES)
        sigma = math.sqrt(math.log(1 + self.shape.spread ** 2))
        return self.rng.lognormvariate(math.log(mean) - sigma ** 2 / 2, sigma)

    def run(self, observe=None) -> Result:
        """``observe(index, now, simulation)`` is called when each ticket is taken."""
        events = [(a.minute, 0, i) for i, a in enumerate(self.arrivals)]   # (time, kind 0=arrival 1=free, ref)
        events += [(0.0, 1, w) for w in range(len(self.windows))]
        heapq.heapify(events)
        idle: set[int] = set()
        result = Result(waits={q: [] for q in self.shape.queues})
        while events:
            now, kind, ref = heapq.heappop(events)
            if kind == 0:
                self.line.arrive(ref, self.arrivals[ref], now)
                if observe:
                    observe(ref, now, self)
            else:
                if ref in self.busy:
                    self.line.finish(self.windows[ref][0], now)
                    del self.busy[ref]
                idle.add(ref)
            for w in sorted(idle):
                index = self.line.call(self.windows[w][0], self.windows[w][1], now)
                if index is None:
                    continue
                idle.discard(w)
                self.busy[w] = index
                arrival = self.arrivals[index]
                waited = now - arrival.minute
                result.waits.setdefault(arrival.queue, []).append(waited)
                result.wait_of[index] = waited
                minutes = self.service_minutes(arrival, now)
                self.services.append((index, now, minutes))
                heapq.heappush(events, (now + minutes, 1, w))
        return result


def simulate(shape: HallShape, arrivals: list[Arrival], windows: list[tuple[int, tuple[str, ...]]],
             seed: int = 1) -> Result:
    return Simulation(shape, arrivals, windows, seed).run()


def windows_needed(shape: HallShape, arrivals: list[Arrival], target_minutes: float, limit: int = 30) -> dict[str, int]:
    """Per queue: the fewest windows dedicated to it that keep 90 % of its waits under the target."""
    needed = {}
    for queue in sorted(shape.queues):
        own = [a for a in arrivals if a.queue == queue]
        for n in range(1, limit + 1):
            result = simulate(shape, own, [(i, (queue,)) for i in range(n)])
            if percentile(sorted(result.waits[queue]), 90) <= target_minutes:
                needed[queue] = n
                break
        else:
            needed[queue] = limit
    return needed
