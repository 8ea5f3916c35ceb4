"""Domain events: facts the services record inside a transaction.

They are plain data and import nothing: one vocabulary for the domain that records an
event and the ones that react to it (queueing records ``WindowChanged``, the catalog reads
the window's row; four domains raise an ``Alert``; queueing records ``ServiceFinished``,
ratings turns it into a rating request). ``hall.events.bus`` delivers them after the commit;
which Socket.IO rooms hear about them each domain declares in its ``rooms.py`` (gathered by
``hall.bootstrap``). Every event names its hall: rooms are per hall.

Some events carry what they announce (a call, a rating request). Others only say *what*
changed (a queue, a window, a ticket): the bus reads the current figures when it sends, so
ten changes to one queue in a busy moment go out as one message with the latest numbers,
and a snapshot can never be older than the change it reports.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class TicketCalled:
    hall_id: int
    number: str
    window: int
    queue: str
    recall: bool
    text: str
    token: str


@dataclass(frozen=True)
class QueueChanged:
    """A queue's waiting count or estimate may have changed."""
    hall_id: int
    queue_id: int


@dataclass(frozen=True)
class WindowChanged:
    """A window's public row (status, staff, current ticket) may have changed."""
    hall_id: int
    number: int


@dataclass(frozen=True)
class TicketChanged:
    """A ticket's status changed; its page on the phone fetches the ticket again. (Only the
    phones that show a ticket read it, instead of every change reading every ticket.)"""
    hall_id: int
    token: str
    status: str


@dataclass(frozen=True)
class WaitingListChanged:
    """These windows' waiting lists need refreshing on their consoles."""
    hall_id: int
    windows: tuple[int, ...]


@dataclass(frozen=True)
class ServiceFinished:
    """A window finished serving a ticket (ratings asks the citizen to rate it). Handled in
    the transaction: the rating request is written with the finished ticket."""
    hall_id: int
    ticket_id: int
    item_id: int | None
    window_id: int
    window_number: int
    window_department_id: int | None
    staff_id: int
    staff: dict | None           # the staff member's public card
    at: datetime


@dataclass(frozen=True)
class RatingRequested:
    hall_id: int
    window: int
    rating_token: str
    staff: dict | None


@dataclass(frozen=True)
class Alert:
    """Something staff or managers should see at once (supervision, printer faults)."""
    hall_id: int
    rooms: tuple[str, ...]
    payload: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ReviewChanged:
    """A joint case's review tasks changed: every department on it and the accepting window hear it."""
    hall_id: int
    case_no: str
    departments: tuple[str, ...]
    window: int | None
    payload: dict = field(default_factory=dict)


@dataclass(frozen=True)
class AssistRequested:
    """A kiosk or a staff member asked for a helper (帮办): the helpers on duty hear it."""
    hall_id: int
    payload: dict = field(default_factory=dict)


@dataclass(frozen=True)
class AssistChanged:
    """An assistance request was accepted or the helper arrived: the kiosk that asked
    (``device_id``, when a kiosk asked) and the helpers' consoles hear it."""
    hall_id: int
    name: str                      # assist_accepted | assist_arrived
    device_id: int | None
    payload: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CatalogChanged:
    """An admin or manager changed the hall's catalog (a department, queue, window or item):
    open kiosks and displays read it again (``hall.catalog.rooms``)."""
    hall_id: int
    what: str      # department | queue | window | item
    code: str


@dataclass(frozen=True)
class Published:
    """A fact outside systems may subscribe to (``ticket.issued``, ``rating.created`` …, the
    names in ``hall.integrations.rules.EVENTS``): the outbox writes one row per subscribing
    integration in the recording transaction. ``data`` is the event's body, or a function
    that makes it, called only when some integration subscribes."""
    hall_id: int
    name: str
    data: object
    occurred_at: datetime


@dataclass(frozen=True)
class Notification:
    """A message to a citizen's phone through the notification gateway (``HALL_NOTIFY_URL``):
    written to the outbox in the recording transaction, sent by the worker; nothing without a gateway."""
    hall_id: int
    to: str
    template: str
    params: tuple = ()          # (name, value) pairs
    text: str = ""


@dataclass(frozen=True)
class AppointmentBooked:
    """An appointment was booked (预约): with a notification gateway its phone number is kept
    for the reminder the working day before (``hall.integrations``)."""
    hall_id: int
    appointment_id: int
    day: object           # date
    phone: str


@dataclass(frozen=True)
class CalendarYearEntered:
    """A manager entered a year's State Council holiday notice (``PUT /calendar/years/<yyyy>``).
    The calendar is the deployment's, so ``hall_id`` is only the hall of whoever entered it:
    the cases of every hall whose deadlines were counted over the year are recomputed
    (``hall.cases.handlers``), in the same transaction. ``known_before``: the year was known
    already (a correction of an entered notice, or one over the library's table)."""
    hall_id: int
    year: int
    known_before: bool
    staff_id: int | None = None


@dataclass(frozen=True)
class AccessEnded:
    """Staff login sessions ended (sign-out, a password changed or reset, an account
    disabled) or a device was revoked: the sockets that joined with them are told and
    disconnected, on every process (``hall.live.rooms``)."""
    hall_id: int
    sessions: tuple[int, ...] = ()
    device_id: int | None = None
    device_kind: str | None = None      # a revoked device's kind and window (a rating pad's
    window: int | None = None           # unused rating tokens are void: ``hall.ratings.handlers``)
