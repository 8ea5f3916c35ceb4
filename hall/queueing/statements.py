"""The statements of the queue's hot path, prepared once (``hall.db.prepared``).

``hall.queueing.service`` decides what happens to tickets and windows; this module says how
it reaches the database. Rows come back as the NamedTuples below (``TicketRow``: every
column of a ticket; ``WindowRow``: a window's live columns), with the ORM models' attribute
names but none of their behaviour: they are read-only snapshots of what the statement saw.

Where a step writes several rows (a call: the ticket, the window, the ticket's log, the
window's count of calls), PostgreSQL runs it as one statement with data-modifying CTEs:
every round trip while a row is locked holds up the other windows and kiosks, and on a
busy hall the server spends more time on round trips than on the statements. SQLite runs
the same step as a few plain statements: its writers take turns anyway. Both paths are run
by the tests on both databases.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import Integer, String, and_, bindparam, case, cast, func, insert, literal, or_, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from hall.catalog.models import Queue, Window
from hall.db.counters import Counter
from hall.db.engine import is_postgres
from hall.db.functions import seconds_between
from hall.db.prepared import Prepared, any_of
from hall.queueing import rules
from hall.queueing.models import QueueCounter, QueueDeparture, Ticket, TicketEvent, waiting_in_line

T = Ticket.__table__
E = TicketEvent.__table__
W = Window.__table__
Q = Queue.__table__
QC = QueueCounter.__table__
QD = QueueDeparture.__table__



class TicketRow(NamedTuple):
    """A ticket as a statement read or wrote it: every column of ``ticket``, in table order."""
    id: int
    hall_id: int
    issued_queue_id: int
    queue_id: int
    item_id: int | None
    service_date: date
    seq: int
    number: str
    token: str
    status: str
    priority: int
    green_channel: bool
    appointment_code: str | None
    idempotency_key: str | None
    issued_at: datetime
    queued_at: datetime
    called_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    call_count: int
    wait_seconds: int | None
    service_seconds: int | None
    expected_service_seconds: int
    window_id: int | None
    target_window_id: int | None
    staff_id: int | None
    device_id: int | None
    urgent: bool
    urgent_reason: str
    elderly: bool
    applicant_name: str
    applicant_id_masked: str
    applicant_id_hash: str | None


class WindowRow(NamedTuple):
    """A window's live columns (and the static ones its actions check), read under its lock."""
    id: int
    number: int
    status: str
    staff_id: int | None
    current_ticket_id: int | None
    department_id: int | None


class WindowStatus(NamedTuple):
    id: int
    status: str


class QueueLine(NamedTuple):
    """A queue's waiting line today: tickets waiting, their expected seconds of service."""
    queue_id: int
    waiting: int
    work: int


class ServiceTime(NamedTuple):
    avg_service_seconds: float | None
    service_samples: int


class Issued(NamedTuple):
    """A ticket just issued, and its queue's line with it."""
    ticket: TicketRow
    waiting: int
    work: int


_WINDOW_COLUMNS = tuple(W.c[name] for name in WindowRow._fields)
_TICKET_WIDTH = len(TicketRow._fields)


# ---------------------------------------------------------------- reading

_TICKET_BY_ID = Prepared(select(*T.c).where(T.c.id == bindparam("id")), row=TicketRow)
_TICKET_BY_TOKEN = Prepared(select(*T.c).where(T.c.token == bindparam("token")), row=TicketRow)
_TICKET_BY_KEY = Prepared(select(*T.c).where(T.c.hall_id == bindparam("hall_id"),
                                             T.c.idempotency_key == bindparam("key")), row=TicketRow)
_WINDOW_LOCKED = Prepared(select(*_WINDOW_COLUMNS).where(W.c.id == bindparam("id")).with_for_update(), row=WindowRow)
# A window and the ticket it holds, in one read. Only the window row is locked: a ticket at a
# window changes only under that window's lock, which every action on it takes first.
_WINDOW_AND_CURRENT_LOCKED = Prepared(
    select(*_WINDOW_COLUMNS, *[c.label("current_" + c.name) for c in T.c])
    .select_from(W.outerjoin(T, T.c.id == W.c.current_ticket_id))
    .where(W.c.id == bindparam("id")).with_for_update(of=W))
_WINDOW_OF_STAFF_LOCKED = Prepared(select(*_WINDOW_COLUMNS)
                                   .where(W.c.hall_id == bindparam("hall_id"), W.c.staff_id == bindparam("staff_id"))
                                   .with_for_update(), row=WindowRow)


def ticket_by_id(session: Session, ticket_id: int) -> TicketRow | None:
    return _TICKET_BY_ID.first(session, {"id": ticket_id})


def ticket_by_token(session: Session, token: str) -> TicketRow | None:
    return _TICKET_BY_TOKEN.first(session, {"token": token})


def ticket_by_key(session: Session, hall_id: int, key: str) -> TicketRow | None:
    return _TICKET_BY_KEY.first(session, {"hall_id": hall_id, "key": key})


def window_locked(session: Session, window_id: int) -> WindowRow:
    return _WINDOW_LOCKED.one(session, {"id": window_id})


def window_and_current_locked(session: Session, window_id: int) -> tuple[WindowRow, TicketRow | None]:
    """(the window, locked; the ticket it holds or None)."""
    row = _WINDOW_AND_CURRENT_LOCKED.one(session, {"id": window_id})
    width = len(_WINDOW_COLUMNS)
    window = WindowRow(*row[:width])
    return window, (TicketRow(*row[width:]) if window.current_ticket_id else None)


def window_of_staff_locked(session: Session, hall_id: int, staff_id: int) -> WindowRow | None:
    return _WINDOW_OF_STAFF_LOCKED.first(session, {"hall_id": hall_id, "staff_id": staff_id})


def _waiting(what, *conditions):
    return (select(what).select_from(T)
            .where(T.c.queue_id == bindparam("queue_id"), T.c.status == "waiting",
                   T.c.service_date == bindparam("day"), *conditions).scalar_subquery())


# Tickets of the same queue and day that will be called first (call_order_key order), as
# three index ranges: a range is several times cheaper than testing each waiting ticket
# against "(priority, queued_at, id) < mine". How many, and their expected service.
_RANGES = ((T.c.priority < bindparam("priority"),),
           (T.c.priority == bindparam("priority"), T.c.queued_at < bindparam("queued_at")),
           (T.c.priority == bindparam("priority"), T.c.queued_at == bindparam("queued_at"), T.c.id < bindparam("id")))
_AHEAD = (sum((_waiting(func.count(), *r) for r in _RANGES[1:]), _waiting(func.count(), *_RANGES[0])),
          sum((_waiting(func.coalesce(func.sum(T.c.expected_service_seconds), 0), *r) for r in _RANGES[1:]),
              _waiting(func.coalesce(func.sum(T.c.expected_service_seconds), 0), *_RANGES[0])))
_POSITION = Prepared(select(*_AHEAD))
_LINES = Prepared(lambda: select(QC.c.queue_id, *(c.label(n) for c, n in zip(waiting_in_line(), ("waiting", "work"))))
                  .join(Q, Q.c.id == QC.c.queue_id)
                  .where(Q.c.hall_id == bindparam("hall_id"), QC.c.service_date == bindparam("day")), row=QueueLine)
_WINDOW_STATES = Prepared(select(W.c.id, W.c.status).where(W.c.hall_id == bindparam("hall_id")), row=WindowStatus)
_DEPARTURES = Prepared(select(func.coalesce(func.sum(QD.c.departed), 0), func.coalesce(func.sum(QD.c.departed_work), 0))
                       .where(QD.c.queue_id == bindparam("queue_id"), QD.c.service_date == bindparam("day")))


def position(session: Session, ticket: TicketRow) -> tuple[int, float]:
    """(people ahead of a waiting ticket, their expected seconds of service)."""
    ahead, work = _POSITION.one(session, {"queue_id": ticket.queue_id, "day": ticket.service_date,
                                          "priority": ticket.priority, "queued_at": ticket.queued_at, "id": ticket.id})
    return ahead or 0, float(work or 0)


def lines(session: Session, hall_id: int, day: date) -> list[QueueLine]:
    """The line of each queue with a line today."""
    return _LINES.rows(session, {"hall_id": hall_id, "day": day})


def window_states(session: Session, hall_id: int) -> list[WindowStatus]:
    """The status of each of the hall's windows."""
    return _WINDOW_STATES.rows(session, {"hall_id": hall_id})


# ---------------------------------------------------------------- writing

_INSERT_TICKET = Prepared(insert(T).returning(*T.c), row=TicketRow)
_INSERT_EVENT = Prepared(insert(E))
_ISSUED = Counter(QueueCounter, ("queue_id", "service_date"), {"last_seq": 1, "joined": 1, "joined_work": "work"})
_JOINED = Counter(QueueCounter, ("queue_id", "service_date"), {"joined": 1, "joined_work": "work"})
_DEPARTED = Counter(QueueDeparture, ("queue_id", "service_date", "window_id"), {"departed": 1, "departed_work": "work"})


_SERVICE_TIME = Prepared(select(Q.c.avg_service_seconds, Q.c.service_samples)
                         .where(Q.c.id == bindparam("queue_id")).with_for_update(), row=ServiceTime)
_SET_SERVICE_TIME = Prepared(update(Q).where(Q.c.id == bindparam("queue_id"))
                             .values(avg_service_seconds=bindparam("average"), service_samples=bindparam("samples")))


def service_time(session: Session, queue_id: int) -> ServiceTime:
    """A queue's learned service seconds and how many services taught it, locked for update."""
    return _SERVICE_TIME.one(session, {"queue_id": queue_id})


def set_service_time(session: Session, queue_id: int, average: float, samples: int) -> None:
    _SET_SERVICE_TIME.run(session, {"queue_id": queue_id, "average": average, "samples": samples})


def log(session: Session, ticket_id: int, kind: str, at, window_id=None, staff_id=None, detail=None) -> None:
    _INSERT_EVENT.run(session, {"ticket_id": ticket_id, "kind": kind, "at": at, "window_id": window_id,
                                "staff_id": staff_id, "detail": detail or {}})


def joined(session: Session, ticket: TicketRow, queue_id: int) -> None:
    """A ticket (re)joined a queue's waiting line."""
    _JOINED(session, queue_id=queue_id, service_date=ticket.service_date, work=ticket.expected_service_seconds)


def _new_values(values: dict) -> dict:
    return {"new_" + k: v for k, v in values.items()}


class _ByColumns:
    """Statements prepared once per set of columns they set (or queues they call from)."""

    def __init__(self, build, row=None):
        self.build, self.row, self.statements = build, row, {}

    def __call__(self, columns: tuple) -> Prepared:
        stmt = self.statements.get(columns)
        if stmt is None:
            stmt = self.statements[columns] = Prepared(self.build(columns), row=self.row)
        return stmt


def _set(table, columns):
    return update(table).where(table.c.id == bindparam("row_id")).values(
        {name: bindparam("new_" + name) for name in columns})


_UPDATE_WINDOW = _ByColumns(lambda columns: _set(W, columns))
_UPDATE_TICKET = _ByColumns(lambda columns: _set(T, columns).returning(*T.c), row=TicketRow)


def _change_and_log_on_postgresql(columns):
    changed = _set(T, columns).returning(*T.c).cte("changed")
    logged = insert(E).from_select(["ticket_id", "kind", "at", "window_id", "staff_id", "detail"], select(
        changed.c.id, bindparam("kind", type_=String), bindparam("at", type_=E.c.at.type),
        bindparam("window_id", type_=Integer), bindparam("staff_id", type_=Integer),
        bindparam("detail", type_=E.c.detail.type))).cte("logged")
    return select(changed).add_cte(logged)


_CHANGE_AND_LOG_ON_POSTGRESQL = _ByColumns(_change_and_log_on_postgresql, row=TicketRow)


def update_window(session: Session, window_id: int, **values) -> None:
    _UPDATE_WINDOW(tuple(values)).run(session, {"row_id": window_id, **_new_values(values)})


def update_ticket(session: Session, ticket_id: int, **values) -> TicketRow:
    return _UPDATE_TICKET(tuple(values)).one(session, {"row_id": ticket_id, **_new_values(values)})


def change_ticket(session: Session, ticket_id: int, values: dict, *, kind: str, at, window_id=None,
                  staff_id=None, detail=None) -> TicketRow:
    """Update a ticket and log the change (one statement on PostgreSQL); the new row."""
    entry = {"kind": kind, "at": at, "window_id": window_id, "staff_id": staff_id, "detail": detail or {}}
    if is_postgres(session):
        return _CHANGE_AND_LOG_ON_POSTGRESQL(tuple(values)).one(
            session, {"row_id": ticket_id, **_new_values(values), **entry})
    row = update_ticket(session, ticket_id, **values)
    log(session, ticket_id, **entry)
    return row


# -- issuing

def _issue_on_postgresql():
    """Counter, ticket and its "issued" line in one statement, the daily cap inside it: at
    the cap nothing is counted and no row comes back. The number is formatted as
    ``rules.format_number`` does (a test holds the two together)."""
    cap = cast(bindparam("cap"), Integer)   # spelled out: the server would guess text
    first = select(bindparam("queue_id", type_=QC.c.queue_id.type),
                   bindparam("t_service_date", type_=QC.c.service_date.type), literal(1), literal(1)).where(cap >= 1)
    work = bindparam("t_expected_service_seconds", type_=Integer)
    first = first.add_columns(work)
    waiting, waiting_work = waiting_in_line()
    counted = (postgresql.insert(QC).from_select(["queue_id", "service_date", "last_seq", "joined", "joined_work"], first)
               .on_conflict_do_update(index_elements=["queue_id", "service_date"],
                                      set_={"last_seq": QC.c.last_seq + 1, "joined": QC.c.joined + 1,
                                            "joined_work": QC.c.joined_work + work},
                                      where=QC.c.last_seq < cap)
               .returning(QC.c.last_seq, waiting.label("waiting"), waiting_work.label("work"))).cte("counted")
    seq = counted.c.last_seq
    number = bindparam("prefix", type_=String) + case(
        (seq < 1000, func.lpad(cast(seq, String), 3, "0")), else_=cast(seq, String))
    at = func.coalesce(bindparam("now", type_=T.c.issued_at.type), func.clock_timestamp())
    issued = (insert(T).from_select(ISSUE_COLUMNS + ["seq", "number", "issued_at", "queued_at"],
                                    select(*[bindparam("t_" + c, type_=T.c[c].type) for c in ISSUE_COLUMNS],
                                           seq, number, at, at))
              .returning(*T.c).cte("issued"))
    logged = insert(E).from_select(["ticket_id", "kind", "at", "detail"], select(
        issued.c.id, literal("issued"), issued.c.issued_at, bindparam("detail", type_=E.c.detail.type))).cte("logged")
    return select(issued, counted.c.waiting, counted.c.work).add_cte(logged)


# the columns a new ticket gets from the caller (the rest: numbering, times, a window later)
ISSUE_COLUMNS = ["hall_id", "issued_queue_id", "queue_id", "item_id", "service_date", "token", "status", "priority",
                 "green_channel", "appointment_code", "idempotency_key", "call_count", "device_id",
                 "expected_service_seconds", "urgent", "urgent_reason", "elderly", "applicant_name",
                 "applicant_id_masked", "applicant_id_hash"]
_ISSUE_ON_POSTGRESQL = Prepared(_issue_on_postgresql)


def _issued_detail(values: dict) -> dict:
    """The "issued" line's detail: the green channel, and elderly (read from an ID card)."""
    detail = {"green_channel": values["green_channel"]}
    if values.get("elderly"):
        detail["elderly"] = True
    return detail


def issue(session: Session, queue, values: dict, now, utcnow) -> Issued | None:
    """Number a ticket, store it with its "issued" line and count it into the waiting line:
    the ticket row with the tickets now waiting in its queue and their expected service
    seconds, or None at the queue's daily cap.
    ``now`` None: the time is read once the counter is locked (``utcnow``), so places in
    line follow the numbers.

    The counter row stays locked from here to the commit. On PostgreSQL this is one
    statement, and a walk-in's request runs it on its own (``db.single_statements``), so the
    lock lasts no longer than the statement."""
    if is_postgres(session):
        row = _ISSUE_ON_POSTGRESQL.first(session, {"queue_id": queue.id, "prefix": queue.prefix, "now": now,
                                                   "cap": queue.daily_cap,
                                                   "detail": _issued_detail(values),
                                                   **{"t_" + k: v for k, v in values.items()}})
        return Issued(TicketRow(*row[:_TICKET_WIDTH]), row[-2], row[-1]) if row is not None else None
    day = values["service_date"]
    seq, joined_today, joined_work = _ISSUED(session, queue_id=queue.id, service_date=day,
                                             work=values["expected_service_seconds"])
    if seq > queue.daily_cap:
        return None
    now = now or utcnow()
    ticket = _INSERT_TICKET.one(session, values | {"seq": seq, "number": rules.format_number(queue.prefix, seq),
                                                   "issued_at": now, "queued_at": now})
    log(session, ticket.id, "issued", now, detail=_issued_detail(values))
    departed, departed_work = _DEPARTURES.one(session, {"queue_id": queue.id, "day": day})
    return Issued(ticket, joined_today - departed, joined_work - departed_work)


# -- calling

def window_call_priority(elderly_first: bool):
    """``rules.window_call_priority`` in SQL: at a 老年人专窗 an elderly ticket is called as
    ``PRIORITY_ELDERLY`` unless it already goes first; elsewhere the stored priority (and
    the pick walks ``ix_ticket_call_order``)."""
    if not elderly_first:
        return T.c.priority
    return case((and_(T.c.elderly, T.c.priority > rules.PRIORITY_ELDERLY), rules.PRIORITY_ELDERLY),
                else_=T.c.priority)


def call_order(elderly_first: bool = False) -> tuple:
    """The ORDER BY of a window's pick and of its waiting list."""
    return rules.call_order_key(window_call_priority(elderly_first), T.c.queued_at, T.c.id)


def _pick(queue_ids, elderly_first: bool = False):
    """The next ticket a window may call: the first of the day's waiting tickets in call
    order of its queues (not referred elsewhere) or referred to this very window. Other
    windows' picks in progress are skipped on PostgreSQL (SKIP LOCKED), so windows never
    queue up behind each other; SQLite ignores the locking clause (its writers take turns)."""
    return (select(T.c.id)
            .where(T.c.status == "waiting", T.c.service_date == bindparam("day"),
                   or_(and_(any_of(T.c.queue_id, queue_ids), T.c.target_window_id.is_(None)),
                       T.c.target_window_id == bindparam("window_id")))
            .order_by(*call_order(elderly_first))
            .limit(1).with_for_update(skip_locked=True).scalar_subquery())


def _claim(key):
    """Mark the picked ticket called at the window, returning it. ``key``: the window's
    queue ids, or (queue ids, elderly_first) for a 老年人专窗."""
    queue_ids, elderly_first = key if key and isinstance(key[0], tuple) else (key, False)
    waited = seconds_between(bindparam("now", type_=T.c.called_at.type), T.c.issued_at)
    return (update(T).where(T.c.id == _pick(queue_ids, elderly_first), T.c.status == "waiting")
            .values(status="called", window_id=bindparam("window_id"), staff_id=bindparam("staff_id"),
                    called_at=bindparam("now"), call_count=T.c.call_count + 1, target_window_id=None,
                    # a referral keeps the wait of its first call
                    wait_seconds=func.coalesce(T.c.wait_seconds, case((waited < 0, 0), else_=waited)))
            .returning(*T.c))


def _call_on_postgresql(queue_ids):
    """Claim, the window now serving it, the ticket's "called" line and the window's count
    of calls from the queue: one statement. Nothing is written when nobody waits."""
    called = _claim(queue_ids).cte("called")
    serving = (update(W).where(W.c.id == bindparam("window_id"), W.c.id == called.c.window_id)
               .values(current_ticket_id=called.c.id, status="serving")).cte("serving")
    logged = insert(E).from_select(["ticket_id", "kind", "at", "window_id", "staff_id", "detail"], select(
        called.c.id, literal("called"), called.c.called_at, called.c.window_id, called.c.staff_id,
        cast(literal("{}"), E.c.detail.type))).cte("logged")
    count = postgresql.insert(QD).from_select(["queue_id", "service_date", "window_id", "departed", "departed_work"],
                                              select(called.c.queue_id, called.c.service_date, called.c.window_id,
                                                     literal(1), called.c.expected_service_seconds))
    counted = count.on_conflict_do_update(
        index_elements=["queue_id", "service_date", "window_id"],
        set_={"departed": QD.c.departed + 1,
              "departed_work": QD.c.departed_work + count.excluded.departed_work}).cte("counted")
    return select(called).add_cte(serving, logged, counted)


_CLAIM = _ByColumns(_claim, row=TicketRow)
_CALL_ON_POSTGRESQL = _ByColumns(_call_on_postgresql, row=TicketRow)


def call(session: Session, queue_ids: tuple[int, ...], day: date, window_id: int, staff_id: int,
         now: datetime, elderly_first: bool = False) -> TicketRow | None:
    """Call the next ticket to a window: the called ticket's row (the window now serves it,
    the call is logged and counted), or None when nobody waits for this window. A
    老年人专窗 (``elderly_first``) calls the elderly first after urgent and green channel."""
    params = {"day": day, "window_id": window_id, "staff_id": staff_id, "now": now}
    key = (tuple(queue_ids), True) if elderly_first else queue_ids
    if is_postgres(session):
        return _CALL_ON_POSTGRESQL(key).first(session, params)
    called = _CLAIM(key).first(session, params)
    if called is not None:
        update_window(session, window_id, current_ticket_id=called.id, status="serving")
        log(session, called.id, "called", now, window_id, staff_id)
        _DEPARTED(session, queue_id=called.queue_id, service_date=called.service_date, window_id=window_id,
                  work=called.expected_service_seconds)
    return called
