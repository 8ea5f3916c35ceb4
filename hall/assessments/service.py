"""月度自评, 季度互评, 年度总评: written by window staff, weighted by managers, figures from
the monthly star ratings (``hall.ratings.monthly``)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hall.assessments import rules
from hall.assessments.models import AssessmentWeights, PeerScore, SelfAssessment
from hall.auth.guard import MANAGERS
from hall.auth.models import Staff
from hall.catalog.cache import HallCatalog
from hall.catalog.service import window_named
from hall.clock import local_date, local_iso, utcnow
from hall.errors import Conflict, Forbidden, InvalidInput
from hall.ratings.monthly import month_bounds, results, settings


def _speaks_for(staff: Staff, window: int) -> None:
    """Window staff assess their own window; managers any."""
    if staff.role not in MANAGERS and staff.home_window != window:
        raise Forbidden(f"只能以本窗口名义评价（您的窗口：{staff.home_window or '无'}）", code="not_your_window")


def month_figures(session: Session, hall: HallCatalog, month: str, window: int) -> dict:
    """The month's figures of a window from the star ratings: what a self-assessment starts from."""
    window_named(session, hall, window)
    rows, closed = results(session, hall, month, "window")
    row = next((r for r in rows if r["window"] == window), None)
    if row is None:
        return {"month": month, "window": window, "closed": closed, "score": None, "stars": None,
                "indicators": {}, "counts": {}}
    return {"month": month, "window": window, "closed": closed, "score": row["score"], "stars": row["stars"],
            "indicators": row["breakdown"].get("indicators", {}), "counts": row["breakdown"].get("counts", {})}


def self_json(hall: HallCatalog, row: SelfAssessment, window: int, author: Staff | None) -> dict:
    return {"id": row.id, "month": row.month, "window": window, "text": row.text, "score": row.score,
            "figures": row.figures, "author": {"name": author.name, "staff_no": author.staff_no} if author else None,
            "created_at": local_iso(row.created_at, hall.timezone), "updated_at": local_iso(row.updated_at, hall.timezone)}


def submit_self(session: Session, hall: HallCatalog, staff: Staff, *, month: str, window: int, text: str,
                score: float | None = None, now: datetime | None = None) -> tuple[dict, bool]:
    """Write (or, until the month is closed, revise) a window's self-assessment of an ended or
    current month; the self score defaults to the month's computed score. (body, created)"""
    _first, _last, start, _end = month_bounds(month, hall.timezone)
    _speaks_for(staff, window)
    now = now or utcnow()
    if start > now:
        raise Conflict("该月尚未开始，不能自评", code="month_not_started")
    cfg = settings(session, hall, month)
    if cfg is not None and cfg.closed_at is not None:
        raise Conflict("该月评比已结束，自评不能再修改", code="month_closed")
    figures = month_figures(session, hall, month, window)
    if score is None:
        score = figures["score"] if figures["score"] is not None else 0.0
    rules.check_score(score)
    target = window_named(session, hall, window)
    row = session.scalar(select(SelfAssessment).where(SelfAssessment.hall_id == hall.id, SelfAssessment.month == month,
                                                      SelfAssessment.window_id == target.id))
    created = row is None
    if created:
        row = SelfAssessment(hall_id=hall.id, month=month, window_id=target.id, text=text, score=float(score),
                             figures=figures, author_id=staff.id, created_at=now, updated_at=now)
        session.add(row)
    else:
        row.text, row.score, row.figures, row.author_id, row.updated_at = text, float(score), figures, staff.id, now
    session.flush()
    return self_json(hall, row, window, staff), created


def self_listing(session: Session, hall: HallCatalog, month: str) -> list[dict]:
    month_bounds(month, hall.timezone)
    rows = session.execute(select(SelfAssessment, Staff).join(Staff, Staff.id == SelfAssessment.author_id)
                           .where(SelfAssessment.hall_id == hall.id, SelfAssessment.month == month)).all()
    numbers = {w.id: n for n, w in hall.windows.items()}
    return sorted((self_json(hall, r, numbers.get(r.window_id), author) for r, author in rows),
                  key=lambda x: x["window"] or 0)


def submit_peer(session: Session, hall: HallCatalog, staff: Staff, *, quarter: str, from_window: int,
                to_window: int, score: int, comment: str = "", now: datetime | None = None) -> dict:
    """One window's score of another for a quarter: never itself (409 ``self_assessment``),
    once per pair and quarter (409 ``already_scored``, also when two arrive at once)."""
    rules.check_peer(from_window, to_window, score)
    _speaks_for(staff, from_window)
    now = now or utcnow()
    rules.quarter_started(quarter, local_date(now, hall.timezone))
    source, target = window_named(session, hall, from_window), window_named(session, hall, to_window)
    if session.scalar(select(PeerScore.id).where(PeerScore.hall_id == hall.id, PeerScore.quarter == quarter,
                                                 PeerScore.from_window_id == source.id,
                                                 PeerScore.to_window_id == target.id)):
        raise Conflict(f"{from_window}号窗口本季度已为{to_window}号窗口评分", code="already_scored")
    row = PeerScore(hall_id=hall.id, quarter=quarter, from_window_id=source.id, to_window_id=target.id,
                    score=score, comment=comment, scorer_id=staff.id, created_at=now)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise Conflict(f"{from_window}号窗口本季度已为{to_window}号窗口评分", code="already_scored") from None
    return {"id": row.id, "quarter": quarter, "from_window": from_window, "to_window": to_window, "score": score}


def _peer_pairs(session: Session, hall: HallCatalog, quarters: list[str]) -> list[tuple[str, int, int]]:
    numbers = {w.id: n for n, w in hall.windows.items()}
    rows = session.execute(select(PeerScore.quarter, PeerScore.to_window_id, PeerScore.score).where(
        PeerScore.hall_id == hall.id, PeerScore.quarter.in_(quarters))).all()
    return [(q, numbers[w], s) for q, w, s in rows if w in numbers]


def peer_results(session: Session, hall: HallCatalog, quarter: str) -> dict:
    """The quarter's results: each window's average and how many windows scored it."""
    rules.parse_quarter(quarter)
    averages = rules.peer_results([(w, s) for _q, w, s in _peer_pairs(session, hall, [quarter])])
    return {"quarter": quarter,
            "windows": [{"window": n, "name": hall.windows[n].name, **averages[n].as_dict()}
                        for n in sorted(averages)]}


def weights_for(session: Session, hall: HallCatalog, year: int) -> dict:
    row = session.scalar(select(AssessmentWeights).where(AssessmentWeights.hall_id == hall.id,
                                                         AssessmentWeights.year == year))
    if row is None:
        return dict(rules.DEFAULT_WEIGHTS)
    return {"monthly": row.monthly, "peer": row.peer, "self": row.self_part}


def set_weights(session: Session, hall: HallCatalog, staff: Staff, year: int, weights: dict,
                now: datetime | None = None) -> dict:
    _check_year(year)
    parts = rules.check_weights(weights)
    row = session.scalar(select(AssessmentWeights).where(AssessmentWeights.hall_id == hall.id,
                                                         AssessmentWeights.year == year))
    if row is None:
        row = AssessmentWeights(hall_id=hall.id, year=year, monthly=0, peer=0, self_part=0, set_by=staff.id,
                                updated_at=now or utcnow())
        session.add(row)
    row.monthly, row.peer, row.self_part = parts["monthly"], parts["peer"], parts["self"]
    row.set_by, row.updated_at = staff.id, now or utcnow()
    session.flush()
    return {"year": year, "weights": parts}


def _check_year(year: int) -> None:
    if not 1900 <= year <= 2100:
        raise InvalidInput("年份超出范围（1900—2100）", code="date_out_of_range", field="year")


def annual(session: Session, hall: HallCatalog, year: int, now: datetime | None = None,
           through: str | None = None) -> dict:
    """年度总评: every window's monthly scores of the year's months so far, its peer and self
    parts, and the total weighted as the managers set it. ``through`` (a month of the year):
    only the months up to it and the quarters they begin, as published once that month is
    closed."""
    _check_year(year)
    today = local_date(now or utcnow(), hall.timezone)
    last_month = 12 if year < today.year else (today.month if year == today.year else 0)
    if through is not None:
        last_month = min(last_month, int(through[5:7]))
    months = [f"{year}-{m:02d}" for m in range(1, last_month + 1)]
    monthly: dict[int, dict[str, float]] = {}
    for month in months:
        for row in results(session, hall, month, "window")[0]:
            monthly.setdefault(row["window"], {})[month] = row["score"]
    quarters = rules.quarters_through(through) if through else [f"{year}-Q{q}" for q in range(1, 5)]
    peers: dict[int, dict[str, list[int]]] = {}
    for quarter, window, score in _peer_pairs(session, hall, quarters):
        peers.setdefault(window, {}).setdefault(quarter, []).append(score)
    numbers = {w.id: n for n, w in hall.windows.items()}
    selves: dict[int, dict[str, float]] = {}
    for month, window_id, score in session.execute(select(SelfAssessment.month, SelfAssessment.window_id,
                                                          SelfAssessment.score).where(
            SelfAssessment.hall_id == hall.id, SelfAssessment.month.like(f"{year}-%"))):
        if window_id in numbers and month in months:
            selves.setdefault(numbers[window_id], {})[month] = score
    weights = weights_for(session, hall, year)
    windows = sorted(set(monthly) | set(peers) | set(selves))
    rows = [{"window": n, "name": hall.windows[n].name if n in hall.windows else str(n),
             **rules.annual(monthly.get(n, {}), peers.get(n, {}), selves.get(n, {}), weights)} for n in windows]
    rows.sort(key=lambda r: (-r["total"], r["window"]))
    return {"year": year, "weights": weights, "months": months, "windows": rows}
