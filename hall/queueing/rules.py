"""Pure queue rules: numbering, call order, ticket state transitions, the wait estimate.

No Flask, no database: the service layer applies these to rows.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from hall.errors import RuleBroken

# Call order: lower first, then by the time the citizen joined the line.
PRIORITY_URGENT = -1      # 急事急办: marked by a manager; called next, ahead of the green channel too
PRIORITY_GREEN = 0        # 绿色通道: elderly, disabled, servicemen
PRIORITY_ELDERLY = 1      # aged 60 or over by the ID card the kiosk read (the hall may turn it off)
PRIORITY_APPOINTMENT = 2  # checked-in appointment at its slot
PRIORITY_REFERRED = 3     # referred from another window: keeps the place it had
PRIORITY_NORMAL = 4
ELDERLY_AGE = 60

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
    "revoke_green": (("called", "serving"), "waiting"),   # back to its normal place in the line
    "confirm_green": (("called", "serving"), None),       # keeps the status
    "mark_urgent": (("waiting",), None),
}

ACTION_NAMES = {
    "call": "叫号", "recall": "重呼", "start": "开始办理", "finish": "办结",
    "no_show": "过号", "hold": "挂起", "call_back": "回呼", "transfer": "转移",
    "revoke_green": "取消绿色通道", "confirm_green": "确认绿色通道", "mark_urgent": "标记急事急办",
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
    return target or status


def format_number(prefix: str, seq: int) -> str:
    """A001 … A999, then A1000: the sequence is never truncated into a duplicate."""
    return f"{prefix}{seq:03d}"


def call_text(number: str, window_number: int) -> str:
    return f"请{number}号到{window_number}号窗口办理"


def call_order_key(priority: int, queued_at, ticket_id: int) -> tuple:
    """Who is called next among the tickets a window may call: the smallest key. The
    database pick (``ORDER BY priority, queued_at, id``) and the simulator use this order."""
    return priority, queued_at, ticket_id


def priority_for(green_channel: bool, appointment: bool = False, urgent: bool = False,
                 elderly: bool = False) -> int:
    """急事急办 first (DOMAIN rule 10: "called next" at its queue's windows, so ahead of the
    green channel too), then 绿色通道, then the elderly (``elderly``: read from their card and
    the hall gives elderly priority), then a checked-in appointment, then everyone else."""
    if urgent:
        return PRIORITY_URGENT
    if green_channel:
        return PRIORITY_GREEN
    if elderly:
        return PRIORITY_ELDERLY
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


class TicketRuleError(RuleBroken):
    """A ticket rule said no: 409 when the ticket's state forbids it, 400 for the input."""

    def __init__(self, message: str, code: str, *, state: bool = False):
        super().__init__(message, code, state=state)


def reason_given(reason: str | None, what: str) -> str:
    """急事急办 and a revoked green channel are recorded with their reason; one is required."""
    text = (reason or "").strip()
    if not text:
        raise TicketRuleError(f"{what}必须说明理由", "reason_required")
    return text


def urgent_priority(status: str, priority: int, reason: str | None) -> tuple[int, str]:
    """A manager marks a waiting ticket urgent: (its new priority, the reason recorded)."""
    next_status(status, "mark_urgent")
    return min(priority, PRIORITY_URGENT), reason_given(reason, "急事急办")


def green_checked(green_channel: bool, status: str, action: str) -> str:
    """Staff confirm or revoke a green-channel ticket they have called (the status after)."""
    if not green_channel:
        raise TicketRuleError("此号票不是绿色通道号票", "not_green_channel", state=True)
    return next_status(status, action)


def priority_without_green(appointment: bool, urgent: bool, elderly: bool = False) -> int:
    """A revoked green channel: the place the ticket would have had without it (its time in
    line is kept, so it is not sent to the back)."""
    return priority_for(False, appointment, urgent, elderly)


# ---------------------------------------------------------------- the elderly (DOMAIN rules 12, 13)

def age_on(born: date, today: date) -> int:
    """Full years on ``today`` (the hall's date): one's birthday counts from its morning; a
    29 February birthday counts from 1 March in other years."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def is_elderly(born: date | None, today: date) -> bool:
    """Aged 60 or over on the hall's today. Unknown birth date: not elderly."""
    return born is not None and born <= today and age_on(born, today) >= ELDERLY_AGE


def elderly_priority_applies(read_from_card: bool, born: date | None, today: date, hall_setting: bool) -> bool:
    """Whether a ticket gets elderly priority without asking: only for a birth date read from
    an ID card by a reader (a typed number proves nothing about who stands at the kiosk),
    60 or over, and the hall gives elderly priority (its setting, on by default)."""
    return hall_setting and read_from_card and is_elderly(born, today)


def window_call_priority(priority: int, elderly: bool, elderly_first: bool) -> int:
    """The priority a ticket is called by at a window. A 老年人专窗 (``elderly_first``) calls
    elderly tickets first among its queues: right after urgent and green-channel ones,
    whatever the hall's elderly setting gave them. Other windows use the stored priority.
    (``hall.queueing.statements`` says the same in SQL; a test holds the two together.)"""
    if elderly_first and elderly and priority > PRIORITY_ELDERLY:
        return PRIORITY_ELDERLY
    return priority


def window_order_key(priority: int, elderly: bool, elderly_first: bool, queued_at, ticket_id: int) -> tuple:
    """``call_order_key`` at a particular window (see ``window_call_priority``)."""
    return call_order_key(window_call_priority(priority, elderly, elderly_first), queued_at, ticket_id)


def may_sign_in(role: str, staff_department_id: int | None, window_department_id: int | None) -> bool:
    """Window staff sign in at a window of their own department or at a comprehensive one
    (综合受理, no department); managers and admins at any window of their hall."""
    if role in ("manager", "admin"):
        return True
    return window_department_id is None or window_department_id == staff_department_id
