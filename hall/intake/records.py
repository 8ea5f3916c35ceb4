"""Complaints and information requests are one kind of thing: a numbered citizen record with
a query code and a working-day deadline (``DeadlineRecord``). ``RecordType`` says what
differs between them; the functions here are what they share: taking one, finding it (for
staff, locked; for the citizen, by number and query code), answering it, its light now."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.auth.models import Staff
from hall.calendar.service import hall_calendar
from hall.calendar.workdays import WorkdayCalendar
from hall.clock import local_date
from hall.errors import NotFound
from hall.intake.models import DeadlineRecord
from hall.intake.numbering import hall_prefix, next_seq
from hall.intake.query_codes import new_query_code, query_code_matches
from hall.supervision.kinds import AccountabilityKind
from hall.supervision.lights import live_light


@dataclass(frozen=True)
class RecordType:
    model: type[DeadlineRecord]
    name: str                          # the numbering counter's kind, the sweep's figures: complaint, info_request
    label: str                         # how alerts and accountability records name it: 投诉建议
    open_statuses: tuple[str, ...]     # not answered yet: its deadline runs
    not_found: str                     # the hall has no record of this number
    citizen_not_found: str             # the number or the query code is wrong
    overdue: AccountabilityKind        # the record an unanswered one past its deadline leaves

    @property
    def not_found_code(self) -> str:
        return f"{self.name}_not_found"

    @property
    def number_column(self):
        return getattr(self.model, self.model.NUMBER)


def take(session: Session, hall, kind: RecordType, number: Callable[[str, date, int], str], working_days: int,
         now: datetime, /, **fields) -> DeadlineRecord:
    """A new record, numbered (``number(hall prefix, day, seq)``), with its query code and a
    deadline ``working_days`` after the day it is received (that day not counted). ``fields``
    are the model's own columns (a complaint has a column named ``kind`` too)."""
    day = local_date(now, hall.timezone)
    record = kind.model(hall_id=hall.id, query_code=new_query_code(), received_at=now, received_on=day,
                        deadline=hall_calendar(session).add_working_days(day, working_days),
                        **{kind.model.NUMBER: number(hall_prefix(hall.code), day, next_seq(session, hall, day, kind.name))},
                        **fields)
    session.add(record)
    session.flush()
    return record


def by_number(session: Session, hall, kind: RecordType, number: str) -> DeadlineRecord:
    """The hall's record, locked: the caller is about to change it."""
    record = session.scalar(select(kind.model).where(kind.model.hall_id == hall.id, kind.number_column == number)
                            .with_for_update())
    if record is None:
        raise NotFound(kind.not_found, code=kind.not_found_code)
    return record


def for_citizen(session: Session, kind: RecordType, number: str, query_code, *, lock: bool = False) -> DeadlineRecord:
    """Found by its number and query code, whichever hall took it (numbers carry the hall's code)."""
    query = select(kind.model).where(kind.number_column == number)
    record = session.scalar(query.with_for_update() if lock else query)
    if not query_code_matches(record, query_code):
        raise NotFound(kind.citizen_not_found, code=kind.not_found_code)
    return record


def answer(record: DeadlineRecord, staff: Staff, text: str, now: datetime) -> None:
    """The reply closes the record; whoever answers owns it if nobody did."""
    record.reply, record.replied_at, record.replied_by, record.status = text, now, staff.id, "replied"
    record.owner_id = record.owner_id or staff.id


def light_now(kind: RecordType, cal: WorkdayCalendar, today: date, record: DeadlineRecord) -> str | None:
    return live_light(cal, today, record.received_on, record.deadline, record.status in kind.open_statuses)


def people(session: Session, ids) -> dict[int, dict]:
    """Staff id → name and staff number, in one query."""
    ids = {i for i in ids if i}
    return {s.id: {"name": s.name, "staff_no": s.staff_no}
            for s in session.scalars(select(Staff).where(Staff.id.in_(ids)))} if ids else {}
