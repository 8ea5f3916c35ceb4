"""Setting up a hall's catalog (管理后台): departments, queues, windows, items with their
service guide, and halls. The API (``admin_views``) and the workbook importer call these
same functions, so both refuse the same input (``admin_rules``).

Every write bumps the catalog version by itself (``hall.catalog.cache`` session hooks) and
is audited by the staff request's line (``hall.audit``); each records ``CatalogChanged`` so
that open kiosks and displays read the catalog again. Deleting a record that anything
refers to (a ticket, a case, an item naming the department …) only deactivates it: the
history keeps its names, the kiosks and public lists stop showing it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from hall.catalog import admin_rules as rules
from hall.catalog import schemas
from hall.catalog.cache import HallCatalog
from hall.catalog.models import Department, Hall, Item, Material, Queue, Window, WindowQueue
from hall.db.schema import metadata
from hall.errors import Conflict, NotFound
from hall.events import domain
from hall.events.bus import record


def pinyin_initials(text: str) -> str:
    """营业执照 → yyzz: what a kiosk user types to search."""
    from pypinyin import Style, lazy_pinyin
    return "".join(p[0] for p in lazy_pinyin(text, style=Style.FIRST_LETTER) if p and p[0].isalnum()).lower()


def _changed(session: Session, hall: HallCatalog, what: str, code) -> None:
    record(session, domain.CatalogChanged(hall.id, what, str(code)))


def _in_use(session: Session, table, row_id: int, ignore: tuple = ()) -> bool:
    """Whether any row of any table refers to this one (its declared foreign keys)."""
    for other in metadata.sorted_tables:
        if other.name in ignore:
            continue
        for fk in other.foreign_keys:
            if fk.column.table is table and fk.parent.table is other:
                if session.execute(select(func.count()).select_from(other).where(fk.parent == row_id)).scalar():
                    return True
    return False


def _merged(current: dict, body: dict) -> dict:
    """A PUT body over the record as it is: fields left out keep their value."""
    return {**current, **{k: v for k, v in body.items() if k != "active"}}


def _reactivate(row, body: dict) -> None:
    """``"active": true`` restores a deactivated record, ``false`` withdraws one (kept)."""
    if isinstance(body.get("active"), bool):
        row.active = body["active"]


# ---------------------------------------------------------------- departments

def _departments(session: Session, hall: HallCatalog) -> list[Department]:
    return session.scalars(select(Department).where(Department.hall_id == hall.id).order_by(Department.code)).all()


def _department(session: Session, hall: HallCatalog, code: str) -> Department:
    row = session.scalar(select(Department).where(Department.hall_id == hall.id, Department.code == code))
    if row is None:
        raise NotFound(f"没有此部门：{code}", code="department_not_found")
    return row


def department_codes(session: Session, hall: HallCatalog, *, active_only: bool = True) -> dict[str, int]:
    return {d.code: d.id for d in _departments(session, hall) if d.active or not active_only}


def list_departments(session: Session, hall: HallCatalog) -> list[dict]:
    return [schemas.admin_department(d) for d in _departments(session, hall)]


def create_department(session: Session, hall: HallCatalog, body: dict) -> dict:
    spec = rules.department_spec(body)
    rules.check_unique("部门编码", "code", spec.code, department_codes(session, hall, active_only=False))
    row = Department(hall_id=hall.id, **asdict(spec))
    session.add(row)
    session.flush()
    _changed(session, hall, "department", spec.code)
    return schemas.admin_department(row)


def update_department(session: Session, hall: HallCatalog, code: str, body: dict) -> dict:
    row = _department(session, hall, code)
    spec = rules.department_spec(_merged(schemas.admin_department(row), {**body, "code": code}))
    row.name, row.short_name = spec.name, spec.short_name
    _reactivate(row, body)
    session.flush()
    _changed(session, hall, "department", code)
    return schemas.admin_department(row)


def delete_department(session: Session, hall: HallCatalog, code: str) -> dict:
    row = _department(session, hall, code)
    if _in_use(session, Department.__table__, row.id):
        row.active = False
        answer = {**schemas.admin_department(row), "deleted": False}
    else:
        answer = {**schemas.admin_department(row), "active": False, "deleted": True}
        session.delete(row)
    session.flush()
    _changed(session, hall, "department", code)
    return answer


# ---------------------------------------------------------------- queues

def _queues(session: Session, hall: HallCatalog) -> list[Queue]:
    return session.scalars(select(Queue).where(Queue.hall_id == hall.id).order_by(Queue.prefix)).all()


def _queue(session: Session, hall: HallCatalog, code: str) -> Queue:
    row = session.scalar(select(Queue).where(Queue.hall_id == hall.id, Queue.code == code))
    if row is None:
        raise NotFound(f"没有此业务队列：{code}", code="queue_not_found")
    return row


def queue_codes(session: Session, hall: HallCatalog, *, active_only: bool = True) -> dict[str, int]:
    return {q.code: q.id for q in _queues(session, hall) if q.active or not active_only}


def list_queues(session: Session, hall: HallCatalog) -> list[dict]:
    return [schemas.admin_queue(q) for q in _queues(session, hall)]


def create_queue(session: Session, hall: HallCatalog, body: dict) -> dict:
    spec = rules.queue_spec(body)
    queues = _queues(session, hall)
    rules.check_unique("队列编码", "code", spec.code, {q.code for q in queues})
    rules.check_unique("号码前缀", "prefix", spec.prefix, {q.prefix for q in queues})
    row = Queue(hall_id=hall.id, **asdict(spec))
    session.add(row)
    session.flush()
    _changed(session, hall, "queue", spec.code)
    return schemas.admin_queue(row)


def update_queue(session: Session, hall: HallCatalog, code: str, body: dict) -> dict:
    row = _queue(session, hall, code)
    spec = rules.queue_spec(_merged(schemas.admin_queue(row), {**body, "code": code}))
    rules.check_unique("号码前缀", "prefix", spec.prefix, {q.prefix for q in _queues(session, hall) if q.id != row.id})
    row.prefix, row.name, row.daily_cap = spec.prefix, spec.name, spec.daily_cap
    row.default_service_minutes = spec.default_service_minutes
    row.opens_at, row.closes_at = spec.opens_at, spec.closes_at
    _reactivate(row, body)
    session.flush()
    _changed(session, hall, "queue", code)
    return schemas.admin_queue(row)


def delete_queue(session: Session, hall: HallCatalog, code: str) -> dict:
    row = _queue(session, hall, code)
    if _in_use(session, Queue.__table__, row.id):
        row.active = False
        answer = {**schemas.admin_queue(row), "deleted": False}
    else:
        answer = {**schemas.admin_queue(row), "active": False, "deleted": True}
        session.delete(row)
    session.flush()
    _changed(session, hall, "queue", code)
    return answer


# ---------------------------------------------------------------- windows

def _windows(session: Session, hall: HallCatalog) -> list[Window]:
    return session.scalars(select(Window).where(Window.hall_id == hall.id).order_by(Window.number)).all()


def _window(session: Session, hall: HallCatalog, number: int) -> Window:
    row = session.scalar(select(Window).where(Window.hall_id == hall.id, Window.number == number))
    if row is None:
        raise NotFound(f"没有{number}号窗口", code="window_not_found")
    return row


def _window_answers(session: Session, hall: HallCatalog, windows: list[Window]) -> list[dict]:
    departments = {d.id: d.code for d in _departments(session, hall)}
    queues = {q.id: q.code for q in _queues(session, hall)}
    served = defaultdict(list)
    if windows:
        for wq in session.scalars(select(WindowQueue).where(WindowQueue.window_id.in_([w.id for w in windows]))
                                  .order_by(WindowQueue.window_id, WindowQueue.position)):
            served[wq.window_id].append(queues[wq.queue_id])
    return [schemas.admin_window(w, departments.get(w.department_id), served[w.id]) for w in windows]


def list_windows(session: Session, hall: HallCatalog) -> list[dict]:
    return _window_answers(session, hall, _windows(session, hall))


def _serve(session: Session, window: Window, queue_ids: list[int]) -> None:
    session.execute(delete(WindowQueue).where(WindowQueue.window_id == window.id))
    for position, queue_id in enumerate(queue_ids):
        session.add(WindowQueue(window_id=window.id, queue_id=queue_id, position=position))


def _window_spec(session: Session, hall: HallCatalog, body: dict) -> tuple[rules.WindowSpec, dict, dict]:
    spec = rules.window_spec(body)
    departments, queues = department_codes(session, hall), queue_codes(session, hall)
    rules.check_window(spec, set(departments), set(queues))
    return spec, departments, queues


def create_window(session: Session, hall: HallCatalog, body: dict) -> dict:
    spec, departments, queues = _window_spec(session, hall, body)
    rules.check_unique("窗口号", "number", spec.number, {w.number for w in _windows(session, hall)})
    row = Window(hall_id=hall.id, number=spec.number, name=spec.name,
                 department_id=departments[spec.department] if spec.department else None,
                 elderly_first=spec.elderly_first)
    session.add(row)
    session.flush()
    _serve(session, row, [queues[q] for q in spec.queues])
    session.flush()
    _changed(session, hall, "window", spec.number)
    return _window_answers(session, hall, [row])[0]


def update_window(session: Session, hall: HallCatalog, number: int, body: dict) -> dict:
    row = _window(session, hall, number)
    current = _window_answers(session, hall, [row])[0]
    spec, departments, queues = _window_spec(session, hall, _merged(current, {**body, "number": number}))
    row.name = spec.name
    row.department_id = departments[spec.department] if spec.department else None
    row.elderly_first = spec.elderly_first
    _reactivate(row, body)
    session.flush()
    _serve(session, row, [queues[q] for q in spec.queues])
    session.flush()
    _changed(session, hall, "window", number)
    record(session, domain.WindowChanged(hall.id, number))   # its name on the display and the board
    return _window_answers(session, hall, [row])[0]


def delete_window(session: Session, hall: HallCatalog, number: int) -> dict:
    row = _window(session, hall, number)
    if row.status != "closed" or row.staff_id is not None:
        raise Conflict(f"{number}号窗口正在服务，请先让工作人员签退再删除", code="window_in_service")
    answer = _window_answers(session, hall, [row])[0]
    if _in_use(session, Window.__table__, row.id, ignore=("windowqueue",)):
        row.active = False
        answer = {**answer, "active": False, "deleted": False}
    else:
        session.execute(delete(WindowQueue).where(WindowQueue.window_id == row.id))
        session.delete(row)
        answer = {**answer, "active": False, "deleted": True}
    session.flush()
    _changed(session, hall, "window", number)
    return answer


# ---------------------------------------------------------------- items and their service guide

def _items(session: Session, hall: HallCatalog, codes=None) -> list[Item]:
    query = select(Item).where(Item.hall_id == hall.id).order_by(Item.code)
    if codes is not None:
        query = query.where(Item.code.in_(codes))
    return session.scalars(query).all()


def _item(session: Session, hall: HallCatalog, code: str) -> Item:
    row = session.scalar(select(Item).where(Item.hall_id == hall.id, Item.code == code))
    if row is None:
        raise NotFound(f"没有此办事事项：{code}", code="item_not_found")
    return row


def _item_answers(session: Session, hall: HallCatalog, items: list[Item]) -> list[dict]:
    departments = {d.id: d.code for d in _departments(session, hall)}
    queues = {q.id: q.code for q in _queues(session, hall)}
    materials = defaultdict(list)
    if items:
        for m in session.scalars(select(Material).where(Material.item_id.in_([i.id for i in items]))
                                 .order_by(Material.item_id, Material.position)):
            materials[m.item_id].append(m)
    return [schemas.admin_item(i, departments[i.department_id], queues[i.queue_id], materials[i.id],
                               rules.FORM_WORDS) for i in items]


def item_codes(session: Session, hall: HallCatalog) -> set[str]:
    return set(session.scalars(select(Item.code).where(Item.hall_id == hall.id)))


def window_numbers(session: Session, hall: HallCatalog) -> set[int]:
    return set(session.scalars(select(Window.number).where(Window.hall_id == hall.id)))


def list_items(session: Session, hall: HallCatalog) -> list[dict]:
    return _item_answers(session, hall, _items(session, hall))


def _apply_item(session: Session, row: Item, spec: rules.ItemSpec, departments: dict, queues: dict) -> None:
    row.name, row.kind, row.category = spec.name, spec.kind, spec.category
    row.department_id, row.queue_id = departments[spec.department], queues[spec.queue]
    row.legal_days, row.promised_days = spec.legal_days, spec.promised_days
    row.fee, row.fee_basis, row.basis, row.conditions = spec.fee, spec.fee_basis, spec.basis, spec.conditions
    row.fee_rule = spec.fee_rule.stored()
    row.steps, row.deemed_approval, row.limit_reason = list(spec.steps), spec.deemed_approval, spec.limit_reason
    row.joint = None if spec.joint is None else {
        "lead": spec.joint.lead,
        "co": [{"department": r.department, "days": r.days, "deemed_consent": r.deemed_consent}
               for r in spec.joint.reviewers]}
    row.pinyin_initials = pinyin_initials(spec.name)
    session.flush()
    session.execute(delete(Material).where(Material.item_id == row.id))
    for position, m in enumerate(spec.materials):
        session.add(Material(item_id=row.id, code=m.code, name=m.name, form=rules.FORMS[m.form], copies=m.copies,
                             required=m.required, sample=m.sample, guidance=m.guidance, position=position))
    session.flush()


def _item_spec(session: Session, hall: HallCatalog, body: dict) -> tuple[rules.ItemSpec, dict, dict]:
    spec = rules.item_spec(body)
    departments, queues = department_codes(session, hall), queue_codes(session, hall)
    rules.check_item(spec, set(departments), set(queues))
    return spec, departments, queues


def create_item(session: Session, hall: HallCatalog, body: dict) -> dict:
    spec, departments, queues = _item_spec(session, hall, body)
    rules.check_unique("事项编码", "code", spec.code, {i.code for i in _items(session, hall)})
    row = Item(hall_id=hall.id, code=spec.code, name=spec.name, department_id=departments[spec.department],
               queue_id=queues[spec.queue])
    session.add(row)
    session.flush()
    _apply_item(session, row, spec, departments, queues)
    _changed(session, hall, "item", spec.code)
    return _item_answers(session, hall, [row])[0]


def update_item(session: Session, hall: HallCatalog, code: str, body: dict) -> dict:
    row = _item(session, hall, code)
    current = _item_answers(session, hall, [row])[0]
    if "fee" in body and "fee_rule" not in body:
        current.pop("fee_rule")   # a new published fee without a rule: the rule is read from the new text
    spec, departments, queues = _item_spec(session, hall, _merged(current, {**body, "code": code}))
    _reactivate(row, body)
    _apply_item(session, row, spec, departments, queues)
    _changed(session, hall, "item", code)
    return _item_answers(session, hall, [row])[0]


def delete_item(session: Session, hall: HallCatalog, code: str) -> dict:
    row = _item(session, hall, code)
    answer = _item_answers(session, hall, [row])[0]
    if _in_use(session, Item.__table__, row.id, ignore=("material",)):
        row.active = False
        answer = {**answer, "active": False, "deleted": False}
    else:
        session.execute(delete(Material).where(Material.item_id == row.id))
        session.delete(row)
        answer = {**answer, "active": False, "deleted": True}
    session.flush()
    _changed(session, hall, "item", code)
    return answer


# ---------------------------------------------------------------- halls (admin only)

def list_halls(session: Session) -> list[dict]:
    halls = session.scalars(select(Hall).order_by(Hall.id)).all()
    codes = {h.id: h.code for h in halls}
    return [schemas.admin_hall(h, codes.get(h.parent_id)) for h in halls]


def create_hall(session: Session, body: dict) -> dict:
    spec = rules.hall_spec(body)
    halls = {h.code: h for h in session.scalars(select(Hall))}
    rules.check_unique("大厅编码", "code", spec.code, set(halls))
    parent = None
    if spec.parent is not None:
        parent = halls.get(spec.parent)
        if parent is None:
            raise NotFound(f"没有此上级大厅：{spec.parent}", code="parent_not_found", field="parent")
    rules.check_level(spec.level, parent.level if parent else None)
    row = Hall(code=spec.code, name=spec.name, level=spec.level, parent_id=parent.id if parent else None)
    session.add(row)
    session.flush()
    return schemas.admin_hall(row, spec.parent)
