"""What the screens hear of the queue: which rooms each queueing event reaches, and the
queue figures a ``QueueChanged`` marker stands for (read once for many markers when the bus
sends). Gathered with the other domains' by ``hall.bootstrap``."""
from __future__ import annotations

from hall.clock import local_date, utcnow
from hall.events import domain
from hall.events.registry import Reader
from hall.queueing.service import queue_payloads


def ticket_called(event: domain.TicketCalled, _views):
    payload = {"number": event.number, "window": event.window, "queue": event.queue,
               "recall": event.recall, "text": event.text}
    return [("ticket_called", payload, room) for room in ("display", f"window:{event.window}", f"ticket:{event.token}")]


def queue_changed(event: domain.QueueChanged, views):
    payload = views.get("queues", event.queue_id)
    if not payload:
        return []
    # the queue's own room: the phones of its waiting tickets, to show their new place
    return [("queue_changed", payload, room) for room in ("display", "manager", f"queue:{payload['queue']}")]


def ticket_changed(event: domain.TicketChanged, _views):
    return [("ticket_changed", {"status": event.status}, f"ticket:{event.token}")]


def waiting_changed(event: domain.WaitingListChanged, _views):
    return [("waiting_changed", {"window": n}, f"window:{n}") for n in event.windows]


def read_queues(session, hall, queue_ids: set) -> dict[int, dict]:
    """{queue id: ``queue_changed`` payload}: the waiting counts and estimates of today."""
    return queue_payloads(session, hall, local_date(utcnow(), hall.timezone), queue_ids)


def merge_waiting_lists(events: list[domain.WaitingListChanged]) -> list[domain.WaitingListChanged]:
    """One notice per hall, for every window any of them named."""
    windows: dict[int, set] = {}
    for event in events:
        windows.setdefault(event.hall_id, set()).update(event.windows)
    return [domain.WaitingListChanged(hall_id=h, windows=tuple(sorted(ns))) for h, ns in windows.items()]


ROUTES = {
    domain.TicketCalled: [ticket_called],
    domain.QueueChanged: [queue_changed],
    domain.TicketChanged: [ticket_changed],
    domain.WaitingListChanged: [waiting_changed],
}
READERS = {domain.QueueChanged: Reader("queues", key=lambda event: event.queue_id, read=read_queues)}
MERGES = {domain.WaitingListChanged: merge_waiting_lists}
