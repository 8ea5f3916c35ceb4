"""A discrete-event simulation of a hall day through the real calling rules.

Arrivals (replayed from a CSV or generated) take tickets; every open window, whenever it is
free, calls the ticket with the smallest ``rules.call_order_key`` among the queues it serves,
exactly as call-next does; service times are drawn per queue. The summary gives wait
percentiles per queue, and for each queue the number of windows that keeps 90 % of its
waits under the target.
"""
from __future__ import annotations

import csv
import heapq
import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time

from hall.queueing import rules


@dataclass(frozen=True)
class Arrival:
    minute: float          # minutes after opening
    queue: str
    green: bool = False


@dataclass
class HallShape:
    opens: time
    closes: time
    queues: dict[str, float]                      # queue code → mean service minutes
    windows: list[tuple[int, tuple[str, ...]]]    # (number, queues served), in number order


@dataclass
class Result:
    waits: dict[str, list[float]] = field(default_factory=dict)

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


def generate_arrivals(shape: HallShape, day: date, total: int = 300) -> list[Arrival]:
    """A realistic day: more people in the morning, a lull at noon; 5 % green channel."""
    rng = random.Random(day.toordinal())
    span = (datetime.combine(day, shape.closes) - datetime.combine(day, shape.opens)).seconds / 60
    queues = sorted(shape.queues)
    weights = [3 if q in ("social", "business") else 1 for q in queues]
    arrivals = []
    for _ in range(total):
        minute = min(span - 1, max(0.0, rng.triangular(0, span, span * 0.25)))
        arrivals.append(Arrival(round(minute, 2), rng.choices(queues, weights)[0], rng.random() < 0.05))
    return sorted(arrivals, key=lambda a: a.minute)


def read_arrivals(path: str, opens: time) -> list[Arrival]:
    """CSV with columns time (HH:MM[:SS]), queue, and optionally green (1/0)."""
    arrivals = []
    with open(path, newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            at = time.fromisoformat(row["time"])
            minute = (at.hour * 60 + at.minute + at.second / 60) - (opens.hour * 60 + opens.minute)
            arrivals.append(Arrival(minute, row["queue"], row.get("green", "0") in ("1", "true", "True")))
    return sorted(arrivals, key=lambda a: a.minute)


def simulate(shape: HallShape, arrivals: list[Arrival], windows: list[tuple[int, tuple[str, ...]]],
             seed: int = 1) -> Result:
    rng = random.Random(seed)
    waiting: list[tuple] = []      # (call order key, queue)
    events: list[tuple] = [(a.minute, 0, i) for i, a in enumerate(arrivals)]   # (time, kind 0=arrival 1=free, ref)
    events += [(0.0, 1, w) for w in range(len(windows))]
    heapq.heapify(events)
    idle = set()
    result = Result(waits={q: [] for q in shape.queues})
    while events:
        now, kind, ref = heapq.heappop(events)
        if kind == 0:
            a = arrivals[ref]
            waiting.append((rules.call_order_key(rules.priority_for(a.green), a.minute, ref), a.queue))
        else:
            idle.add(ref)
        for w in sorted(idle):
            served = windows[w][1]
            candidates = [t for t in waiting if t[1] in served]
            if not candidates:
                continue
            ticket = min(candidates)
            waiting.remove(ticket)
            idle.discard(w)
            queue, arrived = ticket[1], ticket[0][1]
            result.waits.setdefault(queue, []).append(now - arrived)
            service = rng.expovariate(1 / shape.queues.get(queue, 6.0))
            heapq.heappush(events, (now + service, 1, w))
    return result


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
