"""Accountability records as the API shows them."""
from __future__ import annotations

from hall.clock import local_iso


def accountability_json(hall, entry, staff, case_no: str | None) -> dict:
    return {"id": entry.id, "kind": entry.kind, "case_no": case_no,
            "staff": {"name": staff.name, "staff_no": staff.staff_no} if staff else None, "detail": entry.detail,
            "created_at": local_iso(entry.created_at, hall.timezone)}
