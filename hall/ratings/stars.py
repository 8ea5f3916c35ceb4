"""Monthly indicators and star ratings (星级评比) as plain arithmetic.

A subject (a window or a staff member) has a month's ``Tally``: counts from services,
ratings, cases, attendance and deductions. ``score`` turns a tally into points out of 100
with the month's weights, ``stars`` into 1–5 stars with its thresholds and veto rule. The
formulas are written out in the README; the database only has to produce tallies.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

GOOD_LEVELS = (5, 4, 3)      # 非常满意、满意、基本满意 count as 好评
SATISFIED_LEVELS = (5, 4)    # 非常满意、满意

DEFAULT_WEIGHTS = {"ratings": 40, "on_time": 20, "attendance": 20, "efficiency": 20}
DEFAULT_DEDUCTIONS = {"complaint": 10, "accountability": 5, "returned": 5, "lateness": 2, "absence": 10,
                      "inspection": 5}
DEFAULT_THRESHOLDS = {5: 95, 4: 90, 3: 80, 2: 70}   # minimum score for n stars; below: 1 star
TARGETS = {"办结率": 0.95, "满意率": 0.95}            # seed 003 (DOMAIN rules 7, 14): both at least 95 %


@dataclass
class Tally:
    services: int = 0                 # finished services
    ratings: dict[int, int] = field(default_factory=dict)   # level → count (active and default)
    default_ratings: int = 0          # of those, filled in by the default rule
    wait_seconds: float = 0.0         # summed
    service_seconds: float = 0.0      # summed
    cases_due: int = 0                # cases due in the month so far (``due_so_far``)
    cases_on_time: int = 0
    cases_completed: int = 0          # of the cases due so far, those completed (办结), on time or late
    workdays: int = 0                 # working days the subject was expected
    late: int = 0                     # late arrivals and early leaves
    absent: int = 0
    paused_minutes: int = 0           # 暂停服务 during opening hours
    complaints: int = 0               # justified complaints
    accountability: int = 0           # accountability records (overdue, materials after acceptance)
    returned: int = 0                 # cases returned / materials asked after acceptance
    inspection_faults: int = 0        # 效能监察 findings: absent from post, off task, attitude


def due_so_far(deadline: date, completed_on: date | None, today: date) -> bool:
    """DOMAIN.md rule 15: 按时办结率 counts a case whose deadline falls in the month once its
    outcome is known: completed (on time or late), or still open after its deadline (late).
    An open case whose deadline has not passed is not late and is not counted yet."""
    return completed_on is not None or deadline < today


def month_has_ended(last_day: date, today: date) -> bool:
    """Rule 15: a month's stars are closed and published only after its last day."""
    return today > last_day


def rate(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def indicators(t: Tally) -> dict:
    rated = sum(t.ratings.values())
    active = rated - t.default_ratings
    good = sum(t.ratings.get(level, 0) for level in GOOD_LEVELS)
    active_good = good - (t.default_ratings if 3 in GOOD_LEVELS else 0)
    return {
        "services": t.services,
        "好评率": rate(good, rated),
        "主动评价好评率": rate(active_good, active),
        "未评价率": rate(t.services - active, t.services),
        "满意率": rate(sum(t.ratings.get(level, 0) for level in SATISFIED_LEVELS), rated),
        "按时办结率": rate(t.cases_on_time, t.cases_due),
        "办结率": rate(t.cases_completed, t.cases_due),
        "平均等候分钟": round(t.wait_seconds / t.services / 60, 1) if t.services else None,
        "平均办理分钟": round(t.service_seconds / t.services / 60, 1) if t.services else None,
        "暂停分钟": t.paused_minutes,
    }


def against_targets(figures: dict, targets: dict | None = None) -> dict:
    """办结率 and 满意率 beside their 95 % target: ``below`` (shown red) only for a figure that
    exists and falls short; a month with nothing to count is not below anything."""
    return {name: {"value": figures.get(name), "target": target,
                   "below": figures.get(name) is not None and figures[name] < target}
            for name, target in (targets or TARGETS).items()}


def score(t: Tally, hall_mean_services: float, weights: dict | None = None,
          deductions: dict | None = None) -> tuple[float, dict]:
    """Points out of 100 and their breakdown.

    ratings     = weight × 好评率 (no rating: full marks if it served anyone, else 0)
    on_time     = weight × 按时办结率 (no case due: full marks if it served anyone, else 0)
    attendance  = weight × days present ÷ working days, less ``lateness`` points per late
                  arrival or early leave (not below 0)
    efficiency  = weight × min(1, services ÷ the hall's mean services per subject) (a hall that
                  served nobody earns nobody efficiency points)
    deductions  = complaint, accountability, returned-case and inspection-finding points,
                  subtracted last (an inspection's ``late`` finding is a lateness instead)
    """
    w = {**DEFAULT_WEIGHTS, **(weights or {})}
    d = {**DEFAULT_DEDUCTIONS, **(deductions or {})}
    ind = indicators(t)
    idle_default = 1 if t.services else 0   # an idle subject earns nothing by having nothing rated
    parts = {
        "ratings": w["ratings"] * (ind["好评率"] if ind["好评率"] is not None else idle_default),
        "on_time": w["on_time"] * (ind["按时办结率"] if ind["按时办结率"] is not None else idle_default),
        "attendance": max(0.0, w["attendance"] * ((t.workdays - t.absent) / t.workdays if t.workdays else 1)
                          - d["lateness"] * t.late),
        "efficiency": w["efficiency"] * (min(1.0, t.services / hall_mean_services) if hall_mean_services
                                         else idle_default),
    }
    minus = (d["complaint"] * t.complaints + d["accountability"] * t.accountability + d["returned"] * t.returned
             + d["inspection"] * t.inspection_faults)
    total = max(0.0, sum(parts.values()) - minus)
    breakdown = {k: round(v, 2) for k, v in parts.items()} | {"deductions": round(minus, 2)} | {
        "indicators": ind, "counts": {"workdays": t.workdays, "absent": t.absent, "late": t.late,
                                      "complaints": t.complaints, "accountability": t.accountability,
                                      "returned": t.returned, "inspection_faults": t.inspection_faults}}
    return round(total, 2), breakdown


def stars(points: float, t: Tally, thresholds: dict | None = None) -> int:
    """Stars by threshold; a justified complaint or an accountability record vetoes the top grade."""
    th = {int(k): v for k, v in (thresholds or DEFAULT_THRESHOLDS).items()}
    earned = next((n for n in (5, 4, 3, 2) if points >= th[n]), 1)
    if earned == 5 and (t.complaints or t.accountability):
        earned = 4
    return earned


def add_up(tallies) -> Tally:
    """One tally for several subjects (the whole hall): counts summed, ratings merged by
    level; working days are each subject's own, so they are not added."""
    total = Tally()
    for tally in tallies:
        for name, value in vars(tally).items():
            if name == "ratings":
                for level, n in value.items():
                    total.ratings[level] = total.ratings.get(level, 0) + n
            elif name != "workdays":
                setattr(total, name, getattr(total, name) + value)
    return total


def tally_dict(t: Tally) -> dict:
    return asdict(t)
