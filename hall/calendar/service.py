"""Working days as the hall counts them: chinesecalendar plus the managers' overrides."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.auth.models import Staff
from hall.calendar.models import CalendarOverride, CalendarYear
from hall.calendar.workdays import library_knows, library_year, library_years
from hall.clock import utcnow
from hall.errors import InvalidInput, NotFound
from hall.events import domain
from hall.events.bus import record


def hall_calendar(session: Session):
    """A WorkdayCalendar with today's overrides (read per call: managers may have just edited)."""
    from hall.calendar.workdays import WorkdayCalendar

    overrides = dict(session.execute(select(CalendarOverride.day, CalendarOverride.is_workday)).all())
    years = {y.year: (frozenset(date.fromisoformat(d) for d in y.holidays),
                      frozenset(date.fromisoformat(d) for d in y.workdays))
             for y in session.scalars(select(CalendarYear))}
    return WorkdayCalendar(overrides=overrides, years=years)


def set_year(session: Session, year: int, holidays: list, workdays: list, staff_id: int | None,
             hall_id: int | None = None) -> CalendarYear:
    """``PUT /calendar/years/<yyyy>``: a year's State Council notice; dates in that year, none both.
    Records ``CalendarYearEntered`` (``hall_id``: the hall of whoever entered it): the cases
    recompute the deadlines counted over the year (``hall.cases.handlers``)."""
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
    row = session.get(CalendarYear, year)
    known_before = row is not None or library_knows(year)
    row = row or CalendarYear(year=year)
    row.holidays = sorted(d.isoformat() for d in parsed["holidays"])
    row.workdays = sorted(d.isoformat() for d in parsed["workdays"])
    row.entered_by, row.entered_at = staff_id, utcnow()
    session.add(row)
    session.flush()
    if hall_id is not None:
        record(session, domain.CalendarYearEntered(hall_id=hall_id, year=year, known_before=known_before,
                                                   staff_id=staff_id))
    return row


def unknown_years(session: Session, start: date, end: date) -> list[int]:
    """The years from ``start`` to ``end`` whose holidays nobody knows yet (neither
    chinesecalendar nor an entered notice): a count over them is provisional."""
    years = [y for y in range(start.year, end.year + 1) if not library_knows(y)]
    if not years:
        return []
    entered = set(session.scalars(select(CalendarYear.year).where(CalendarYear.year.in_(years))))
    return [y for y in years if y not in entered]


def _entered_view(row: CalendarYear, who: str | None) -> dict:
    return {"year": row.year, "source": "entered", "holidays": list(row.holidays), "workdays": list(row.workdays),
            "entered_at": row.entered_at.isoformat(timespec="seconds") if row.entered_at else None,
            "entered_by": who, "in_library": library_knows(row.year)}


def _library_view(year: int) -> dict | None:
    library = library_year(year)
    if library is None:
        return None
    return {"year": year, "source": "library", "holidays": [d.isoformat() for d in library[0]],
            "workdays": [d.isoformat() for d in library[1]], "entered_at": None, "entered_by": None,
            "in_library": True}


def list_years(session: Session) -> list[dict]:
    """Every year whose holidays are known, newest first: an entered notice (which wins over
    the library's), or chinesecalendar's table (``source``: entered | library)."""
    rows = {row.year: row for row in session.scalars(select(CalendarYear))}
    names = dict(session.execute(select(Staff.id, Staff.name).where(
        Staff.id.in_({r.entered_by for r in rows.values() if r.entered_by}))).all()) if rows else {}
    return [_entered_view(rows[y], names.get(rows[y].entered_by)) if y in rows else _library_view(y)
            for y in sorted(set(rows) | set(library_years()), reverse=True)]


def get_year(session: Session, year: int) -> dict:
    if not 1900 <= year <= 2200:
        raise InvalidInput("年份应在1900至2200之间", code="invalid_year", field="year")
    row = session.get(CalendarYear, year)
    if row is not None:
        staff = session.get(Staff, row.entered_by) if row.entered_by else None
        return _entered_view(row, staff.name if staff else None)
    found = _library_view(year)
    if found is None:
        raise NotFound(f"{year}年的节假日安排尚未录入", code="year_not_known", year=year)
    return found
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
