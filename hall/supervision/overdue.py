"""The one mechanism behind every "overdue → one accountability record" rule: a check adds
what it found overdue, named by what is late (a case's id, a task's id, ...); something
already recorded (this sweep or an earlier one) is skipped; the new records are written with
one bulk insert. The key ``<kind>:<what>`` is stored in ``Accountability.dedup_key``
(unique), so even two sweeps at once cannot record the same thing twice."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from hall.supervision.kinds import AccountabilityKind
from hall.supervision.models import Accountability


class OverdueRecords:
    """The accountability records of one kind for one hall: those already written and the
    ones this sweep adds."""

    def __init__(self, session: Session, hall, kind: AccountabilityKind, as_of: datetime):
        self.session, self.hall_id, self.kind, self.as_of = session, hall.id, kind, as_of
        self._prefix = f"{kind.value}:"
        self._have = set(session.scalars(select(Accountability.dedup_key).where(
            Accountability.hall_id == hall.id, Accountability.kind == kind.value)))
        self._new: list[dict] = []

    def key(self, what) -> str:
        return self._prefix + str(what)

    def __contains__(self, what) -> bool:
        return self.key(what) in self._have

    def add(self, what, detail: str, *, staff_id: int | None = None, department_id: int | None = None,
            case_id: int | None = None) -> bool:
        """Adds a record for ``what`` unless it has one; True when added."""
        key = self._prefix + str(what)
        if key in self._have:
            return False
        self._have.add(key)
        self._new.append({"hall_id": self.hall_id, "case_id": case_id, "kind": self.kind.value, "staff_id": staff_id,
                          "department_id": department_id, "created_at": self.as_of, "detail": detail,
                          "dedup_key": key})
        return True

    def write(self) -> int:
        """Writes the new records in one statement; returns how many."""
        if self._new:
            self.session.execute(insert(Accountability.__table__), self._new)
        written, self._new = len(self._new), []
        return written
