"""Inspections as the API and the monthly report show them."""
from __future__ import annotations

from hall.clock import local_iso
from hall.inspections import rules
from hall.inspections.models import Inspection


def inspection_json(hall, i: Inspection, number: int, name: str | None, staff_no: str | None,
                    inspectors: dict[int, str]) -> dict:
    """``number``: the window's; ``name`` and ``staff_no``: the staff member's on duty (None: nobody)."""
    return {"id": i.id, "inspected_at": local_iso(i.inspected_at, hall.timezone), "mode": i.mode,
            "mode_name": rules.MODES[i.mode], "window": number, "finding": i.finding,
            "finding_name": rules.FINDINGS[i.finding], "note": i.note,
            "staff": {"name": name, "staff_no": staff_no} if name else None,
            "inspector": inspectors.get(i.inspector_id)}
