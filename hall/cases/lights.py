"""电子监察 for anything with a working-day deadline besides cases (complaints, information
requests): lights as of a moment, one accountability record per overdue item against its
owner, and an alert to the managers when an item turns yellow or red."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.calendar.workdays import WorkdayCalendar
from hall.cases.models import Accountability
from hall.clock import local_date
from hall.events import domain
from hall.events.bus import record


def live_light(cal: WorkdayCalendar, today, received_on, deadline, still_open: bool) -> str | None:
    """The light a page shows now; None once the item is answered."""
    return cal.light(today, received_on, deadline) if still_open else None


def sweep_deadlines(session: Session, hall, cal: WorkdayCalendar, as_of: datetime, model, *, open_statuses,
                    kind: str, number_of, label: str) -> dict:
    """``model`` rows have ``received_on``, ``deadline``, ``status``, ``light`` and ``owner_id``."""
    today = local_date(as_of, hall.timezone)
    summary = {f"{kind}_yellow": 0, f"{kind}_red": 0, f"{kind}_overdue": 0}
    have = set(session.scalars(select(Accountability.dedup_key).where(Accountability.hall_id == hall.id,
                                                                      Accountability.kind == f"{kind}_overdue")))
    for row in session.scalars(select(model).where(model.hall_id == hall.id, model.status.in_(open_statuses))):
        light = cal.light(today, row.received_on, row.deadline)
        if light != "green":
            summary[f"{kind}_{light}"] += 1
        if light != row.light and light != "green":
            record(session, domain.Alert(hall_id=hall.id, rooms=("manager",), payload={
                "kind": f"{kind}_{light}", "number": number_of(row), "deadline": row.deadline.isoformat(),
                "message": f"{label}{number_of(row)}{'已超过答复期限' if light == 'red' else '即将到期'}"
                           f"（期限{row.deadline.isoformat()}）"}))
        row.light = light
        key = f"{kind}_overdue:{row.id}"
        if light == "red" and key not in have:
            session.add(Accountability(hall_id=hall.id, kind=f"{kind}_overdue", staff_id=row.owner_id,
                                       created_at=as_of, dedup_key=key,
                                       detail=f"{label}{number_of(row)}超过答复期限{row.deadline.isoformat()}未答复"))
            summary[f"{kind}_overdue"] += 1
    return summary
