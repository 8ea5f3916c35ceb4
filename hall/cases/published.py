"""What a case tells the outside when it moves: the outbox's ``case.accepted`` /
``case.decided`` / ``case.completed`` events (``hall.integrations``) and the applicant's
结果已出 message. Every path that decides a case (the window, the joint review, the higher
level's answer, deemed approval in the sweep) calls ``decided``, so none is left out."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from hall.cases.models import Case
from hall.catalog.cache import HallCatalog
from hall.events import domain
from hall.events.bus import record


def publish(session: Session, hall: HallCatalog, name: str, case: Case, now: datetime) -> None:
    """One case event for the integrations subscribing to it (its body is made only then)."""
    def data():
        item = hall.items_by_id.get(case.item_id)
        department = hall.departments.get(case.department_id)
        return {"case_no": case.case_no, "item_code": item.code if item else None,
                "department": department.code if department else None, "status": case.status,
                "kind": case.kind, "accepted_at": case.accepted_at.isoformat().replace("+00:00", "Z"),
                "deadline": case.deadline.isoformat(), "decision_reason": case.decision_reason or None,
                "certificates": list(case.certificates or [])}
    record(session, domain.Published(hall_id=hall.id, name=name, data=data, occurred_at=now))


def result_ready(session: Session, hall: HallCatalog, case: Case) -> None:
    """结果已出: the applicant who left a phone number is told to collect the result."""
    if not case.notify_phone:
        return
    item = hall.items_by_id.get(case.item_id)
    name = item.name if item else "办件"
    record(session, domain.Notification(
        hall_id=hall.id, to=case.notify_phone, template="result_ready",
        params=(("case_no", case.case_no), ("item", name)),
        text=f"【{hall.name}】您的{name}（办件编号{case.case_no}）已办理完毕，请携带身份证件到大厅窗口领取结果。"))


def decided(session: Session, hall: HallCatalog, case: Case, now: datetime) -> None:
    """A decision on the case (approved, rejected, deemed approved): out to the integrations,
    and the applicant told the result can be collected."""
    publish(session, hall, "case.decided", case, now)
    result_ready(session, hall, case)
