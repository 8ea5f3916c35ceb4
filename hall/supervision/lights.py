"""Deadline lights (green, yellow, red) as a page shows them and as the sweep sets them."""
from __future__ import annotations

from hall.calendar.workdays import WorkdayCalendar


def live_light(cal: WorkdayCalendar, today, received_on, deadline, still_open: bool) -> str | None:
    """The light a page shows now; None once the item is answered."""
    return cal.light(today, received_on, deadline) if still_open else None


def calls_for_alert(old: str | None, new: str) -> bool:
    """An alert goes out when a light turns yellow or red, once per change."""
    return new != old and new != "green"
