"""Accountability records written outside the sweep, as they happen."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from hall.supervision.kinds import AccountabilityKind
from hall.supervision.models import Accountability


def hold_accountable(session: Session, hall, kind: AccountabilityKind, detail: str, now: datetime, *,
                     staff_id: int | None = None, department_id: int | None = None,
                     case_id: int | None = None) -> Accountability:
    """One record written at once (not by the sweep), e.g. materials asked after acceptance."""
    entry = Accountability(hall_id=hall.id, case_id=case_id, kind=kind.value, staff_id=staff_id,
                           department_id=department_id, created_at=now, detail=detail)
    session.add(entry)
    session.flush()          # the answer names the record: it needs its id now
    return entry

