"""Joint review's part of the supervision sweep: every open task gets its own light; an
overdue department either consents by silence (超时默许, where configured) or gets the
accountability record itself, not the window that accepted."""
from __future__ import annotations

from sqlalchemy import select

from hall.cases.lookup import add_step
from hall.cases.models import Case
from hall.catalog.models import Department
from hall.reviews.models import ReviewTask
from hall.reviews.service import announce, conclude
from hall.supervision.alerts import alert
from hall.supervision.kinds import AccountabilityKind
from hall.supervision.lights import calls_for_alert
from hall.supervision.sweep import SweepRun


def check_reviews(run: SweepRun) -> dict:
    session, hall, as_of = run.session, run.hall, run.as_of
    summary = {"review_red": 0, "review_deemed": 0, "review_accountability": 0}
    rows = session.execute(select(ReviewTask, Case, Department).join(Case, Case.id == ReviewTask.case_id)
                           .join(Department, Department.id == ReviewTask.department_id)
                           .where(Case.hall_id == hall.id, Case.status == "reviewing",
                                  ReviewTask.status.in_(("pending", "site_inspection")))).all()
    overdue = run.overdue(AccountabilityKind.REVIEW_OVERDUE)
    touched: dict[int, Case] = {}
    for task, case, department in rows:
        deadline = task.deadline
        if task.inspection_since is not None:   # the department's clock stands still
            continue
        light = run.cal.light(run.today, case.accepted_on, deadline)
        if calls_for_alert(task.light, light):
            alert(session, hall, ("manager", f"reviewer:{department.code}"), {
                "kind": "review_" + light, "case_no": case.case_no, "department": department.name,
                "message": f"联审办件{case.case_no}：{department.name}{'已超期' if light == 'red' else '即将到期'}"})
        task.light = light
        if light != "red":
            continue
        summary["review_red"] += 1
        touched[case.id] = case
        if task.deemed_consent:
            task.status, task.decided_at, task.reason = "deemed_approved", as_of, "期限届满未提出意见，视为同意"
            add_step(session, case, f"{department.name}：超时默许", as_of, None, task.reason)
            summary["review_deemed"] += 1
        else:
            overdue.add(task.id, f"{department.name}联审超过期限{deadline.isoformat()}未提出意见",
                        case_id=case.id, department_id=department.id)
    summary["review_accountability"] = overdue.write()
    session.flush()
    for case in touched.values():
        conclude(session, hall, case, as_of)
        announce(session, hall, case)
    return summary
