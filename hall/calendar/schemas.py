"""The calendar's overrides as the API shows them."""
from __future__ import annotations

from hall.calendar.models import CalendarOverride


def override(row: CalendarOverride) -> dict:
    return {"date": row.day.isoformat(), "is_workday": row.is_workday, "note": row.note}
