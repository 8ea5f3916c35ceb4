"""How long a ticket will wait: pure rules, no database (issue 9).

The plain estimate (``rules.estimate_wait_minutes``) is people ahead × the queue's average
service time ÷ windows open for it. The prediction looks at what that leaves out:

- The work ahead, not the people: each ticket ahead brings the expected service time of
  its item at this hour of the week (``ServiceTimes``), so ten quick certificate copies
  ahead weigh less than ten company registrations.
- The windows' real capacity for this queue: a window that calls from several queues
  gives this one a share of its time in proportion to the work waiting in each (a window
  shared with a crowded queue is worth less than one); a closed or paused window nothing.
- Those who will still come first: green-channel, referred and appointment tickets keep
  arriving while one waits and go ahead; their expected work per minute is taken off the
  capacity.
- The first window to come free: when every window is busy, the wait starts with the
  remainder of the services under way, (1 + cv²)/2 of a service spread over the windows.

The backtest (``bench/wait_prediction.py``) replays simulated days and compares both
estimates with the waits that happened.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

MIN_SAMPLES = 5           # fewer services than this: use the next coarser average


def hour_of_week(moment) -> int:
    """0 = Monday 00:00–01:00 … 167 = Sunday 23:00–24:00 (hall-local time)."""
    return moment.weekday() * 24 + moment.hour


@dataclass(frozen=True)
class Average:
    seconds: float
    samples: int


@dataclass
class ServiceTimes:
    """Average service seconds learned from finished services, from the finest grain that
    has enough of them: item at this hour of the week, item, queue at this hour, queue.

    ``priority_per_hour``: priority tickets (green channel, referrals, appointments) that
    joined a queue in an hour of the week, on average over the weeks learned from."""
    by_item_hour: dict[tuple[str, str, int], Average] = field(default_factory=dict)
    by_item: dict[tuple[str, str], Average] = field(default_factory=dict)
    by_queue_hour: dict[tuple[str, int], Average] = field(default_factory=dict)
    by_queue: dict[str, Average] = field(default_factory=dict)
    cv: dict[str, float] = field(default_factory=dict)                 # per queue: stdev ÷ mean
    priority_per_hour: dict[tuple[str, int], float] = field(default_factory=dict)
    defaults: dict[str, float] = field(default_factory=dict)           # per queue: configured seconds

    def seconds(self, queue: str, item: str | None, how: int | None) -> float:
        """Expected service seconds; ``how`` None: whatever the hour."""
        for table, key in ((self.by_item_hour, (queue, item, how)), (self.by_item, (queue, item)),
                           (self.by_queue_hour, (queue, how)), (self.by_queue, queue)):
            if (item is None and table in (self.by_item_hour, self.by_item)) or \
                    (how is None and table in (self.by_item_hour, self.by_queue_hour)):
                continue
            average = table.get(key)
            if average is not None and (average.samples >= MIN_SAMPLES or table is self.by_queue):
                return average.seconds
        return self.defaults.get(queue, 360.0)

    def variation(self, queue: str) -> float:
        return self.cv.get(queue, 1.0)

    def priority_rate(self, queue: str, how: int) -> float:
        """Priority tickets joining the queue per minute, at this hour of the week."""
        return self.priority_per_hour.get((queue, how), 0.0) / 60


@dataclass(frozen=True)
class LineLoad:
    """A queue's waiting line now."""
    waiting: int
    work_seconds: float      # expected service of everyone waiting


@dataclass(frozen=True)
class WindowLoad:
    queues: tuple[str, ...]  # the queues it calls from
    state: str               # free (open, nobody at it) | busy | off (closed, paused)


def capacity(queue: str, lines: dict[str, LineLoad], windows: list[WindowLoad]) -> float:
    """Windows' worth of service the queue gets from the windows that are working."""
    total = 0.0
    for window in windows:
        if window.state == "off" or queue not in window.queues:
            continue
        work = {q: lines[q].work_seconds for q in window.queues if q in lines}
        everything = sum(work.values())
        total += work.get(queue, 0.0) / everything if everything > 0 else 1 / len(window.queues)
    return total


def predict_wait_minutes(queue: str, ahead: int, work_ahead_seconds: float, lines: dict[str, LineLoad],
                         windows: list[WindowLoad], times: ServiceTimes, how: int) -> int:
    """Minutes until the ticket is called, rounded up."""
    free = sum(1 for w in windows if w.state == "free" and queue in w.queues)
    if ahead < free:
        return 0                              # a free window calls it right away
    servers = capacity(queue, lines, windows)
    mean = times.seconds(queue, None, how)
    if servers <= 0:                          # nobody works this queue now: one window will open
        servers = 1.0
    # priority tickets arriving meanwhile go first: W = (A + r·m·W) / c  →  W = A / (c − r·m)
    overtaking = times.priority_rate(queue, how) * mean / 60
    effective = max(servers - overtaking, servers / 5)
    remainder = (1 + times.variation(queue) ** 2) / 2 * mean / max(servers, 1.0)
    seconds = remainder + work_ahead_seconds / effective
    return max(0, math.ceil(seconds / 60))
