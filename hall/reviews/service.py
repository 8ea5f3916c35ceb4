"""联审联办: accept once, review in parallel, hand out once.

A joint case gets one task per department (the lead and every co-reviewer) at the moment it
is accepted. Opinions lock the case row, so concurrent opinions are serialized and none is
lost; the case's outcome is settled when the last task closes. The supervision sweep's
part (each task's light, deemed consent, the late department's record) is in
``hall/reviews/scheduled.py``.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.auth.models import Staff
from hall.calendar.workdays import Pause, WorkdayCalendar
from hall.cases.access import may_record_meeting, reader_of
from hall.cases import published
from hall.cases.lookup import add_step, case_by_no, review_departments
from hall.cases.models import Case
from hall.cases.schemas import case_view
from hall.catalog.cache import HallCatalog
from hall.catalog.models import Department, Item, Window
from hall.clock import local_date, utcnow
from hall.errors import Conflict, Forbidden, NotFound
from hall.events import domain
from hall.events.bus import record
from hall.reviews import rules
from hall.reviews.models import ReviewMeeting, ReviewTask
from hall.reviews.schemas import review_rows, tasks_of


def create_tasks(session: Session, hall: HallCatalog, case: Case, item: Item, cal: WorkdayCalendar) -> list[ReviewTask]:
    joint = item.joint or {}
    departments = {d.code: d for d in session.scalars(select(Department).where(Department.hall_id == hall.id))}
    lead = departments.get(joint.get("lead")) or session.get(Department, item.department_id)
    plan = [(lead, item.promised_days, False, True)] + [
        (departments[c["department"]], int(c["days"]), bool(c.get("deemed_consent")), False)
        for c in joint.get("co", []) if c["department"] in departments and departments[c["department"]].id != lead.id]
    tasks = [ReviewTask(case_id=case.id, department_id=d.id, is_lead=is_lead, days=days,
                        deadline=cal.add_working_days(case.accepted_on, days), deemed_consent=deemed)
             for d, days, deemed, is_lead in plan]
    session.add_all(tasks)
    session.flush()
    announce(session, hall, case)
    return tasks


def announce(session: Session, hall: HallCatalog, case: Case) -> None:
    rows = review_rows(session, case)
    window = session.get(Window, case.window_id) if case.window_id else None
    record(session, domain.ReviewChanged(hall_id=case.hall_id, case_no=case.case_no, departments=tuple(r["dept_code"] for r in rows),
                                         window=window.number if window else None,
                                         payload={"case_no": case.case_no, "status": case.status, "reviews": rows}))


def conclude(session: Session, hall: HallCatalog, case: Case, now: datetime) -> None:
    """When every department's task is closed the case is decided: any rejection rejects it
    with all the reasons together, else it is approved (and the outside is told)."""
    opinions = [rules.Opinion(d.name, t.status, t.reason, t.basis) for t, d in tasks_of(session, case)]
    status, reason = rules.outcome(opinions)
    if status and case.status == "reviewing":
        case.status, case.decided_at, case.decision_reason = status, now, reason
        case.decision_basis = "；".join(o.basis for o in opinions if o.status == "rejected")
        add_step(session, case, "联审通过" if status == "approved" else "联审不予许可", now, None, reason)
        published.decided(session, hall, case, now)


def _extend_for_inspection(cal: WorkdayCalendar, task: ReviewTask, today: date) -> None:
    if task.inspection_since is None:
        return
    paused = cal.paused_working_days([Pause(task.inspection_since, today)], task.inspection_since, today)
    paused += 1 if cal.is_workday(task.inspection_since) else 0     # the first day stands still too
    task.paused_days += paused
    task.deadline = cal.add_working_days(task.deadline, paused) if paused else task.deadline
    task.inspection_since = None


def give_opinion(session: Session, hall: HallCatalog, case_no: str, dept_code: str, staff: Staff, opinion: str,
                 reason: str, basis: str, cal: WorkdayCalendar, now: datetime | None = None) -> Case:
    now = now or utcnow()
    case = case_by_no(session, hall, case_no, lock=True)   # serializes opinions on one case
    department = session.scalar(select(Department).where(Department.hall_id == hall.id, Department.code == dept_code))
    if department is None:
        raise NotFound("没有此部门", code="department_not_found")
    if staff.role not in ("manager", "admin") and not (staff.role == "reviewer" and staff.department_id == department.id):
        raise Forbidden("只能审查本部门的联审任务", code="wrong_department")
    task = session.scalar(select(ReviewTask).where(ReviewTask.case_id == case.id,
                                                   ReviewTask.department_id == department.id).with_for_update())
    if task is None:
        raise NotFound("该办件没有此部门的联审任务", code="review_not_found")
    if case.status != "reviewing":
        raise Conflict("办件不在联审阶段", code="review_closed")
    status = rules.check_opinion(task.status, opinion, reason, basis)
    today = local_date(now, hall.timezone)
    if status == "site_inspection":
        task.inspection_since = task.inspection_since or today
    else:
        _extend_for_inspection(cal, task, today)
    task.status, task.reason, task.basis, task.reviewer_id = status, reason, basis, staff.id
    task.decided_at = now if status in rules.CLOSED else None
    add_step(session, case, f"{department.name}：{rules.STATUS_NAMES[status]}", now, staff, reason)
    session.flush()
    conclude(session, hall, case, now)
    announce(session, hall, case)
    return case


def record_meeting(session: Session, hall: HallCatalog, case_no: str, staff: Staff, held_on: date, departments: list[str],
                   conclusion: str, now: datetime | None = None) -> ReviewMeeting:
    now = now or utcnow()
    case = case_by_no(session, hall, case_no)
    if not may_record_meeting(reader_of(staff), review_departments(session, case)):
        raise Forbidden("本部门在该办件没有联审任务，不能记录联审会议", code="wrong_department")
    meeting = ReviewMeeting(case_id=case.id, held_on=held_on, departments=departments, conclusion=conclusion,
                            recorded_by=staff.id, created_at=now)
    session.add(meeting)
    add_step(session, case, "联审会议", now, staff, f"{held_on.isoformat()}，参会：{'、'.join(departments)}；结论：{conclusion}")
    return meeting


def tasks_for_department(session: Session, hall: HallCatalog, department: Department) -> list[dict]:
    cases = session.scalars(select(Case).join(ReviewTask, ReviewTask.case_id == Case.id)
                            .where(Case.hall_id == hall.id, ReviewTask.department_id == department.id)
                            .order_by(Case.status != "reviewing", Case.accepted_at.desc()).limit(100)).all()
    return [case_view(session, hall, c) | {"reviews": review_rows(session, c)} for c in cases]
