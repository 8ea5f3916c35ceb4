"""Pure rules of the assessments: quarters, who may score whom, averages, and the year's
weighted total. No Flask, no database."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from statistics import mean

from hall.errors import RuleBroken

DEFAULT_WEIGHTS = {"monthly": 70, "peer": 20, "self": 10}
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def parse_quarter(quarter: str) -> tuple[int, int]:
    found = QUARTER.match(quarter or "")
    if not found or not 1900 <= int(found.group(1)) <= 2100:
        raise RuleBroken("季度格式应为YYYY-Qn（n为1—4）", code="invalid_quarter", field="quarter")
    return int(found.group(1)), int(found.group(2))


def quarter_months(quarter: str) -> list[str]:
    year, q = parse_quarter(quarter)
    return [f"{year}-{m:02d}" for m in range(3 * q - 2, 3 * q + 1)]


def quarter_started(quarter: str, today: date) -> None:
    year, q = parse_quarter(quarter)
    if (year, q) > (today.year, (today.month - 1) // 3 + 1):
        raise RuleBroken("该季度尚未开始，不能评分", code="quarter_not_started", state=True)


def check_score(score, field: str = "score") -> None:
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 <= score <= 100:
        raise RuleBroken("评分应为0—100之间的数", code="invalid_score", field=field)


def check_peer(from_window: int, to_window: int, score) -> None:
    """A window scores the others, never itself."""
    if from_window == to_window:
        raise RuleBroken("窗口不能为自己评分", code="self_assessment", state=True)
    if isinstance(score, bool) or not isinstance(score, int):
        raise RuleBroken("评分应为0—100之间的整数", code="invalid_score", field="score")
    check_score(score)


def check_weights(weights: dict) -> dict:
    """Three whole-number parts (monthly, peer, self), none negative, adding up to 100."""
    parts = {}
    for key in DEFAULT_WEIGHTS:
        value = weights.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise RuleBroken(f"权重 {key} 应为非负整数", code="invalid_weights", field=key)
        parts[key] = value
    if sum(parts.values()) != 100:
        raise RuleBroken("月度、互评、自评三项权重之和应为100", code="weights_not_100")
    return parts


@dataclass(frozen=True)
class Average:
    average: float | None
    count: int

    def as_dict(self) -> dict:
        return {"average": self.average, "count": self.count}


def average(values) -> Average:
    known = [float(v) for v in values if v is not None]
    return Average(round(mean(known), 2) if known else None, len(known))


def peer_results(scores: list[tuple[int, int]]) -> dict[int, Average]:
    """{window: its average and count} from (to window, score) pairs."""
    by: dict[int, list[int]] = {}
    for window, score in scores:
        by.setdefault(window, []).append(score)
    return {window: average(values) for window, values in sorted(by.items())}


def annual(monthly: dict[str, float], peer_by_quarter: dict[str, list[int]], self_scores: dict[str, float],
           weights: dict) -> dict:
    """The year of one window: the mean of its monthly scores; the peer part, the mean of its
    quarters' averages; the self part, the mean of its self scores over the months it was
    scored in, a month without a self-assessment counting 0; the total, the parts weighted
    (out of 100)."""
    monthly_part = average(monthly.values())
    quarters = {q: average(v) for q, v in sorted(peer_by_quarter.items()) if v}
    peer_part = average(a.average for a in quarters.values())
    months = sorted(set(monthly) | set(self_scores))
    self_part = average(self_scores.get(m, 0.0) for m in months)
    parts = {"monthly": monthly_part.average, "peer": peer_part.average, "self": self_part.average}
    total = round(sum((parts[k] or 0.0) * weights[k] for k in DEFAULT_WEIGHTS) / 100, 2)
    return {"months": dict(sorted(monthly.items())), "monthly": monthly_part.as_dict(),
            "peer": {**peer_part.as_dict(), "scores": sum(a.count for a in quarters.values()),
                     "quarters": {q: a.as_dict() for q, a in quarters.items()}},
            "self": {"average": self_part.average, "count": len(self_scores)}, "total": total}


# ---------------------------------------------------------------- published (board, PDF)

SUMMARY_CHARS = 40


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def last_ended_quarter(today: date) -> str:
    """The quarter before today's: the latest whose peer scores are published."""
    year, q = today.year, (today.month - 1) // 3 + 1
    return f"{year - 1}-Q4" if q == 1 else f"{year}-Q{q - 1}"


def summary(text: str, limit: int = SUMMARY_CHARS) -> str:
    """A self-assessment's first words for the board: one line, cut at ``limit`` characters."""
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


def quarters_through(month: str) -> list[str]:
    """The quarters of a month's year up to the month's own (``2026-11`` → Q1–Q4)."""
    year, m = int(month[:4]), int(month[5:7])
    return [f"{year}-Q{q}" for q in range(1, (m - 1) // 3 + 2)]
