"""Reading the catalog: the hall, its queues, items and windows as the public API shows them."""
from __future__ import annotations

from collections import defaultdict

from flask import current_app, g, has_app_context
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hall.auth.models import Staff
from hall.catalog.models import Department, Hall, Item, Material, Queue, Window, WindowQueue
from hall.errors import NotFound
from hall.queueing import rules


def current_hall(session: Session) -> Hall:
    """The hall this deployment serves (the first one, or HALL_CODE)."""
    if has_app_context() and "hall" in g:
        return g.hall
    code = current_app.config["HALL"].get("HALL_CODE") if has_app_context() else None
    stmt = select(Hall).order_by(Hall.id)
    if code:
        stmt = stmt.where(Hall.code == code)
    hall = session.scalars(stmt.limit(1)).first()
    if hall is None:
        raise NotFound("服务大厅尚未配置，请先加载数据（hall serve --demo）", code="hall_not_configured")
    if has_app_context():
        g.hall = hall
    return hall


def queue_by_code(session: Session, hall: Hall, code: str) -> Queue:
    queue = session.scalar(select(Queue).where(Queue.hall_id == hall.id, Queue.code == code))
    if queue is None:
        raise NotFound(f"没有此业务队列：{code}", code="queue_not_found")
    return queue


def item_by_code(session: Session, hall: Hall, code: str) -> Item:
    item = session.scalar(select(Item).where(Item.hall_id == hall.id, Item.code == code))
    if item is None:
        raise NotFound(f"没有此办事事项：{code}", code="item_not_found")
    return item


def window_by_number(session: Session, hall: Hall, number: int, *, lock: bool = False) -> Window:
    stmt = select(Window).where(Window.hall_id == hall.id, Window.number == number)
    if lock:
        stmt = stmt.with_for_update()
    window = session.scalar(stmt)
    if window is None:
        raise NotFound(f"没有{number}号窗口", code="window_not_found")
    return window


def window_queue_ids(session: Session, window: Window) -> list[int]:
    return list(session.scalars(select(WindowQueue.queue_id)
                                .where(WindowQueue.window_id == window.id)
                                .order_by(WindowQueue.position)))


def windows_serving(session: Session, queue_id: int) -> list[int]:
    """Numbers of the windows that call from a queue."""
    return list(session.scalars(select(Window.number).join(WindowQueue, WindowQueue.window_id == Window.id)
                                .where(WindowQueue.queue_id == queue_id).order_by(Window.number)))


def open_window_count_query(queue_id: int):
    """Windows open (or serving) that call from a queue, as a scalar subquery."""
    return (select(func.count()).select_from(Window)
            .join(WindowQueue, WindowQueue.window_id == Window.id)
            .where(WindowQueue.queue_id == queue_id, Window.status.in_(("open", "serving")))
            .scalar_subquery())


def stats_for(queue: Queue, open_windows: int) -> rules.ServiceStats:
    minutes = queue.avg_service_seconds / 60 if queue.avg_service_seconds else queue.default_service_minutes
    return rules.ServiceStats(avg_service_minutes=minutes, open_windows=open_windows)


def service_stats(session: Session, queue: Queue) -> rules.ServiceStats:
    return stats_for(queue, session.scalar(select(open_window_count_query(queue.id))) or 0)


def list_items(session: Session, hall: Hall) -> list[dict]:
    items = session.scalars(select(Item).where(Item.hall_id == hall.id).order_by(Item.code)).all()
    departments = {d.id: d for d in session.scalars(select(Department).where(Department.hall_id == hall.id))}
    queues = {q.id: q for q in session.scalars(select(Queue).where(Queue.hall_id == hall.id))}
    materials = defaultdict(list)
    for m in session.scalars(select(Material).join(Item).where(Item.hall_id == hall.id)
                             .order_by(Material.item_id, Material.position)):
        materials[m.item_id].append(m)
    return [item_view(i, departments[i.department_id], queues[i.queue_id], materials[i.id], departments)
            for i in items]


def item_view(item: Item, department: Department, queue: Queue, materials: list[Material],
              departments: dict[int, Department] | None = None) -> dict:
    return {
        "code": item.code, "name": item.name, "department": department.name,
        "department_code": department.code, "kind": item.kind, "queue": queue.code,
        "queue_name": queue.name, "category": item.category,
        "legal_days": item.legal_days, "promised_days": item.promised_days,
        "fee": item.fee, "fee_basis": item.fee_basis, "basis": item.basis,
        "conditions": item.conditions, "steps": item.steps,
        "deemed_approval": item.deemed_approval, "pinyin_initials": item.pinyin_initials,
        "joint": item.joint,
        "materials": [{"code": m.code, "name": m.name, "required": m.required, "form": m.form,
                       "copies": m.copies, "sample": m.sample, "guidance": m.guidance}
                      for m in materials],
    }


def list_windows(session: Session, hall: Hall, numbers: list[int] | None = None) -> list[dict]:
    """Public window rows in two handfuls of queries, whatever the number of windows."""
    from hall.queueing.models import Ticket  # catalog does not depend on queueing at import

    stmt = select(Window).where(Window.hall_id == hall.id).order_by(Window.number)
    if numbers is not None:
        stmt = stmt.where(Window.number.in_(numbers))
    windows = session.scalars(stmt).all()
    if not windows:
        return []
    ids = [w.id for w in windows]
    departments = {d.id: d for d in session.scalars(select(Department).where(Department.hall_id == hall.id))}
    queue_codes = dict(session.execute(select(Queue.id, Queue.code).where(Queue.hall_id == hall.id)).all())
    served = defaultdict(list)
    for wq in session.scalars(select(WindowQueue).where(WindowQueue.window_id.in_(ids))
                              .order_by(WindowQueue.position)):
        served[wq.window_id].append(queue_codes[wq.queue_id])
    staff_ids = [w.staff_id for w in windows if w.staff_id]
    staff = {s.id: s for s in session.scalars(select(Staff).where(Staff.id.in_(staff_ids)))} if staff_ids else {}
    ticket_ids = [w.current_ticket_id for w in windows if w.current_ticket_id]
    tickets = dict(session.execute(select(Ticket.id, Ticket.number).where(Ticket.id.in_(ticket_ids))).all()) \
        if ticket_ids else {}
    return [window_row(w, departments.get(w.department_id), served[w.id], staff.get(w.staff_id),
                       tickets.get(w.current_ticket_id)) for w in windows]


def window_row(window: Window, department: Department | None, queue_codes: list[str],
               staff: Staff | None, current_number: str | None) -> dict:
    return {
        "number": window.number, "name": window.name,
        "department": department.name if department else "综合受理",
        "queues": queue_codes, "status": window.status,
        "staff": staff_card(staff) if staff else None,
        "current_ticket": current_number,
    }


def staff_card(staff: Staff) -> dict:
    """挂牌服务: what a window shows of the person serving there."""
    return {"name": staff.name, "staff_no": staff.staff_no, "photo_url": staff.photo_url or None}


def window_view(session: Session, hall: Hall, number: int) -> dict:
    """One window's public row; its department, staff and ticket usually sit in the
    session already, so this costs one query for the queue codes."""
    from hall.queueing.models import Ticket

    window = window_by_number(session, hall, number)
    codes = list(session.scalars(select(Queue.code).join(WindowQueue, WindowQueue.queue_id == Queue.id)
                                 .where(WindowQueue.window_id == window.id).order_by(WindowQueue.position)))
    department = session.get(Department, window.department_id) if window.department_id else None
    staff = session.get(Staff, window.staff_id) if window.staff_id else None
    ticket = session.get(Ticket, window.current_ticket_id) if window.current_ticket_id else None
    return window_row(window, department, codes, staff, ticket.number if ticket else None)
