"""The one place that turns domain events into Socket.IO emits: (event name, payload, room).

Rooms are named as clients ask for them (``display``, ``window:3`` …) and kept per hall on
the server (``room_key``), so two halls in one deployment never hear each other.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from hall.events import domain


def room_key(hall_id: int, room: str) -> str:
    return f"{hall_id}/{room}"


@dataclass
class LiveViews:
    """What the marker events stand for, read from the database when the bus sends."""
    queues: dict[int, dict] = field(default_factory=dict)            # queue id -> queue_changed payload
    windows: dict[tuple[int, int], dict] = field(default_factory=dict)  # (hall id, number) -> window row


def emits_for(event, views: LiveViews) -> list[tuple[str, dict, str]]:
    h = event.hall_id

    def to(*rooms):
        return [room_key(h, r) for r in rooms]

    if isinstance(event, domain.TicketCalled):
        payload = {"number": event.number, "window": event.window, "queue": event.queue,
                   "recall": event.recall, "text": event.text}
        return [("ticket_called", payload, r) for r in to("display", f"window:{event.window}", f"ticket:{event.token}")]
    if isinstance(event, domain.QueueChanged):
        payload = views.queues.get(event.queue_id)
        # the queue's own room: the phones of its waiting tickets, to show their new place
        return [("queue_changed", payload, r) for r in to("display", "manager", f"queue:{payload['queue']}")] \
            if payload else []
    if isinstance(event, domain.WindowChanged):
        row = views.windows.get((h, event.number))
        n = event.number
        return [("window_changed", row, r) for r in to("display", "manager", f"window:{n}", f"rating_pad:{n}")] \
            if row else []
    if isinstance(event, domain.TicketChanged):
        return [("ticket_changed", {"status": event.status}, room_key(h, f"ticket:{event.token}"))]
    if isinstance(event, domain.WaitingListChanged):
        return [("waiting_changed", {"window": n}, room_key(h, f"window:{n}")) for n in event.windows]
    if isinstance(event, domain.RatingRequested):
        payload = {"rating_token": event.rating_token, "window": event.window, "staff": event.staff}
        return [("rating_requested", payload, room_key(h, f"rating_pad:{event.window}"))]
    if isinstance(event, domain.ReviewChanged):
        rooms = [f"reviewer:{code}" for code in event.departments] + ["manager"]
        if event.window is not None:
            rooms.append(f"window:{event.window}")
        return [("review_changed", event.payload, r) for r in to(*rooms)]
    if isinstance(event, domain.Alert):
        return [("alert", event.payload, r) for r in to(*event.rooms)]
    raise TypeError(f"no emit rule for {type(event).__name__}")


def coalesce(events: list) -> list:
    """Markers stand for "read it again": one per queue, window or ticket is enough, and the
    waiting-list notices merge into one per window. Everything else keeps its order."""
    seen: set = set()
    waiting: dict[int, set] = {}
    kept = []
    for event in events:
        if isinstance(event, domain.WaitingListChanged):
            waiting.setdefault(event.hall_id, set()).update(event.windows)
            continue
        if isinstance(event, domain.MARKERS):
            if event in seen:
                continue
            seen.add(event)
        kept.append(event)
    kept += [domain.WaitingListChanged(hall_id=h, windows=tuple(sorted(ns))) for h, ns in waiting.items()]
    return kept
