"""Pure rules of assisted service: what a request may say, how long answers took, and what a
power of attorney covers. No Flask, no database."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import mean, median

from hall.errors import RuleBroken

MAX_REASON = 200
MAX_ATTORNEY_DAYS = 366          # a 授权委托书 runs for a year at most
STATUS_NAMES = {"waiting": "等待帮办", "accepted": "帮办员正在赶来", "arrived": "帮办员已到达"}


def clean_reason(reason: str | None) -> str:
    text = " ".join((reason or "").split())
    if not text:
        raise RuleBroken("请说明需要帮办的事由", code="missing_field", field="reason")
    if len(text) > MAX_REASON:
        raise RuleBroken(f"事由过长（最多{MAX_REASON}字）", code="invalid_field", field="reason")
    return text


def check_arrival(status: str, helper_id: int | None, staff_id: int) -> None:
    """Only the helper who accepted a request reports arriving, once."""
    if status == "waiting":
        raise RuleBroken("此求助尚未被接单", code="not_accepted", state=True)
    if status == "arrived":
        raise RuleBroken("已登记到达", code="already_arrived", state=True)
    if helper_id != staff_id:
        raise RuleBroken("此求助由其他帮办员接单", code="not_your_request", state=True)


def seconds_between(start: datetime | None, end: datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return max(0, round((end - start).total_seconds()))


@dataclass(frozen=True)
class Durations:
    count: int
    mean_seconds: float | None
    median_seconds: float | None
    max_seconds: int | None

    def as_dict(self) -> dict:
        return {"count": self.count, "mean_seconds": self.mean_seconds, "median_seconds": self.median_seconds,
                "max_seconds": self.max_seconds}


def durations(values) -> Durations:
    """Count, mean, median and maximum of the known durations (None is left out)."""
    known = [v for v in values if v is not None]
    if not known:
        return Durations(0, None, None, None)
    return Durations(len(known), round(mean(known), 1), round(float(median(known)), 1), max(known))


@dataclass(frozen=True)
class RequestTimes:
    helper: str | None        # staff number of the helper who accepted, if any
    requested_at: datetime
    accepted_at: datetime | None
    arrived_at: datetime | None


def report(rows: list[RequestTimes]) -> dict:
    """The month's figures: requests, how many were answered, time to accept (request → accept)
    and to arrive (accept → arrival), overall and per helper."""
    def figures(subset: list[RequestTimes]) -> dict:
        return {"accepted": sum(1 for r in subset if r.accepted_at is not None),
                "arrived": sum(1 for r in subset if r.arrived_at is not None),
                "time_to_accept": durations(seconds_between(r.requested_at, r.accepted_at) for r in subset).as_dict(),
                "time_to_arrive": durations(seconds_between(r.accepted_at, r.arrived_at) for r in subset).as_dict()}
    helpers = sorted({r.helper for r in rows if r.helper})
    return {"requests": len(rows), "unanswered": sum(1 for r in rows if r.accepted_at is None), **figures(rows),
            "helpers": [{"staff_no": h, **figures([r for r in rows if r.helper == h])} for h in helpers]}


def check_attorney_terms(items: list[str], known_items, valid_until: date, today: date) -> list[str]:
    """The items (each a known code, at least one, no repeats kept) and a last day from today up
    to a year ahead."""
    codes = list(dict.fromkeys(items))
    if not codes:
        raise RuleBroken("请列明委托办理的事项", code="missing_field", field="items")
    unknown = [c for c in codes if c not in known_items]
    if unknown:
        raise RuleBroken("没有这些事项：" + "、".join(unknown), code="item_not_found", field="items", items=unknown)
    if valid_until < today:
        raise RuleBroken("委托期限不能早于今天", code="invalid_date", field="valid_until")
    if valid_until > today + timedelta(days=MAX_ATTORNEY_DAYS):
        raise RuleBroken("委托期限最长一年", code="attorney_too_long", field="valid_until")
    return codes


def check_attorney_use(items: list[str], valid_until: date, item_code: str, today: date) -> None:
    """A helper acts under a power of attorney only for its items and only until its last day."""
    if today > valid_until:
        raise RuleBroken(f"授权委托书已于{valid_until.isoformat()}到期", code="attorney_expired", state=True)
    if item_code not in items:
        raise RuleBroken("授权委托书不包括此事项", code="item_not_authorised", state=True, item_code=item_code)
