"""Finding a case and writing its steps: what the cases service and joint review share."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.calendar.workdays import Pause, WorkdayCalendar
from hall.cases.models import Case, CasePause, CaseStep
from hall.errors import NotFound


def case_by_no(session: Session, hall, case_no: str, *, lock: bool = False) -> Case:
    stmt = select(Case).where(Case.hall_id == hall.id, Case.case_no == case_no)
    if lock:
        stmt = stmt.with_for_update()
    case = session.scalar(stmt)
    if case is None:
        raise NotFound("没有此办件", code="case_not_found")
    return case


def add_step(session: Session, case: Case, name: str, now: datetime, staff=None, detail: str = "") -> None:
    """One line of the case's history (办理过程), shown to the citizen."""
    session.add(CaseStep(case_id=case.id, at=now, name=name, detail=detail,
                         staff_id=staff.id if staff else None))


def pauses_of(session: Session, case: Case) -> list[Pause]:
    return [Pause(p.started_on, p.ended_on) for p in
            session.scalars(select(CasePause).where(CasePause.case_id == case.id).order_by(CasePause.id))]


def current_deadline(cal: WorkdayCalendar, case: Case, pauses: list[Pause], today) -> object:
    """Acceptance + promised + extension + working days spent paused (an open pause runs to today)."""
    paused = cal.paused_working_days(pauses, case.accepted_on, today)
    return cal.deadline(case.accepted_on, case.promised_days, paused, case.extension_days)
