"""A month's tallies per window or staff member, aggregated in SQL (a million services
stay a handful of GROUP BY queries), then scored by ``hall.ratings.stars``."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hall.auth.models import Staff
from hall.calendar.service import hall_calendar
from hall.cases.models import Case
from hall.catalog.cache import HallCatalog
from hall.catalog.models import Department, Item, Queue, Window
from hall.clock import FIRST_YEAR, LAST_YEAR, local, local_midnight, utcnow
from hall.complaints.models import Complaint
from hall.complaints.service import counted_against
from hall.errors import Conflict, InvalidInput
from hall.inspections import rules as inspection_rules
from hall.inspections.models import Inspection
from hall.inspections.service import findings_by
from hall.queueing.models import Ticket, WindowPause, WindowSession
from hall.ratings import stars
from hall.ratings.models import RatingRequest, StarMonth, StarResult
from hall.supervision.kinds import AccountabilityKind
from hall.supervision.models import Accountability

SUBJECTS = ("window", "staff")            # star-rated
INDICATOR_SUBJECTS = SUBJECTS + ("department", "item")


def month_bounds(month: str, tz: str) -> tuple[date, date, datetime, datetime]:
    try:
        first = datetime.strptime(month, "%Y-%m").date()
    except (TypeError, ValueError):
        raise InvalidInput("月份格式应为YYYY-MM", code="invalid_month")
    if not FIRST_YEAR <= first.year <= LAST_YEAR:
        raise InvalidInput(f"月份超出范围：{month}（{FIRST_YEAR}—{LAST_YEAR}年）", code="date_out_of_range")
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    start, end = local_midnight(first, tz), local_midnight(last + timedelta(days=1), tz)
    return first, last, start, end


def _hours(session: Session, hall: HallCatalog) -> tuple[time, time]:
    opens, closes = session.execute(select(func.min(Queue.opens_at), func.max(Queue.closes_at))
                                    .where(Queue.hall_id == hall.id)).one()
    return time.fromisoformat(opens or "08:30"), time.fromisoformat(closes or "17:30")


def tallies(session: Session, hall: HallCatalog, month: str, of: str) -> tuple[dict, dict]:
    """(subject key → Tally, subject key → display name); keys are window numbers or staff numbers."""
    if of not in INDICATOR_SUBJECTS:
        raise InvalidInput("of 须为 window、staff、department 或 item", code="invalid_field", field="of")
    first, last, start, end = month_bounds(month, hall.timezone)
    by_window = of == "window"
    key_col = {"window": Ticket.window_id, "staff": Ticket.staff_id, "item": Ticket.item_id,
               "department": Item.department_id}[of]
    t: dict = defaultdict(stars.Tally)
    served = (Ticket.hall_id == hall.id, Ticket.finished_at >= start, Ticket.finished_at < end)
    query = select(key_col, func.count(), func.sum(Ticket.wait_seconds), func.sum(Ticket.service_seconds))
    if of == "department":
        query = query.join(Item, Item.id == Ticket.item_id)
    for key, n, wait, service in session.execute(query.where(*served).group_by(key_col)):
        tally = t[key]
        tally.services, tally.wait_seconds, tally.service_seconds = n, float(wait or 0), float(service or 0)
    rkey = {"window": RatingRequest.window_id, "staff": RatingRequest.staff_id, "item": RatingRequest.item_id,
            "department": RatingRequest.department_id}[of]
    for key, level, channel, n in session.execute(
            select(rkey, RatingRequest.level, RatingRequest.channel, func.count())
            .where(RatingRequest.hall_id == hall.id, RatingRequest.created_at >= start, RatingRequest.created_at < end,
                   RatingRequest.level.is_not(None))
            .group_by(rkey, RatingRequest.level, RatingRequest.channel)):
        t[key].ratings[level] = t[key].ratings.get(level, 0) + n
        if channel == "default":
            t[key].default_ratings += n
    ckey = {"window": Case.window_id, "staff": Case.staff_id, "item": Case.item_id,
            "department": Case.department_id}[of]
    today = local(utcnow(), hall.timezone).date()
    for key, deadline, completed_at in session.execute(
            select(ckey, Case.deadline, Case.completed_at).where(Case.hall_id == hall.id, Case.deadline >= first,
                                                                 Case.deadline <= last)):
        completed_on = local(completed_at, hall.timezone).date() if completed_at is not None else None
        if not stars.due_so_far(deadline, completed_on, today):
            continue
        t[key].cases_due += 1
        if completed_on is not None:
            t[key].cases_completed += 1
        if completed_on is not None and completed_on <= deadline:
            t[key].cases_on_time += 1
    akey = {"window": Case.window_id, "staff": Accountability.staff_id, "item": Case.item_id,
            "department": Accountability.department_id}[of]
    for key, kind, n in session.execute(
            select(akey, Accountability.kind, func.count()).outerjoin(Case, Case.id == Accountability.case_id)
            .where(Accountability.hall_id == hall.id, Accountability.created_at >= start,
                   Accountability.created_at < end).group_by(akey, Accountability.kind)):
        if key is None:
            continue
        if kind == AccountabilityKind.MATERIALS_AFTER_ACCEPTANCE:
            t[key].returned += n
        else:
            t[key].accountability += n
    if of in SUBJECTS:
        _attendance(session, hall, t, first, last, start, end, by_window)
        _oversight(session, hall, t, start, end, by_window)
    return _named(session, hall, t, of)


def _oversight(session, hall, t, start, end, by_window) -> None:
    """Justified complaints answered in the month and inspection findings made in it."""
    for key, n in counted_against(session, hall, start, end, Complaint.window_id if by_window else Complaint.staff_id):
        t[key].complaints += n
    for key, finding, n in findings_by(session, hall, start, end,
                                       Inspection.window_id if by_window else Inspection.staff_id):
        if finding in inspection_rules.ATTENDANCE_FINDINGS:
            t[key].late += n
        else:
            t[key].inspection_faults += n


def _attendance(session, hall, t, first, last, start, end, by_window) -> None:
    """Per working day: present or absent; a first sign-in after opening (5 min grace) or a
    last sign-out before closing counts as one lateness."""
    opens, closes = _hours(session, hall)
    cal = hall_calendar(session)
    today = local(utcnow(), hall.timezone).date()
    days = [first + timedelta(days=i) for i in range((min(last, today) - first).days + 1)]
    workdays = [d for d in days if cal.is_workday(d)]
    expected = (session.scalars(select(Window.id).where(Window.hall_id == hall.id)).all() if by_window else
                session.scalars(select(Staff.id).where(Staff.hall_id == hall.id, Staff.home_window.is_not(None),
                                                       Staff.role == "staff")).all())
    seen: dict = defaultdict(dict)   # key → day → [first in, last out]
    col = WindowSession.window_id if by_window else WindowSession.staff_id
    for key, signed_in, signed_out in session.execute(
            select(col, WindowSession.signed_in_at, WindowSession.signed_out_at)
            .where(WindowSession.signed_in_at >= start, WindowSession.signed_in_at < end)):
        day_in = local(signed_in, hall.timezone)
        span = seen[key].setdefault(day_in.date(), [day_in, None])
        span[0] = min(span[0], day_in)
        if signed_out is not None:
            out = local(signed_out, hall.timezone)
            span[1] = out if span[1] is None else max(span[1], out)
    col_pause = WindowSession.window_id if by_window else WindowSession.staff_id
    for key, began, ended in session.execute(
            select(col_pause, WindowPause.started_at, WindowPause.ended_at)
            .join(WindowSession, WindowSession.id == WindowPause.session_id)
            .where(WindowPause.started_at >= start, WindowPause.started_at < end)):
        t[key].paused_minutes += int(((ended or began) - began).total_seconds() // 60)
    grace = timedelta(minutes=5)
    for key in expected:
        tally = t[key]
        tally.workdays = len(workdays)
        for day in workdays:
            span = seen.get(key, {}).get(day)
            if span is None:
                tally.absent += 1
                continue
            zone = span[0].tzinfo
            if span[0] > datetime.combine(day, opens, zone) + grace:
                tally.late += 1
            if span[1] is not None and span[1] < datetime.combine(day, closes, zone) - grace:
                tally.late += 1


def _named(session, hall, t, of) -> tuple[dict, dict]:
    if of == "window":
        rows = session.execute(select(Window.id, Window.number, Window.name).where(Window.hall_id == hall.id)).all()
        keys = {wid: (str(number), f"{number}号{name}") for wid, number, name in rows}
    elif of == "staff":
        rows = session.execute(select(Staff.id, Staff.staff_no, Staff.name).where(Staff.hall_id == hall.id)).all()
        keys = {sid: (no, name) for sid, no, name in rows}
    else:
        model = Item if of == "item" else Department
        keys = {i: (code, name) for i, code, name in session.execute(
            select(model.id, model.code, model.name).where(model.hall_id == hall.id))}
    result, names = {}, {}
    for key, tally in t.items():
        if key in keys:
            subject, name = keys[key]
            result[subject], names[subject] = tally, name
    return result, names


def indicator_rows(session: Session, hall: HallCatalog, month: str, of: str) -> list[dict]:
    return _indicator_rows(*tallies(session, hall, month, of), of)


def _indicator_rows(t: dict, names: dict, of: str) -> list[dict]:
    return sorted(({of: subject, "name": names[subject], "indicators": stars.indicators(tally)}
                   for subject, tally in t.items() if tally.services or tally.cases_due or tally.ratings),
                  key=lambda r: -r["indicators"]["services"])


def hall_and_window_indicators(session: Session, hall: HallCatalog, month: str) -> tuple[dict, list[dict]]:
    """The whole hall's indicators for a month (every window's tally added up) and each
    window's, from one reading of the month."""
    t, names = tallies(session, hall, month, "window")
    return stars.indicators(stars.add_up(t.values())), _indicator_rows(t, names, "window")


def settings(session: Session, hall: HallCatalog, month: str, *, create: bool = False) -> StarMonth | None:
    row = session.scalar(select(StarMonth).where(StarMonth.hall_id == hall.id, StarMonth.month == month))
    if row is None and create:
        row = StarMonth(hall_id=hall.id, month=month, weights=dict(stars.DEFAULT_WEIGHTS),
                        deductions=dict(stars.DEFAULT_DEDUCTIONS),
                        thresholds={str(k): v for k, v in stars.DEFAULT_THRESHOLDS.items()})
        session.add(row)
        session.flush()
    return row


def compute(session: Session, hall: HallCatalog, month: str, of: str) -> list[dict]:
    cfg = settings(session, hall, month)
    t, names = tallies(session, hall, month, of)
    active = [x.services for x in t.values() if x.services]
    mean = sum(active) / len(active) if active else 0
    rows = []
    for subject, tally in t.items():
        if not tally.services and not tally.workdays:
            continue
        points, breakdown = stars.score(tally, mean, cfg.weights if cfg else None, cfg.deductions if cfg else None)
        rows.append({of: int(subject) if of == "window" else subject, "name": names[subject], "score": points,
                     "stars": stars.stars(points, tally, cfg.thresholds if cfg else None), "breakdown": breakdown})
    return sorted(rows, key=lambda r: (-r["score"], str(r[of])))


def results(session: Session, hall: HallCatalog, month: str, of: str) -> tuple[list[dict], bool]:
    """The month's rows: frozen once closed, computed live before."""
    month_bounds(month, hall.timezone)
    cfg = settings(session, hall, month)
    if cfg and cfg.closed_at:
        frozen = session.scalars(select(StarResult).where(StarResult.hall_id == hall.id, StarResult.month == month,
                                                          StarResult.of == of)
                                 .order_by(StarResult.score.desc(), StarResult.subject)).all()
        return [{of: int(r.subject) if of == "window" else r.subject, "name": r.name, "score": r.score,
                 "stars": r.stars, "breakdown": r.breakdown} for r in frozen], True
    return compute(session, hall, month, of), False


def update_settings(session: Session, hall: HallCatalog, month: str, weights=None, deductions=None, thresholds=None) -> StarMonth:
    cfg = settings(session, hall, month, create=True)
    if cfg.closed_at:
        raise Conflict("该月评比已结束，不能修改权重或星级标准", code="month_closed")
    for name, value, allowed in (("weights", weights, stars.DEFAULT_WEIGHTS), ("deductions", deductions,
                                 stars.DEFAULT_DEDUCTIONS), ("thresholds", thresholds, {"5": 0, "4": 0, "3": 0, "2": 0})):
        if value is None:
            continue
        if not isinstance(value, dict) or set(value) - set(map(str, allowed)) or \
                not all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 100 for v in value.values()):
            raise InvalidInput(f"{name} 格式有误：只允许 {', '.join(map(str, allowed))}，取值0–100", code="invalid_settings")
        setattr(cfg, name, {**getattr(cfg, name), **value})
    if sum(cfg.weights.values()) != 100:
        raise InvalidInput("各项权重之和必须为100", code="invalid_settings")
    return cfg


def close_month(session: Session, hall: HallCatalog, month: str, staff: Staff) -> StarMonth:
    _first, last, _start, _end = month_bounds(month, hall.timezone)
    if not stars.month_has_ended(last, local(utcnow(), hall.timezone).date()):
        raise Conflict(f"{month} 尚未结束，月末之后才能结束评比并公布结果", code="month_not_over")
    cfg = settings(session, hall, month, create=True)
    if cfg.closed_at:
        raise Conflict("该月评比已结束", code="month_closed")
    for of in SUBJECTS:
        for row in compute(session, hall, month, of):
            session.add(StarResult(hall_id=hall.id, month=month, of=of, subject=str(row[of]), name=row["name"],
                                   score=row["score"], stars=row["stars"], breakdown=row["breakdown"]))
    cfg.closed_at, cfg.closed_by = utcnow(), staff.id
    return cfg


def last_closed_month(session: Session, hall: HallCatalog) -> str | None:
    return session.scalar(select(StarMonth.month).where(StarMonth.hall_id == hall.id, StarMonth.closed_at.is_not(None))
                          .order_by(StarMonth.month.desc()).limit(1))


def star_windows(session: Session, hall: HallCatalog) -> list[dict]:
    """Last closed month's windows with 4 or 5 stars, for the lobby display."""
    cfg = session.scalar(select(StarMonth).where(StarMonth.hall_id == hall.id, StarMonth.closed_at.is_not(None))
                         .order_by(StarMonth.month.desc()).limit(1))
    if cfg is None:
        return []
    rows = session.scalars(select(StarResult).where(StarResult.hall_id == hall.id, StarResult.month == cfg.month,
                                                    StarResult.of == "window", StarResult.stars >= 4)
                           .order_by(StarResult.score.desc()).limit(8)).all()
    return [{"month": cfg.month, "window": int(r.subject), "name": r.name, "stars": r.stars, "score": r.score}
            for r in rows]
