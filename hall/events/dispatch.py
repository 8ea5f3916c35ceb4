"""The one place that turns domain events into Socket.IO emits: (event name, payload, room)."""
from __future__ import annotations

from dataclasses import asdict

from hall.events import domain


def emits_for(event) -> list[tuple[str, dict, str]]:
    if isinstance(event, domain.TicketCalled):
        payload = {"number": event.number, "window": event.window, "queue": event.queue,
                   "recall": event.recall, "text": event.text}
        return [("ticket_called", payload, "display"),
                ("ticket_called", payload, f"window:{event.window}"),
                ("ticket_called", payload, f"ticket:{event.token}")]
    if isinstance(event, domain.QueueChanged):
        return [("queue_changed", asdict(event), "display"), ("queue_changed", asdict(event), "manager")]
    if isinstance(event, domain.WindowChanged):
        number = event.window["number"]
        return [("window_changed", event.window, "display"), ("window_changed", event.window, "manager"),
                ("window_changed", event.window, f"window:{number}"),
                ("window_changed", event.window, f"rating_pad:{number}")]
    if isinstance(event, domain.TicketChanged):
        return [("ticket_changed", event.ticket, f"ticket:{event.token}")]
    if isinstance(event, domain.WaitingListChanged):
        return [("waiting_changed", {"window": n}, f"window:{n}") for n in event.windows]
    if isinstance(event, domain.RatingRequested):
        payload = {"rating_token": event.rating_token, "window": event.window, "staff": event.staff}
        return [("rating_requested", payload, f"rating_pad:{event.window}")]
    if isinstance(event, domain.ReviewChanged):
        rooms = [f"reviewer:{code}" for code in event.departments] + ["manager"]
        if event.window is not None:
            rooms.append(f"window:{event.window}")
        return [("review_changed", event.payload, room) for room in rooms]
    if isinstance(event, domain.Alert):
        return [("alert", event.payload, room) for room in event.rooms]
    raise TypeError(f"no emit rule for {type(event).__name__}")


def coalesce(events: list) -> list:
    """Within one transaction only the last snapshot of a queue or window matters."""
    last_index: dict[tuple, int] = {}
    for index, event in enumerate(events):
        if isinstance(event, domain.QueueChanged):
            last_index[("queue", event.queue)] = index
        elif isinstance(event, domain.WindowChanged):
            last_index[("window", event.window["number"])] = index
        elif isinstance(event, domain.WaitingListChanged):
            last_index[("waiting", event.windows)] = index
    keep = set(last_index.values())
    return [e for i, e in enumerate(events)
            if i in keep or not isinstance(e, (domain.QueueChanged, domain.WindowChanged,
                                               domain.WaitingListChanged))]
