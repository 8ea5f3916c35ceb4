"""The supervision check of a numbered citizen record with a working-day deadline
(complaints, information requests): lights as of the sweep, an alert to the managers when
one turns yellow or red, one accountability record per overdue record against its owner.

A domain registers ``deadline_check(its RecordType)`` in its ``scheduled.py``."""
from __future__ import annotations

from sqlalchemy import select

from hall.intake.records import RecordType
from hall.supervision.alerts import alert
from hall.supervision.lights import calls_for_alert
from hall.supervision.sweep import Check, SweepRun


def deadline_check(kind: RecordType) -> Check:
    """The summary counts ``<name>_yellow``, ``<name>_red`` and ``<name>_overdue``."""
    model, name, label = kind.model, kind.name, kind.label

    def check(run: SweepRun) -> dict:
        session, hall = run.session, run.hall
        summary = {f"{name}_yellow": 0, f"{name}_red": 0, f"{name}_overdue": 0}
        overdue = run.overdue(kind.overdue)
        for row in session.scalars(select(model).where(model.hall_id == hall.id, model.status.in_(kind.open_statuses))):
            light = run.cal.light(run.today, row.received_on, row.deadline)
            if light != "green":
                summary[f"{name}_{light}"] += 1
            if calls_for_alert(row.light, light):
                alert(session, hall, ("manager",), {
                    "kind": f"{name}_{light}", "number": row.number, "deadline": row.deadline.isoformat(),
                    "message": f"{label}{row.number}{'已超过答复期限' if light == 'red' else '即将到期'}"
                               f"（期限{row.deadline.isoformat()}）"})
            row.light = light
            if light == "red":
                overdue.add(row.id, f"{label}{row.number}超过答复期限{row.deadline.isoformat()}未答复",
                            staff_id=row.owner_id)
        summary[f"{name}_overdue"] = overdue.write()
        return summary
    check.__name__ = f"check_{name}_deadlines"
    return check
