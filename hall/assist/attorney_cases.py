"""A case applied for under a 授权委托书 (DOMAIN.md rule 12): the window accepting a case names
the power of attorney the helper presents (or the ticket the helper took under one names
it); the case records who applied for whom, only for the items and days the power covers.
The case's answer, progress and 受理通知书 show the helper as 代办人 beside the applicant."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.assist import rules
from hall.assist.models import AttorneyCase, AttorneyTicket, PowerOfAttorney
from hall.auth.models import Staff
from hall.cases.lookup import add_step
from hall.cases.models import Case
from hall.clock import local_date, utcnow
from hall.errors import InvalidInput, NotFound


def _terms(row: PowerOfAttorney) -> rules.AttorneyTerms:
    return rules.AttorneyTerms(row.id, row.helper_id, row.principal_id_hash, tuple(row.items), row.valid_until)


def attorney_for_acceptance(session: Session, hall, *, ticket_id: int, attorney_id, item_code: str,
                            applicant_hash: str, now: datetime | None = None) -> PowerOfAttorney | None:
    """The power of attorney a case about to be accepted is applied for under: the one named
    (``attorney_id``), else the one its ticket was taken under, else None. Refused when it
    does not cover this applicant, item and day."""
    if attorney_id is not None and (isinstance(attorney_id, bool) or not isinstance(attorney_id, int)
                                    or attorney_id < 1):
        raise InvalidInput("attorney_id 应为授权委托书编号（整数）", code="invalid_field", field="attorney_id")
    taken_under = session.scalar(select(AttorneyTicket.attorney_id).where(AttorneyTicket.ticket_id == ticket_id))
    wanted = attorney_id if attorney_id is not None else taken_under
    if wanted is None:
        return None
    row = session.get(PowerOfAttorney, wanted)
    if row is None or row.hall_id != hall.id:
        raise NotFound("没有此授权委托书", code="attorney_not_found")
    today = local_date(now or utcnow(), hall.timezone)
    rules.check_attorney_case(_terms(row), item_code=item_code, applicant_hash=applicant_hash, today=today,
                              ticket_attorney_id=taken_under)
    return row


def record_case(session: Session, case: Case, attorney: PowerOfAttorney, staff: Staff,
                now: datetime | None = None) -> None:
    """The case was applied for by the helper for the principal: recorded, and a step of its
    history says so."""
    now = now or utcnow()
    helper = session.get(Staff, attorney.helper_id)
    session.add(AttorneyCase(attorney_id=attorney.id, case_id=case.id, helper_id=helper.id, created_at=now))
    add_step(session, case, "帮办代办", now, staff,
             rules.attorney_line(helper.name, helper.staff_no, attorney.principal_name, attorney.id,
                                 attorney.valid_until))
    session.flush()


def attorney_of_case(session: Session, case_id: int) -> dict | None:
    """The 代办人 of a case, if it was applied for under a power of attorney."""
    found = session.execute(select(AttorneyCase, PowerOfAttorney, Staff)
                            .join(PowerOfAttorney, PowerOfAttorney.id == AttorneyCase.attorney_id)
                            .join(Staff, Staff.id == AttorneyCase.helper_id)
                            .where(AttorneyCase.case_id == case_id)).first()
    if found is None:
        return None
    _link, power, helper = found
    return {"attorney_id": power.id, "helper": {"name": helper.name, "staff_no": helper.staff_no},
            "principal": power.principal_name, "valid_until": power.valid_until.isoformat(),
            "text": rules.attorney_line(helper.name, helper.staff_no, power.principal_name, power.id,
                                        power.valid_until)}


def case_numbers(session: Session, attorney_ids: list[int]) -> dict[int, list[str]]:
    """{power of attorney: the numbers of the cases applied for under it}, in one reading."""
    found: dict[int, list[str]] = {}
    if attorney_ids:
        for attorney_id, case_no in session.execute(
                select(AttorneyCase.attorney_id, Case.case_no).join(Case, Case.id == AttorneyCase.case_id)
                .where(AttorneyCase.attorney_id.in_(attorney_ids)).order_by(Case.id)):
            found.setdefault(attorney_id, []).append(case_no)
    return found
