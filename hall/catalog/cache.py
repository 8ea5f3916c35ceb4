"""The hall's catalog in memory: queues, windows and the queues they call from, items,
departments. It changes a few times a year and is read by every request, so each process
keeps one immutable snapshot per hall and checks it against ``Hall.catalog_version``: one
small query per request instead of one per queue, window or item touched.

Every change to a catalog row bumps the version in the same transaction (session hooks
below, for unit-of-work changes and for ORM ``update()``/``delete()`` statements alike), so
a process that cached the catalog before another process changed it sees the change at
its next request. Live columns (a window's status and staff, a queue's learned service
time) are not catalog: they are read from the database every time.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session

from hall.catalog import statements
from hall.catalog.hours import AROUND_THE_CLOCK, OpeningHours
from hall.catalog.models import Department, Hall, Item, Material, Queue, Window, WindowQueue

CATALOG_MODELS = (Hall, Department, Queue, Item, Material, Window, WindowQueue)
LIVE_COLUMNS = {
    Hall: {"catalog_version"},
    Window: {"status", "staff_id", "current_ticket_id"},
    Queue: {"avg_service_seconds", "service_samples"},
}
COMPREHENSIVE = "综合受理"   # a window of no single department (一窗受理)


@dataclass(frozen=True)
class QueueInfo:
    id: int
    code: str
    prefix: str
    name: str
    daily_cap: int
    default_service_minutes: float
    opens_at: str
    closes_at: str
    active: bool = True


@dataclass(frozen=True)
class WindowInfo:
    id: int
    number: int
    name: str
    department_id: int | None
    department: str            # the department's name, or 综合受理
    queue_ids: tuple[int, ...]  # in the window's calling preference
    queue_codes: tuple[str, ...]
    active: bool = True
    elderly_first: bool = False   # 老年人专窗 (hall.queueing.rules.window_call_priority)


@dataclass(frozen=True)
class ItemInfo:
    id: int
    code: str
    name: str
    queue_id: int
    department_id: int
    kind: str
    active: bool = True


@dataclass(frozen=True)
class DepartmentInfo:
    id: int
    code: str
    name: str
    short_name: str
    active: bool = True


@dataclass(frozen=True)
class HallCatalog:
    """One hall as the services read it: what a request's ``hall`` is (``current_hall``),
    so services annotate it ``hall: HallCatalog``. Attribute names match the ``Hall`` table
    where they overlap (id, code, name, timezone …).

    Names, one per shape: ``Window`` is the table (``hall.catalog.models``), ``WindowInfo``
    the window in this snapshot, ``WindowRow`` its live columns as the queue's prepared
    statements return them (``hall.queueing.statements``); likewise ``Queue``/``QueueInfo``,
    ``Item``/``ItemInfo``, ``Department``/``DepartmentInfo``, ``Hall``/``HallCatalog``.

    Deactivated rows (deleted while in use, ``active`` false) stay in the ``…_by_id`` maps
    and ``departments``, so old tickets and cases still name their item and window, but not
    in the maps by code or number: nobody can take a ticket for them, no window calls for
    them, no public list shows them."""
    id: int
    code: str
    name: str
    timezone: str
    address: str
    phone: str
    notices: tuple[str, ...]
    version: int
    queues: dict[str, QueueInfo] = field(repr=False)
    queues_by_id: dict[int, QueueInfo] = field(repr=False)
    windows: dict[int, WindowInfo] = field(repr=False)
    windows_by_id: dict[int, WindowInfo] = field(repr=False)
    items: dict[str, ItemInfo] = field(repr=False)
    items_by_id: dict[int, ItemInfo] = field(repr=False)
    departments: dict[int, DepartmentInfo] = field(repr=False)
    serving: dict[int, tuple[int, ...]] = field(repr=False)   # queue id -> window numbers
    hours: OpeningHours = field(default=AROUND_THE_CLOCK)
    elderly_priority: bool = True   # the hall gives people 60 and over priority after the green channel

    def windows_serving(self, queue_id: int) -> tuple[int, ...]:
        """Numbers of the windows that call from a queue."""
        return self.serving.get(queue_id, ())


def build(session: Session, hall_id: int) -> HallCatalog:
    """Read a hall's whole catalog (seven queries, whatever its size)."""
    hall = session.execute(select(Hall.id, Hall.code, Hall.name, Hall.timezone, Hall.address, Hall.phone,
                                  Hall.notices, Hall.catalog_version, Hall.opens_at, Hall.closes_at,
                                  Hall.ticket_cutoff_minutes, Hall.open_on, Hall.elderly_priority)
                           .where(Hall.id == hall_id)).one()
    departments = {d.id: DepartmentInfo(d.id, d.code, d.name, d.short_name, d.active) for d in session.execute(
        select(Department.id, Department.code, Department.name, Department.short_name, Department.active)
        .where(Department.hall_id == hall_id))}
    queues = [QueueInfo(q.id, q.code, q.prefix, q.name, q.daily_cap, q.default_service_minutes, q.opens_at,
                        q.closes_at, q.active) for q in session.execute(
        select(Queue.id, Queue.code, Queue.prefix, Queue.name, Queue.daily_cap, Queue.default_service_minutes,
               Queue.opens_at, Queue.closes_at, Queue.active).where(Queue.hall_id == hall_id).order_by(Queue.prefix))]
    queues_by_id = {q.id: q for q in queues}
    served: dict[int, list[int]] = {}
    for window_id, queue_id in session.execute(
            select(WindowQueue.window_id, WindowQueue.queue_id).join(Window, Window.id == WindowQueue.window_id)
            .where(Window.hall_id == hall_id).order_by(WindowQueue.window_id, WindowQueue.position)):
        served.setdefault(window_id, []).append(queue_id)
    windows = []
    for w in session.execute(select(Window.id, Window.number, Window.name, Window.department_id, Window.active,
                                    Window.elderly_first)
                             .where(Window.hall_id == hall_id).order_by(Window.number)):
        ids = tuple(i for i in served.get(w.id, ()) if queues_by_id[i].active)
        dept = departments.get(w.department_id)
        windows.append(WindowInfo(w.id, w.number, w.name, w.department_id, dept.name if dept else COMPREHENSIVE,
                                  ids, tuple(queues_by_id[i].code for i in ids), w.active, w.elderly_first))
    items = [ItemInfo(i.id, i.code, i.name, i.queue_id, i.department_id, i.kind, i.active) for i in session.execute(
        select(Item.id, Item.code, Item.name, Item.queue_id, Item.department_id, Item.kind, Item.active)
        .where(Item.hall_id == hall_id).order_by(Item.code))]
    serving: dict[int, list[int]] = {}
    for w in windows:
        for queue_id in (w.queue_ids if w.active else ()):
            serving.setdefault(queue_id, []).append(w.number)
    return HallCatalog(
        id=hall.id, code=hall.code, name=hall.name, timezone=hall.timezone, address=hall.address,
        phone=hall.phone, notices=tuple(hall.notices or ()), version=hall.catalog_version,
        queues={q.code: q for q in queues if q.active}, queues_by_id=queues_by_id,
        windows={w.number: w for w in windows if w.active}, windows_by_id={w.id: w for w in windows},
        items={i.code: i for i in items if i.active}, items_by_id={i.id: i for i in items},
        departments=departments, serving={k: tuple(v) for k, v in serving.items()},
        hours=OpeningHours(hall.opens_at, hall.closes_at, hall.ticket_cutoff_minutes, hall.open_on),
        elderly_priority=hall.elderly_priority)


class CatalogCache:
    """Per process (kept on the app), one snapshot per hall, replaced when its version moves."""

    def __init__(self):
        self._halls: dict[int, HallCatalog] = {}

    def current(self, session: Session, hall_id: int) -> HallCatalog:
        """The snapshot of a hall, checked against its version now."""
        return self.get(session, hall_id, statements.catalog_version(session, hall_id))

    def get(self, session: Session, hall_id: int, version: int) -> HallCatalog:
        catalog = self._halls.get(hall_id)
        if catalog is None or catalog.version != version:
            catalog = build(session, hall_id)
            self._halls[hall_id] = catalog
        return catalog


# ---------------------------------------------------------------- keeping the version honest

_CHANGED = "hall_catalog_changed"


def _changes_catalog(obj) -> bool:
    live = LIVE_COLUMNS.get(type(obj))
    if not live:
        return True
    return any(attr.history.has_changes() for attr in inspect(obj).attrs if attr.key not in live)


def _bump(session: Session) -> None:
    """Every hall's version: catalog changes are rare, and a hall's own id is not always at
    hand (a material names only its item)."""
    session.connection().execute(update(Hall.__table__).values(catalog_version=Hall.__table__.c.catalog_version + 1))


def _before_flush(session: Session, _context, _instances) -> None:
    touched = [o for o in chain(session.new, session.deleted) if isinstance(o, CATALOG_MODELS)]
    if touched or any(isinstance(o, CATALOG_MODELS) and _changes_catalog(o) for o in session.dirty):
        _bump(session)


def _do_orm_execute(state) -> None:
    """ORM ``update(Queue)…``/``delete(…)`` statements bypass the flush."""
    if not (state.is_update or state.is_delete or state.is_insert) or state.bind_mapper is None:
        return
    model = state.bind_mapper.class_
    if model not in CATALOG_MODELS:
        return
    live = LIVE_COLUMNS.get(model, set())
    values = getattr(state.statement, "_values", None) or {}
    keys = {getattr(k, "key", k) for k in values}
    if state.is_update and keys and keys <= live:
        return
    _bump(state.session)


def attach_versioning(factory) -> None:
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "do_orm_execute", _do_orm_execute)
