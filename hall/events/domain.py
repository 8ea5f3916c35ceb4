"""Domain events: facts the services record inside a transaction.

They are plain data; ``hall.events.bus`` delivers them after the commit and
``hall.events.dispatch`` decides which Socket.IO rooms hear about them.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TicketCalled:
    number: str
    window: int
    queue: str
    recall: bool
    text: str
    token: str


@dataclass(frozen=True)
class QueueChanged:
    queue: str
    waiting: int
    estimated_wait_minutes: int


@dataclass(frozen=True)
class WindowChanged:
    window: dict  # the public window view (GET /windows row)


@dataclass(frozen=True)
class TicketChanged:
    """A ticket's public view changed (status, position); for its track page."""
    token: str
    ticket: dict


@dataclass(frozen=True)
class WaitingListChanged:
    """A window's waiting list needs refreshing on its console."""
    windows: tuple[int, ...]


@dataclass(frozen=True)
class RatingRequested:
    window: int
    rating_token: str
    staff: dict | None


@dataclass(frozen=True)
class Alert:
    """Something staff or managers should see at once (supervision, printer faults)."""
    rooms: tuple[str, ...]
    payload: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ReviewChanged:
    """A joint case's review tasks changed: every department on it and the accepting window hear it."""
    case_no: str
    departments: tuple[str, ...]
    window: int | None
    payload: dict = field(default_factory=dict)
