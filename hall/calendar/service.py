"""Working days as the hall counts them: chinesecalendar plus the managers' overrides."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.calendar.models import CalendarOverride
from hall.clock import utcnow
from hall.errors import NotFound


def hall_calendar(session: Session):
    """A WorkdayCalendar with today's overrides (read per call: managers may have just edited)."""
    from hall.calendar.workdays import WorkdayCalendar

    overrides = dict(session.execute(select(CalendarOverride.day, CalendarOverride.is_workday)).all())
    return WorkdayCalendar(overrides=overrides)


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
