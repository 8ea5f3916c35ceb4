"""Recording inspections and reading a month's supervision figures."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hall.auth.models import Staff
from hall.auth.service import hall_staff
from hall.catalog.models import Window
from hall.catalog.service import window_named
from hall.clock import as_utc, local_date, utcnow
from hall.errors import InvalidInput
from hall.inspections import rules
from hall.inspections.models import Inspection
from hall.inspections.schemas import inspection_json
from hall.queueing.duty import on_duty


def record_inspection(session: Session, hall, inspector: Staff, *, window: int, finding: str, mode: str,
                      note: str = "", at: datetime | None = None, staff_no: str | None = None) -> Inspection:
    rules.check(finding, mode)
    now = utcnow()
    at = as_utc(at, hall.timezone) if at else now
    if at > now:
        raise InvalidInput("检查时间不能晚于现在", code="invalid_time", field="at")
    target = window_named(session, hall, window)
    staff = hall_staff(session, hall, staff_no=staff_no) or on_duty(session, target, at)
    inspection = Inspection(hall_id=hall.id, inspected_at=at, inspected_on=local_date(at, hall.timezone), mode=mode,
                            window_id=target.id, staff_id=staff.id if staff else None, finding=finding, note=note,
                            inspector_id=inspector.id, created_at=now)
    session.add(inspection)
    session.flush()
    return inspection


def listing(session: Session, hall, start: datetime | None = None, end: datetime | None = None) -> list[dict]:
    query = (select(Inspection, Window.number, Staff.name, Staff.staff_no)
             .join(Window, Window.id == Inspection.window_id).outerjoin(Staff, Staff.id == Inspection.staff_id)
             .where(Inspection.hall_id == hall.id))
    if start is not None:
        query = query.where(Inspection.inspected_at >= start, Inspection.inspected_at < end)
    inspectors = dict(session.execute(select(Staff.id, Staff.name).where(Staff.hall_id == hall.id)).all())
    return [inspection_json(hall, i, number, name, staff_no, inspectors)
            for i, number, name, staff_no in session.execute(query.order_by(Inspection.inspected_at.desc()).limit(1000))]


def findings_by(session: Session, hall, start: datetime, end: datetime, column) -> list[tuple]:
    """(window or staff id, finding, count) of the month's findings that cost points."""
    return session.execute(select(column, Inspection.finding, func.count()).where(
        Inspection.hall_id == hall.id, Inspection.inspected_at >= start, Inspection.inspected_at < end,
        Inspection.finding != "ok", column.is_not(None)).group_by(column, Inspection.finding)).all()

