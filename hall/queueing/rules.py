"""Pure queue rules: numbering, call order, ticket state transitions, the wait estimate.

No Flask, no database: the service layer applies these to rows.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from hall.errors import RuleBroken

# Call order: lower first, then by the time the citizen joined the line.
PRIORITY_GREEN = 0        # 绿色通道: elderly, disabled, servicemen
PRIORITY_APPOINTMENT = 1  # checked-in appointment at its slot
PRIORITY_REFERRED = 2     # referred from another window: keeps the place it had
PRIORITY_NORMAL = 3

ACTIVE_AT_WINDOW = ("called", "serving")
OPEN_STATUSES = ("waiting", "called", "serving", "held")

# action -> statuses it may start from, and the status it leads to
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "call": (("waiting",), "called"),
    "recall": (("called",), "called"),
    "start": (("called",), "serving"),
    "finish": (("called", "serving"), "finished"),
    "no_show": (("called",), "no_show"),
    "hold": (("called", "serving"), "held"),
    "call_back": (("held",), "called"),
    "transfer": (("called", "serving", "held"), "waiting"),
}

ACTION_NAMES = {
    "call": "叫号", "recall": "重呼", "start": "开始办理", "finish": "办结",
    "no_show": "过号", "hold": "挂起", "call_back": "回呼", "transfer": "转移",
}
STATUS_NAMES = {
    "waiting": "等候中", "called": "已叫号", "serving": "办理中", "held": "已挂起",
    "finished": "已办结", "no_show": "已过号",
}


class TransitionError(RuleBroken):
    """The ticket's status forbids the action: a 409 that tells the ticket's status now."""

    def __init__(self, action: str, status: str):
        self.action = action
        super().__init__(f"{STATUS_NAMES.get(status, status)}的号票不能{ACTION_NAMES.get(action, action)}",
                         "invalid_ticket_state", state=True, status_now=status)


def next_status(status: str, action: str) -> str:
    allowed, target = TRANSITIONS[action]
    if status not in allowed:
        raise TransitionError(action, status)
    return target


def format_number(prefix: str, seq: int) -> str:
    """A001 … A999, then A1000: the sequence is never truncated into a duplicate."""
    return f"{prefix}{seq:03d}"


def call_text(number: str, window_number: int) -> str:
    return f"请{number}号到{window_number}号窗口办理"


def call_order_key(priority: int, queued_at, ticket_id: int) -> tuple:
    """Who is called next among the tickets a window may call: the smallest key. The
    database pick (``ORDER BY priority, queued_at, id``) and the simulator use this order."""
    return priority, queued_at, ticket_id


def priority_for(green_channel: bool, appointment: bool = False) -> int:
    if green_channel:
        return PRIORITY_GREEN
    if appointment:
        return PRIORITY_APPOINTMENT
    return PRIORITY_NORMAL


@dataclass(frozen=True)
class ServiceStats:
    """What the estimate knows about a queue right now."""
    avg_service_minutes: float
    open_windows: int


def estimate_wait_minutes(people_ahead: int, stats: ServiceStats) -> int:
    """People ahead × average service time ÷ windows open for the queue, rounded up.

    With no window open the estimate still assumes one will open: a kiosk should never
    print an infinite wait.
    """
    if people_ahead <= 0:
        return 0
    windows = max(stats.open_windows, 1)
    return math.ceil(people_ahead * stats.avg_service_minutes / windows)


def updated_average(previous: float | None, observed: float, samples: int, window: int) -> float:
    """A running mean over the last ``window`` services (exact until ``window`` samples,
    then exponential with the same weight), so no history query runs per ticket."""
    if previous is None or samples <= 0:
        return observed
    n = min(samples + 1, window)
    return previous + (observed - previous) / n
