"""The hall-wide sweep: every registered check (a domain's ``scheduled.py``) in turn, in one
transaction. ``hall/scheduler.py`` says which checks run, and in what order.

A check is a function ``check(run: SweepRun) -> dict`` that sets its lights, writes its
overdue records through ``OverdueRecords`` and its alerts through ``hall.supervision.alerts``,
and returns its figures for the summary. Checks read plain rows and write in bulk where
there are many rows: the sweep runs inside the server and a slow one holds up requests."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable, Iterable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hall.calendar.service import hall_calendar
from hall.calendar.workdays import WorkdayCalendar
from hall.catalog.cache import HallCatalog
from hall.clock import local_date, utcnow
from hall.supervision.kinds import AccountabilityKind
from hall.supervision.overdue import OverdueRecords


@dataclass(frozen=True)
class SweepRun:
    """What every check is given: the hall, the moment it is swept as of, its calendar."""
    session: Session
    hall: HallCatalog
    as_of: datetime
    today: date
    cal: WorkdayCalendar
    default_rating: int | None = None

    def overdue(self, kind: AccountabilityKind) -> OverdueRecords:
        return OverdueRecords(self.session, self.hall, kind, self.as_of)


Check = Callable[[SweepRun], dict]


def run_checks(session: Session, hall: HallCatalog, checks: Iterable[Check], as_of: datetime | None = None,
               default_rating: int | None = None) -> dict:
    """Runs ``checks`` for one hall and returns their figures together. Safe to run again:
    records exist once. Should another sweep write the same records first (a unique
    ``dedup_key`` refuses the second), this one is rolled back and run again."""
    checks = tuple(checks)
    as_of = as_of or utcnow()
    run = SweepRun(session, hall, as_of, local_date(as_of, hall.timezone), hall_calendar(session), default_rating)
    summary: dict = {}
    try:
        for check in checks:
            summary.update(check(run))
        session.flush()
    except IntegrityError:
        session.rollback()
        return run_checks(session, hall, checks, as_of, default_rating)
    return summary
