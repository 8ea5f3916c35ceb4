"""Working days as the hall counts them: chinesecalendar plus the managers' overrides."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.calendar.models import CalendarOverride, CalendarYear
from hall.clock import utcnow
from hall.errors import InvalidInput, NotFound


def hall_calendar(session: Session):
    """A WorkdayCalendar with today's overrides (read per call: managers may have just edited)."""
    from hall.calendar.workdays import WorkdayCalendar

    overrides = dict(session.execute(select(CalendarOverride.day, CalendarOverride.is_workday)).all())
    years = {y.year: (frozenset(date.fromisoformat(d) for d in y.holidays),
                      frozenset(date.fromisoformat(d) for d in y.workdays))
             for y in session.scalars(select(CalendarYear))}
    return WorkdayCalendar(overrides=overrides, years=years)


def set_year(session: Session, year: int, holidays: list, workdays: list, staff_id: int | None) -> CalendarYear:
    """``PUT /calendar/years/<yyyy>``: a year's State Council notice; dates in that year, none both."""
    if not 2000 <= year <= 2200:
        raise InvalidInput("年份应在2000至2200之间", code="invalid_year", field="year")
    parsed = {}
    for name, values in (("holidays", holidays), ("workdays", workdays)):
        if not isinstance(values, list):
            raise InvalidInput(f"{name}应为日期列表", code="invalid_dates", field=name)
        days = set()
        for value in values:
            try:
                day = date.fromisoformat(value) if isinstance(value, str) else None
            except ValueError:
                day = None
            if day is None:
                raise InvalidInput(f"日期格式应为YYYY-MM-DD：{value}", code="invalid_dates", field=name)
            if day.year != year:
                raise InvalidInput(f"日期{value}不在{year}年内", code="date_outside_year", field=name)
            days.add(day)
        parsed[name] = days
    both = parsed["holidays"] & parsed["workdays"]
    if both:
        raise InvalidInput(f"{min(both).isoformat()}不能既是节假日又是调休工作日", code="date_in_both", field="workdays")
    row = session.get(CalendarYear, year) or CalendarYear(year=year)
    row.holidays = sorted(d.isoformat() for d in parsed["holidays"])
    row.workdays = sorted(d.isoformat() for d in parsed["workdays"])
    row.entered_by, row.entered_at = staff_id, utcnow()
    session.add(row)
    session.flush()
    return row


def list_overrides(session: Session) -> list[CalendarOverride]:
    return list(session.scalars(select(CalendarOverride).order_by(CalendarOverride.day)))


def set_override(session: Session, day: date, is_workday: bool, note: str = "",
                 staff_id: int | None = None) -> CalendarOverride:
    row = session.scalar(select(CalendarOverride).where(CalendarOverride.day == day))
    if row is None:
        row = CalendarOverride(day=day, is_workday=is_workday)
        session.add(row)
    row.is_workday, row.note, row.created_by, row.created_at = is_workday, note, staff_id, utcnow()
    session.flush()
    return row


def delete_override(session: Session, day: date) -> None:
    row = session.scalar(select(CalendarOverride).where(CalendarOverride.day == day))
    if row is None:
        raise NotFound("该日期没有调整记录", code="override_not_found")
    session.delete(row)
