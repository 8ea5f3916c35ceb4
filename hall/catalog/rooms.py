"""What the screens hear of the catalog: a changed catalog (kiosks read it again), and of a window: its public row (status, staff, current ticket), read
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


def catalog_changed(event: domain.CatalogChanged, _views):
    """Kiosks and displays (room ``display``) and managers read the catalog again."""
    return [("catalog_changed", {"what": event.what, "code": event.code}, room) for room in ("display", "manager")]


def merge_catalog_changes(events: list[domain.CatalogChanged]) -> list[domain.CatalogChanged]:
    """One notice per hall and record however many writes a round made (an import: hundreds)."""
    seen, kept = set(), []
    for event in events:
        key = (event.hall_id, event.what, event.code)
        if key not in seen:
            seen.add(key)
            kept.append(event)
    if len(kept) > 5:   # a batch: one notice per hall says enough
        halls = {}
        for event in kept:
            halls.setdefault(event.hall_id, domain.CatalogChanged(event.hall_id, "catalog", ""))
        kept = list(halls.values())
    return kept


ROUTES = {domain.WindowChanged: [window_changed], domain.CatalogChanged: [catalog_changed]}
MERGES = {domain.CatalogChanged: merge_catalog_changes}
READERS = {domain.WindowChanged: Reader("windows", key=lambda event: (event.hall_id, event.number),
                                        read=read_windows)}
