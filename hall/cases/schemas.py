"""Cases and their steps as the API shows them."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.assist.attorney_cases import attorney_of_case
from hall.auth.models import Staff
from hall.calendar.service import unknown_years
from hall.cases import rules
from hall.cases.models import Case, CaseStep
from hall.catalog.models import Department, Item, Window
from hall.clock import local_iso
from hall.intake.documents import LABELS


def case_view(session: Session, hall, case: Case) -> dict:
    item = session.get(Item, case.item_id)
    department = session.get(Department, case.department_id)
    window = session.get(Window, case.window_id) if case.window_id else None
    staff = session.get(Staff, case.staff_id)
    return {"case_no": case.case_no, "status": case.status, "status_name": rules.STATUS_NAMES[case.status],
            "kind": case.kind, "kind_name": rules.KIND_NAMES.get(case.kind, case.kind),
            "item": item.code, "item_name": item.name, "department": department.name,
            "window": window.number if window else None,
            "staff": {"name": staff.name, "staff_no": staff.staff_no},
            "applicant": {"name": case.applicant_name, "id_number": case.applicant_id_masked,
                          "phone": case.applicant_phone_masked, "kind": case.applicant_kind,
                          "kind_name": LABELS.get(case.applicant_kind, case.applicant_kind),
                          "representative": {k: v for k, v in case.representative.items() if k != "number_hash"}
                          if case.representative else None},
            "materials": case.materials, "accepted_at": local_iso(case.accepted_at, hall.timezone),
            "deadline": case.deadline.isoformat(), "promised_days": case.promised_days,
            "provisional": provisional(session, case),
            "extension_days": case.extension_days, "light": case.light,
            "urgent": case.urgent, "urgent_reason": case.urgent_reason,
            "decision_reason": case.decision_reason, "decision_basis": case.decision_basis,
            "certificate_no": case.certificate_no, "certificates": case.certificates,
            "query_code": case.query_code, "application_no": case.application_no,
            "attorney": attorney_of_case(session, case.id)}   # 帮办代办: the helper who applied (代办人)


def steps_of(session: Session, hall, case: Case) -> list[dict]:
    return [{"at": local_iso(s.at, hall.timezone), "name": s.name, "detail": s.detail}
            for s in session.scalars(select(CaseStep).where(CaseStep.case_id == case.id).order_by(CaseStep.id))]


def provisional(session: Session, case: Case) -> bool:
    """An open case's deadline was counted over a year whose holidays nobody has entered yet
    (Monday to Friday there): it is recomputed once the year is entered."""
    return case.status in rules.OPEN and bool(unknown_years(session, case.accepted_on, case.deadline))
