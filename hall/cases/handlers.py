"""What cases do when other domains' events are recorded, inside their transaction.

A year's State Council notice entered (``CalendarYearEntered``): every open case of every
hall whose deadline was counted through that year is counted again with the new calendar.
A moved deadline, or a provisional one now settled, is written as a step of the case (the
applicant sees it on the progress page), and each hall's managers get one alert saying how
many. The calendar records the event; it knows nothing of cases.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from hall.calendar.service import hall_calendar, unknown_years
from hall.cases import rules
from hall.cases.lookup import add_step, current_deadline, pauses_of
from hall.cases.models import Case
from hall.catalog.models import Hall
from hall.clock import local_date, utcnow
from hall.events import domain
from hall.reviews.models import ReviewTask
from hall.supervision.alerts import alert

OPEN_REVIEWS = ("pending", "site_inspection")


def recompute_deadlines(session, event: domain.CalendarYearEntered) -> dict:
    """{hall id: (cases counted again, deadlines moved)}."""
    cal = hall_calendar(session)   # the year just entered is in it (flushed before the event)
    now = utcnow()
    first, last = date(event.year, 1, 1), date(event.year, 12, 31)
    cases = session.scalars(select(Case).where(Case.status.in_(rules.OPEN), Case.accepted_on <= last,
                                               Case.deadline >= first)
                            .order_by(Case.hall_id, Case.id).with_for_update()).all()
    halls: dict[int, Hall] = {}
    counts: dict[int, list[int]] = {}
    for case in cases:
        if not rules.counted_over(case.accepted_on, case.deadline, event.year):
            continue
        hall = halls.get(case.hall_id) or halls.setdefault(case.hall_id, session.get(Hall, case.hall_id))
        if case.kind == "joint":
            _recount_reviews(cal, session, case)
        old = case.deadline
        new = current_deadline(cal, case, pauses_of(session, case), local_date(now, hall.timezone))
        text = rules.recomputed_step(event.year, old, new, event.known_before,
                                     still_provisional=bool(unknown_years(session, case.accepted_on, new)))
        if text is None:
            continue
        case.deadline = new
        add_step(session, case, "办理期限重新计算", now, None, text)
        seen = counts.setdefault(case.hall_id, [0, 0])
        seen[0] += 1
        seen[1] += new != old
    for hall_id, (counted, moved) in counts.items():
        alert(session, halls[hall_id], ("manager",), {
            "kind": "deadlines_recomputed", "year": event.year, "cases": counted, "moved": moved,
            "message": f"已录入{event.year}年节假日安排：{counted}件办件的办理期限已重新计算，其中{moved}件调整"})
    session.flush()
    return {hall_id: tuple(v) for hall_id, v in counts.items()}


def _recount_reviews(cal, session, case: Case) -> None:
    """A joint case's departments still reviewing: their own limits counted again, from
    acceptance, with the working days their clocks already stood still."""
    for task in session.scalars(select(ReviewTask).where(ReviewTask.case_id == case.id,
                                                         ReviewTask.status.in_(OPEN_REVIEWS))):
        task.deadline = cal.add_working_days(case.accepted_on, task.days + task.paused_days)


HANDLERS = {domain.CalendarYearEntered: [recompute_deadlines]}
