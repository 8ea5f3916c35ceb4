"""What the screens hear of a window: its public row (status, staff, current ticket), read
when the bus sends, for every ``WindowChanged`` marker of a round at once."""
from __future__ import annotations

from hall.catalog.service import list_windows
from hall.events import domain
from hall.events.registry import Reader


def window_changed(event: domain.WindowChanged, views):
    row = views.get("windows", (event.hall_id, event.number))
    if not row:
        return []
    n = event.number
    return [("window_changed", row, room) for room in ("display", "manager", f"window:{n}", f"rating_pad:{n}")]


def read_windows(session, hall, keys: set) -> dict[tuple[int, int], dict]:
    """{(hall id, window number): the window's public row}."""
    return {(hall.id, row["number"]): row for row in list_windows(session, hall, sorted(n for _h, n in keys))}


ROUTES = {domain.WindowChanged: [window_changed]}
READERS = {domain.WindowChanged: Reader("windows", key=lambda event: (event.hall_id, event.number),
                                        read=read_windows)}
