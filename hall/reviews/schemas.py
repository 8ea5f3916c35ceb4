"""A joint case's review tasks as the API shows them."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.cases.models import Case
from hall.catalog.models import Department
from hall.reviews import rules
from hall.reviews.models import ReviewTask


def tasks_of(session: Session, case: Case) -> list[tuple[ReviewTask, Department]]:
    """The case's tasks with their departments, the lead first."""
    return list(session.execute(select(ReviewTask, Department).join(Department, Department.id == ReviewTask.department_id)
                                .where(ReviewTask.case_id == case.id).order_by(ReviewTask.is_lead.desc(), ReviewTask.id)).all())


def review_rows(session: Session, case: Case) -> list[dict]:
    return [{"dept_code": d.code, "dept_name": d.name, "status": t.status, "status_name": rules.STATUS_NAMES[t.status],
             "reason": t.reason, "basis": t.basis, "deadline": t.deadline.isoformat(), "light": t.light,
             "lead": t.is_lead} for t, d in tasks_of(session, case)]
