"""Finding a case and writing its steps: what the cases service and joint review share."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.calendar.workdays import Pause, WorkdayCalendar
from hall.cases.access import CaseFacts, may_read_case, reader_of
from hall.cases.models import Case, CasePause, CaseStep
from hall.catalog.models import Item, Window
from hall.errors import Forbidden, NotFound
from hall.reviews.models import ReviewTask


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


def review_departments(session: Session, case: Case) -> frozenset:
    return frozenset(session.scalars(select(ReviewTask.department_id).where(ReviewTask.case_id == case.id)))


def case_facts(session: Session, case: Case):
    window_department = session.scalar(select(Window.department_id).where(Window.id == case.window_id)) \
        if case.window_id else None
    return CaseFacts(department_id=case.department_id, window_department_id=window_department,
                     accepted_at_window=case.window_id is not None, accepted_by=case.staff_id,
                     review_departments=review_departments(session, case))


def readable_case(session: Session, hall, case_no: str, staff) -> Case:
    """The case, if ``staff`` may read it (``hall.cases.access``); another department's: 403."""
    case = case_by_no(session, hall, case_no)
    if not may_read_case(reader_of(staff), case_facts(session, case)):
        raise Forbidden("只能查看本部门的办件", code="wrong_department")
    return case


def check_notice_read(session: Session, notice, staff) -> None:
    """A one-time notice (告知书) is read as its case is; without a case, as a case of its item
    accepted by its author at a comprehensive window (which accepts every item) would be."""
    if notice.case_id:
        facts = case_facts(session, session.get(Case, notice.case_id))
    else:
        facts = CaseFacts(department_id=session.scalar(select(Item.department_id).where(Item.id == notice.item_id)),
                          window_department_id=None, accepted_at_window=True, accepted_by=notice.staff_id)
    if not may_read_case(reader_of(staff), facts):
        raise Forbidden("只能查看本部门的告知书", code="wrong_department")
