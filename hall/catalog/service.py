"""Reading the catalog: the hall, its queues, items and windows as the public API shows them.

Static facts come from the in-memory snapshot (``hall.catalog.cache``); live ones (who is at
a window, how many wait) from the database, in one query per call whatever the hall's size.
"""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from hall.catalog import schemas, statements
from hall.catalog.cache import HallCatalog, ItemInfo, QueueInfo, WindowInfo, build
from hall.catalog import hours as hours_rules
from hall.catalog.models import Department, Hall, Item, Material, Queue, Window
from hall.errors import Forbidden, InvalidInput, NotFound


REGIONAL_ROLES = ("regional", "admin")   # may look at any hall of the deployment


CATALOGS = "hall_catalogs"   # session.info: the process's CatalogCache (wired by the factory)
_CURRENT = "hall_current"    # session.info: the hall this session works for, once known


def serve_catalogs(session_factory, catalogs) -> None:
    """Let every session of ``session_factory`` read hall snapshots from ``catalogs`` (the
    process's ``CatalogCache``) instead of building them afresh. The hall a session resolved
    is remembered until its transaction ends: the next one checks the catalog's version again."""
    session_factory.kw.setdefault("info", {})[CATALOGS] = catalogs
    event.listen(session_factory, "after_commit", _forget_current)
    event.listen(session_factory, "after_rollback", _forget_current)


def _forget_current(session: Session) -> None:
    session.info.pop(_CURRENT, None)


def resolve_hall(session: Session, *, staff=None, asked: str | None = None,
                 default_code: str | None = None) -> HallCatalog:
    """The hall a request is for, as its cached catalog snapshot (checked against the
    catalog's version): a staff member's own hall (a regional manager's, or the one they
    ask for); else the hall asked for by code (``asked``: the page's ``X-Hall``, ``?hall=``);
    else ``default_code`` (the process's ``HALL_CODE``); else the first hall. Resolved once
    per session: the edge (``hall.web.current_hall``) reads the request for the arguments."""
    known = session.info.get(_CURRENT)
    if known is not None:
        return known
    if staff is not None and not (asked and staff.role in REGIONAL_ROLES):
        row = (staff.hall_id, staff.hall_catalog_version)   # read with the login
    else:
        code = asked or default_code
        row = statements.hall_by_code(session, code) if code else statements.first_hall(session)
        if row is None and code:
            raise NotFound(f"没有此服务大厅：{code}", code="hall_not_found")
    if row is None:
        raise NotFound("服务大厅尚未配置，请先加载数据（hall serve --demo）", code="hall_not_configured")
    return _remember(session, *row)


def hall_of(session: Session, hall_id: int) -> HallCatalog:
    """The hall a record belongs to (a ticket found by its token …), made this session's hall."""
    known = session.info.get(_CURRENT)
    if known is not None and known.id == hall_id:
        return known
    return _remember(session, hall_id, statements.catalog_version(session, hall_id))


def _snapshot(session: Session, hall_id: int, version: int) -> HallCatalog:
    catalogs = session.info.get(CATALOGS)
    if catalogs is None:
        return build(session, hall_id)
    return catalogs.get(session, hall_id, version)


def _remember(session: Session, hall_id: int, version: int) -> HallCatalog:
    hall = session.info[_CURRENT] = _snapshot(session, hall_id, version)
    return hall


def all_halls(session: Session) -> list[HallCatalog]:
    """Every hall of the deployment (background jobs, the regional view)."""
    return [_snapshot(session, hall_id, version) for hall_id, version in statements.all_halls(session)]


def queue_info(hall: HallCatalog, code: str) -> QueueInfo:
    queue = hall.queues.get(code)
    if queue is None:
        raise NotFound(f"没有此业务队列：{code}", code="queue_not_found")
    return queue


def item_info(hall: HallCatalog, code: str) -> ItemInfo:
    item = hall.items.get(code)
    if item is None:
        raise NotFound(f"没有此办事事项：{code}", code="item_not_found")
    return item


def window_info(hall: HallCatalog, number: int) -> WindowInfo:
    window = hall.windows.get(number)
    if window is None:
        raise NotFound(f"没有{number}号窗口", code="window_not_found")
    return window


def item_by_code(session: Session, hall: HallCatalog, code: str) -> Item:
    return session.get(Item, item_info(hall, code).id)


def window_by_number(session: Session, hall: HallCatalog, number: int, *, lock: bool = False) -> Window:
    window_id = window_info(hall, number).id
    if lock:
        return session.scalar(select(Window).where(Window.id == window_id).with_for_update())
    return session.get(Window, window_id)


def window_named(session: Session, hall: HallCatalog, number: int) -> Window:
    """A window a request's body names (a complaint's, an inspection's): an unknown number is
    bad input (400 ``unknown_window``), where a path naming one is a missing page."""
    window = hall.windows.get(number)
    if window is None:
        raise InvalidInput(f"没有{number}号窗口", code="unknown_window", field="window")
    return session.get(Window, window.id)


def window_queue_ids(hall: HallCatalog, window) -> tuple[int, ...]:
    """The queues a window calls from, in its order of preference."""
    return hall.windows_by_id[window.id].queue_ids


def windows_serving(hall: HallCatalog, queue_id: int) -> tuple[int, ...]:
    """Numbers of the windows that call from a queue."""
    return hall.windows_serving(queue_id)


def list_items(session: Session, hall: HallCatalog) -> list[dict]:
    items = session.scalars(select(Item).where(Item.hall_id == hall.id, Item.active)
                           .order_by(Item.code)).all()
    departments = {d.id: d for d in session.scalars(select(Department).where(Department.hall_id == hall.id))}
    queues = {q.id: q for q in session.scalars(select(Queue).where(Queue.hall_id == hall.id))}
    materials = defaultdict(list)
    for m in session.scalars(select(Material).join(Item).where(Item.hall_id == hall.id)
                             .order_by(Material.item_id, Material.position)):
        materials[m.item_id].append(m)
    return [schemas.item(i, departments[i.department_id], queues[i.queue_id], materials[i.id], departments)
            for i in items]




def list_windows(session: Session, hall: HallCatalog, numbers=None) -> list[dict]:
    """Public window rows (GET /windows; all, or those numbered): names and queues from the
    snapshot, who is there and what they serve from one query."""
    return [schemas.window(hall.windows[number], status, {"name": name, "staff_no": staff_no, "photo_url": photo or None}
                       if name is not None else None, ticket_number)
            for number, status, name, staff_no, photo, ticket_number in statements.window_occupancy(session, hall.id)
            if number in hall.windows and (numbers is None or number in numbers)]


def window_view(session: Session, hall: HallCatalog, number: int) -> dict:
    window_info(hall, number)
    return list_windows(session, hall, [number])[0]


_HOURS_MESSAGES = {
    "opens_at": "开门时间格式应为HH:MM（如09:00），全天开放请填null",
    "closes_at": "关门时间应为HH:MM且晚于开门时间（全天开放时为null）",
    "ticket_cutoff_minutes": "停止取号时间应不小于0，且早于关门、晚于开门",
    "open_on": "开放日应为working_days（工作日）或every_day（每天）",
}


def hours_view(hall: Hall | HallCatalog) -> dict:
    h = hall.hours if isinstance(hall, HallCatalog) else hall
    return {"opens_at": h.opens_at, "closes_at": h.closes_at,
            "ticket_cutoff_minutes": h.ticket_cutoff_minutes, "open_on": h.open_on}


def update_hall(session: Session, hall: HallCatalog, staff, *, name: str, opens_at, closes_at,
                cutoff: int, open_on: str, elderly_priority: bool | None = None) -> dict:
    """``PUT /admin/hall``: a manager may change only their own hall. The row's change bumps
    the catalog version (hall.catalog.cache), so kiosks and displays learn it live."""
    if staff.role != "admin" and staff.hall_id != hall.id:
        raise Forbidden("只能修改本大厅的设置", code="wrong_hall")
    for field, value in (("opens_at", opens_at), ("closes_at", closes_at)):
        if value is not None and not isinstance(value, str):
            raise InvalidInput(_HOURS_MESSAGES[field], code="invalid_hours", field=field)
    wrong = hours_rules.validate(opens_at, closes_at, cutoff, open_on)
    if wrong:
        raise InvalidInput(_HOURS_MESSAGES[wrong], code="invalid_hours", field=wrong)
    row = session.get(Hall, hall.id)
    row.name, row.opens_at, row.closes_at = name, opens_at, closes_at
    row.ticket_cutoff_minutes, row.open_on = cutoff, open_on
    if elderly_priority is not None:   # 老年人优先: absent leaves it as it is
        row.elderly_priority = elderly_priority
    session.flush()
    return {"code": row.code, "name": row.name, **hours_view(row), "elderly_priority": row.elderly_priority}
