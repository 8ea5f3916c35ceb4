"""Issuing tickets and working the queue at windows.

Exactly-once rests on three things, on SQLite and PostgreSQL alike:
- the per-queue daily counter is bumped with one ``UPDATE … RETURNING`` in the same
  transaction as the ticket insert (a rollback gives the number back, so no gaps), and
  ``uq_ticket_number`` makes a duplicate impossible whatever happens;
- call-next picks with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL (SQLite transactions
  begin IMMEDIATE, one writer at a time) and claims with a conditional
  ``UPDATE … WHERE status = 'waiting'`` whose row count must be 1;
- the window row is locked while its current ticket changes.
"""
from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from hall.auth.models import Staff
from hall.catalog import service as catalog
from hall.catalog.models import Hall, Item, Queue, Window
from hall.clock import local_date, local_iso, utcnow
from hall.db import bump_counter, is_postgres, tx_scratch
from hall.errors import Conflict, Forbidden, InvalidInput, NotFound
from hall.events import domain
from hall.events.bus import record
from hall.queueing import rules
from hall.queueing.models import QueueCounter, Ticket, TicketEvent, WindowPause, WindowSession



class QueueEmpty(NotFound):
    code = "queue_empty"
    message = "当前没有等候的号票"


class DailyCapReached(Conflict):
    code = "daily_cap_reached"
    message = "该业务今日号票已发放完毕，请明日再来或预约办理"


def _log(session: Session, ticket: Ticket, kind: str, at: datetime, window: Window | None = None,
         staff: Staff | None = None, **detail) -> None:
    session.add(TicketEvent(ticket_id=ticket.id, kind=kind, at=at,
                            window_id=window.id if window else None,
                            staff_id=staff.id if staff else None, detail=detail))


# ---------------------------------------------------------------- issuing

def _next_seq(session: Session, queue: Queue, day) -> int:
    return bump_counter(session, QueueCounter, {"queue_id": queue.id, "service_date": day})


def find_by_idempotency_key(session: Session, hall: Hall, key: str) -> Ticket | None:
    return session.scalar(select(Ticket).where(Ticket.hall_id == hall.id, Ticket.idempotency_key == key))


def issue_ticket(session: Session, hall: Hall, *, item_code: str | None = None,
                 queue_code: str | None = None, green_channel: bool = False,
                 idempotency_key: str | None = None, device_id: int | None = None,
                 appointment_code: str | None = None, now: datetime | None = None) -> tuple[Ticket, bool]:
    """Returns (ticket, created). A repeated idempotency key returns the first ticket."""
    now = now or utcnow()
    if idempotency_key:
        existing = find_by_idempotency_key(session, hall, idempotency_key)
        if existing:
            return existing, False
    if appointment_code:
        from hall.appointments.service import check_in
        appointment = check_in(session, hall, appointment_code, now)
        if appointment.ticket_id:   # checked in before: the same ticket again
            return session.get(Ticket, appointment.ticket_id), False
        item_code = session.get(Item, appointment.item_id).code
        queue_code = None
    if bool(item_code) == bool(queue_code):
        raise InvalidInput("请提供item_code或queue_code之一", code="missing_field", field="item_code")
    item = None
    if item_code:
        item = catalog.item_by_code(session, hall, item_code)
        queue = session.get(Queue, item.queue_id)
    else:
        queue = catalog.queue_by_code(session, hall, queue_code)
    day = local_date(now, hall.timezone)
    seq = _next_seq(session, queue, day)
    if seq > queue.daily_cap:
        raise DailyCapReached(cap=queue.daily_cap)
    ticket = Ticket(hall_id=hall.id, issued_queue_id=queue.id, queue_id=queue.id, item_id=item.id if item else None,
                    service_date=day, seq=seq, number=rules.format_number(queue.prefix, seq),
                    token=secrets.token_urlsafe(12), status="waiting",
                    priority=rules.priority_for(green_channel, bool(appointment_code)),
                    green_channel=green_channel, appointment_code=appointment_code,
                    idempotency_key=idempotency_key, issued_at=now, queued_at=now, device_id=device_id)
    session.add(ticket)
    try:
        session.flush()
    except IntegrityError:
        # Only the idempotency key can collide here (the counter row is locked by us):
        # a concurrent request with the same key won; give its ticket back.
        session.rollback()
        existing = find_by_idempotency_key(session, hall, idempotency_key) if idempotency_key else None
        if existing is None:
            raise
        return existing, False
    _log(session, ticket, "issued", now, green_channel=green_channel)
    if appointment_code:
        appointment.ticket_id = ticket.id
    waiting, stats = _queue_touched(session, queue, day)
    if ticket.priority == rules.PRIORITY_NORMAL:
        # Issuing is serialized per queue by the counter row, so every other waiting
        # ticket of this queue and day is ahead of a new walk-in: no second count.
        ticket_view_hint(session, ticket, ahead=waiting - 1, stats=stats)
    return ticket, True


# ---------------------------------------------------------------- reading

def _ahead_clause(ticket: Ticket):
    return or_(Ticket.priority < ticket.priority,
               and_(Ticket.priority == ticket.priority,
                    or_(Ticket.queued_at < ticket.queued_at,
                        and_(Ticket.queued_at == ticket.queued_at, Ticket.id < ticket.id))))


def waiting_ahead(session: Session, ticket: Ticket) -> int:
    if ticket.status != "waiting":
        return 0
    return session.scalar(select(func.count()).select_from(Ticket)
                          .where(Ticket.queue_id == ticket.queue_id, Ticket.status == "waiting",
                                 Ticket.service_date == ticket.service_date,
                                 _ahead_clause(ticket))) or 0


def queue_status(session: Session, queue: Queue, day) -> tuple[int, rules.ServiceStats]:
    """Waiting tickets and the estimate's inputs of a queue, in one round trip."""
    waiting = (select(func.count()).select_from(Ticket)
               .where(Ticket.queue_id == queue.id, Ticket.status == "waiting", Ticket.service_date == day)
               .scalar_subquery())
    row = session.execute(select(waiting, catalog.open_window_count_query(queue.id))).one()
    return row[0] or 0, catalog.stats_for(queue, row[1] or 0)


def list_queues(session: Session, hall: Hall) -> list[dict]:
    day = local_date(utcnow(), hall.timezone)
    queues = session.scalars(select(Queue).where(Queue.hall_id == hall.id).order_by(Queue.prefix)).all()
    counts = dict(session.execute(select(Ticket.queue_id, func.count())
                                  .where(Ticket.hall_id == hall.id, Ticket.status == "waiting",
                                         Ticket.service_date == day)
                                  .group_by(Ticket.queue_id)).all())
    rows = []
    for q in queues:
        waiting = counts.get(q.id, 0)
        rows.append({"code": q.code, "prefix": q.prefix, "name": q.name, "waiting": waiting,
                     "estimated_wait_minutes": rules.estimate_wait_minutes(
                         waiting, catalog.service_stats(session, q))})
    return rows


def ticket_by_id(session: Session, hall: Hall, ticket_id: int, *, lock: bool = False) -> Ticket:
    stmt = select(Ticket).where(Ticket.id == ticket_id, Ticket.hall_id == hall.id)
    if lock:
        stmt = stmt.with_for_update()
    ticket = session.scalar(stmt)
    if ticket is None:
        raise NotFound("没有此号票", code="ticket_not_found")
    return ticket


def ticket_by_token(session: Session, token: str) -> Ticket:
    ticket = session.scalar(select(Ticket).where(Ticket.token == token))
    if ticket is None:
        raise NotFound("没有此号票", code="ticket_not_found")
    return ticket


_HINT = "hall_ticket_view_hint"


def ticket_view_hint(session: Session, ticket: Ticket, *, ahead: int, stats: rules.ServiceStats) -> None:
    """Remember what this transaction already knows of a ticket's position."""
    tx_scratch(session).setdefault(_HINT, {})[ticket.id] = (ticket.status, ahead, stats)


def ticket_view(session: Session, hall: Hall, ticket: Ticket, base_url: str = "") -> dict:
    queue = session.get(Queue, ticket.queue_id)
    hint = tx_scratch(session).get(_HINT, {}).get(ticket.id)
    if hint and hint[0] == ticket.status:
        _status, ahead, stats = hint
    else:
        ahead = waiting_ahead(session, ticket)
        stats = catalog.service_stats(session, queue) if ticket.status == "waiting" else None
    window = session.get(Window, ticket.window_id) if ticket.window_id else None
    item = session.get(Item, ticket.item_id) if ticket.item_id else None
    view = {
        "id": ticket.id, "number": ticket.number, "queue": queue.code, "queue_name": queue.name,
        "item": item.code if item else None, "item_name": item.name if item else None,
        "status": ticket.status, "status_name": rules.STATUS_NAMES.get(ticket.status, ticket.status),
        "green_channel": ticket.green_channel, "waiting_ahead": ahead,
        "estimated_wait_minutes": rules.estimate_wait_minutes(ahead, stats) if stats else 0,
        "issued_at": local_iso(ticket.issued_at, hall.timezone),
        "called_at": local_iso(ticket.called_at, hall.timezone),
        "window": window.number if window and ticket.status in ("called", "serving", "held") else None,
        "call_text": rules.call_text(ticket.number, window.number)
        if window and ticket.status == "called" else None,
        "track_url": f"{base_url}/t/{ticket.token}",
        "token": ticket.token, "hall_name": hall.name,
        "rating_token": _open_rating_token(session, ticket) if ticket.status == "finished" else None,
    }
    return view


def _open_rating_token(session: Session, ticket: Ticket) -> str | None:
    """The citizen may rate from the ticket's own page (QR code) until the period ends."""
    from hall.ratings.models import RatingRequest
    req = session.scalar(select(RatingRequest).where(RatingRequest.ticket_id == ticket.id))
    if req is None or req.level is not None or req.expires_at < utcnow():
        return None
    return req.token


def _queue_touched(session: Session, queue: Queue, day=None) -> tuple[int, rules.ServiceStats]:
    """Record what the lobby and the consoles must hear after a queue changed."""
    if day is None:
        day = local_date(utcnow(), session.get(Hall, queue.hall_id).timezone)
    waiting, stats = queue_status(session, queue, day)
    record(session, domain.QueueChanged(queue=queue.code, waiting=waiting,
                                        estimated_wait_minutes=rules.estimate_wait_minutes(waiting, stats)))
    record(session, domain.WaitingListChanged(windows=tuple(catalog.windows_serving(session, queue.id))))
    return waiting, stats


def _window_touched(session: Session, hall: Hall, window: Window) -> None:
    session.flush()
    record(session, domain.WindowChanged(window=catalog.window_view(session, hall, window.number)))


def _ticket_touched(session: Session, hall: Hall, ticket: Ticket) -> None:
    session.flush()
    record(session, domain.TicketChanged(token=ticket.token, ticket=ticket_view(session, hall, ticket)))


# ---------------------------------------------------------------- windows

def _require_window_staff(window: Window, staff: Staff) -> None:
    if window.staff_id != staff.id:
        raise Forbidden(f"您未在{window.number}号窗口签到", code="not_your_window")


def sign_in(session: Session, hall: Hall, number: int, staff: Staff, now: datetime | None = None) -> Window:
    now = now or utcnow()
    window = catalog.window_by_number(session, hall, number, lock=True)
    if window.staff_id == staff.id:
        return window
    if window.staff_id is not None:
        raise Conflict(f"{window.number}号窗口已有其他工作人员签到", code="window_occupied")
    elsewhere = session.scalar(select(Window).where(Window.staff_id == staff.id))
    if elsewhere is not None:
        raise Conflict(f"您已在{elsewhere.number}号窗口签到，请先签退", code="signed_in_elsewhere")
    window.staff_id, window.status = staff.id, "open"
    session.add(WindowSession(window_id=window.id, staff_id=staff.id, signed_in_at=now))
    _window_touched(session, hall, window)
    _queues_of_window_touched(session, window)
    return window


def _open_session(session: Session, window: Window) -> WindowSession | None:
    return session.scalar(select(WindowSession).where(WindowSession.window_id == window.id,
                                                      WindowSession.signed_out_at.is_(None))
                          .order_by(WindowSession.id.desc()))


def _end_pause(session: Session, ws: WindowSession | None, now: datetime) -> None:
    if ws is None:
        return
    for pause in session.scalars(select(WindowPause).where(WindowPause.session_id == ws.id,
                                                           WindowPause.ended_at.is_(None))):
        pause.ended_at = now


def sign_out(session: Session, hall: Hall, number: int, staff: Staff, now: datetime | None = None) -> Window:
    now = now or utcnow()
    window = catalog.window_by_number(session, hall, number, lock=True)
    _require_window_staff(window, staff)
    if window.current_ticket_id:
        raise Conflict("请先办结或处理当前号票再签退", code="window_busy")
    ws = _open_session(session, window)
    _end_pause(session, ws, now)
    if ws:
        ws.signed_out_at = now
    window.staff_id, window.status = None, "closed"
    _window_touched(session, hall, window)
    _queues_of_window_touched(session, window)
    return window


def pause(session: Session, hall: Hall, number: int, staff: Staff, reason: str = "",
          now: datetime | None = None) -> Window:
    now = now or utcnow()
    window = catalog.window_by_number(session, hall, number, lock=True)
    _require_window_staff(window, staff)
    if window.status == "paused":
        return window
    if window.current_ticket_id:
        raise Conflict("请先办结当前号票再暂停服务", code="window_busy")
    window.status = "paused"
    ws = _open_session(session, window)
    if ws:
        session.add(WindowPause(session_id=ws.id, started_at=now, reason=reason))
    _window_touched(session, hall, window)
    _queues_of_window_touched(session, window)
    return window


def resume(session: Session, hall: Hall, number: int, staff: Staff, now: datetime | None = None) -> Window:
    now = now or utcnow()
    window = catalog.window_by_number(session, hall, number, lock=True)
    _require_window_staff(window, staff)
    if window.status != "paused":
        return window
    _end_pause(session, _open_session(session, window), now)
    window.status = "open"
    _window_touched(session, hall, window)
    _queues_of_window_touched(session, window)
    return window


def _queues_of_window_touched(session: Session, window: Window) -> None:
    """Opening or closing a window changes the estimate of every queue it serves."""
    for queue_id in catalog.window_queue_ids(session, window):
        _queue_touched(session, session.get(Queue, queue_id))


def _working_window(session: Session, hall: Hall, number: int, staff: Staff) -> Window:
    window = catalog.window_by_number(session, hall, number, lock=True)
    _require_window_staff(window, staff)
    return window


# ---------------------------------------------------------------- calling

def _pick_next(session: Session, window: Window, queue_ids: list[int], day) -> Ticket | None:
    stmt = (select(Ticket)
            .where(Ticket.status == "waiting", Ticket.service_date == day,
                   or_(and_(Ticket.queue_id.in_(queue_ids), Ticket.target_window_id.is_(None)),
                       Ticket.target_window_id == window.id))
            .order_by(*rules.call_order_key(Ticket.priority, Ticket.queued_at, Ticket.id))
            .limit(1))
    if is_postgres(session):
        stmt = stmt.with_for_update(skip_locked=True)
    return session.scalar(stmt)


def _claim(session: Session, ticket: Ticket, window: Window, staff: Staff, now: datetime) -> bool:
    wait = max(0, int((now - ticket.issued_at).total_seconds()))   # a referral keeps its first wait
    result = session.execute(update(Ticket)
                             .where(Ticket.id == ticket.id, Ticket.status == "waiting")
                             .values(status="called", window_id=window.id, staff_id=staff.id,
                                     called_at=now, call_count=Ticket.call_count + 1,
                                     target_window_id=None, wait_seconds=func.coalesce(Ticket.wait_seconds, wait))
                             .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return False
    for name, value in (("status", "called"), ("window_id", window.id), ("staff_id", staff.id),
                        ("called_at", now), ("call_count", ticket.call_count + 1), ("target_window_id", None),
                        ("wait_seconds", ticket.wait_seconds if ticket.wait_seconds is not None else wait)):
        set_committed_value(ticket, name, value)  # what the UPDATE wrote; no second write
    return True


def _announce_call(session: Session, hall: Hall, ticket: Ticket, window: Window, recall: bool) -> None:
    queue = session.get(Queue, ticket.queue_id)
    record(session, domain.TicketCalled(number=ticket.number, window=window.number, queue=queue.code,
                                        recall=recall, text=rules.call_text(ticket.number, window.number),
                                        token=ticket.token))


def _close_current(session: Session, hall: Hall, window: Window, staff: Staff, now: datetime) -> Ticket | None:
    """下一位 first closes what the window holds: served → finished, called → no-show."""
    if not window.current_ticket_id:
        return None
    ticket = session.get(Ticket, window.current_ticket_id)
    if ticket.status == "serving":
        _finish(session, hall, ticket, window, staff, now)
    elif ticket.status == "called":
        _set_status(session, hall, ticket, "no_show", window, staff, now)
        window.current_ticket_id = None
    else:
        window.current_ticket_id = None
    return ticket


def call_next(session: Session, hall: Hall, number: int, staff: Staff,
              now: datetime | None = None) -> tuple[Ticket | None, Ticket | None]:
    """Returns (the ticket that was closed, the ticket now called or None)."""
    now = now or utcnow()
    window = _working_window(session, hall, number, staff)
    if window.status == "paused":
        raise Conflict("窗口暂停服务中，请先恢复服务", code="window_paused")
    closed = _close_current(session, hall, window, staff, now)
    queue_ids = catalog.window_queue_ids(session, window)
    day = local_date(now, hall.timezone)
    called = None
    for _attempt in range(8):
        candidate = _pick_next(session, window, queue_ids, day)
        if candidate is None:
            break
        if _claim(session, candidate, window, staff, now):
            called = candidate
            break
    if called is not None:
        window.current_ticket_id, window.status = called.id, "serving"
        _log(session, called, "called", now, window, staff)
        _announce_call(session, hall, called, window, recall=False)
        _queue_touched(session, session.get(Queue, called.queue_id))
        _ticket_touched(session, hall, called)
    else:
        window.status = "open"
    _window_touched(session, hall, window)
    return closed, called


def recall(session: Session, hall: Hall, number: int, staff: Staff, now: datetime | None = None) -> Ticket:
    now = now or utcnow()
    window = _working_window(session, hall, number, staff)
    ticket = session.get(Ticket, window.current_ticket_id) if window.current_ticket_id else None
    if ticket is None:
        raise Conflict("当前没有可重呼的号票", code="nothing_to_recall")
    _transition(ticket, "recall")
    ticket.call_count += 1
    _log(session, ticket, "recalled", now, window, staff, call_count=ticket.call_count)
    _announce_call(session, hall, ticket, window, recall=True)
    return ticket


def _set_status(session: Session, hall: Hall, ticket: Ticket, status: str, window: Window | None,
                staff: Staff, now: datetime, kind: str | None = None, **detail) -> None:
    """Change a ticket's status, log it (as ``kind``, default the status) and tell its tracker."""
    ticket.status = status
    _log(session, ticket, kind or status, now, window, staff, **detail)
    _ticket_touched(session, hall, ticket)


def _ticket_at_window(session: Session, hall: Hall, ticket_id: int, staff: Staff) -> tuple[Ticket, Window]:
    ticket = ticket_by_id(session, hall, ticket_id, lock=True)
    window = session.scalar(select(Window).where(Window.staff_id == staff.id, Window.hall_id == hall.id)
                            .with_for_update())
    if window is None:
        raise Forbidden("请先在窗口签到", code="not_signed_in")
    if ticket.window_id != window.id:
        raise Forbidden(f"此号票不在{window.number}号窗口办理", code="not_your_ticket")
    return ticket, window


def _transition(ticket: Ticket, action: str) -> str:
    try:
        return rules.next_status(ticket.status, action)
    except rules.TransitionError as exc:
        raise Conflict(str(exc), code="invalid_ticket_state", status_now=ticket.status)


def start(session: Session, hall: Hall, ticket_id: int, staff: Staff, now: datetime | None = None) -> Ticket:
    now = now or utcnow()
    ticket, window = _ticket_at_window(session, hall, ticket_id, staff)
    target = _transition(ticket, "start")
    ticket.started_at = now
    _set_status(session, hall, ticket, target, window, staff, now)
    return ticket


def _finish(session: Session, hall: Hall, ticket: Ticket, window: Window, staff: Staff, now: datetime) -> str:
    from hall.ratings.service import request_rating  # ratings build on queueing

    _transition(ticket, "finish")
    ticket.finished_at = now
    _set_status(session, hall, ticket, "finished", window, staff, now)
    if window.current_ticket_id == ticket.id:
        window.current_ticket_id, window.status = None, "open"
    _learn_service_time(session, hall, ticket)
    return request_rating(session, hall, ticket, window, staff, now)


def finish(session: Session, hall: Hall, ticket_id: int, staff: Staff,
           now: datetime | None = None) -> tuple[Ticket, str]:
    now = now or utcnow()
    ticket, window = _ticket_at_window(session, hall, ticket_id, staff)
    token = _finish(session, hall, ticket, window, staff, now)
    _window_touched(session, hall, window)
    return ticket, token


def _learn_service_time(session: Session, hall: Hall, ticket: Ticket) -> None:
    from flask import current_app, has_app_context

    begun = ticket.started_at or ticket.called_at
    if not begun or not ticket.finished_at:
        return
    seconds = (ticket.finished_at - begun).total_seconds()
    ticket.service_seconds = max(0, int(seconds))
    queue = session.get(Queue, ticket.queue_id)
    span = current_app.config["HALL"]["HALL_ESTIMATE_WINDOW"] if has_app_context() else 20
    queue.avg_service_seconds = rules.updated_average(queue.avg_service_seconds, seconds,
                                                      queue.service_samples, span)
    queue.service_samples += 1


def no_show(session: Session, hall: Hall, ticket_id: int, staff: Staff, now: datetime | None = None) -> Ticket:
    now = now or utcnow()
    ticket, window = _ticket_at_window(session, hall, ticket_id, staff)
    target = _transition(ticket, "no_show")
    _set_status(session, hall, ticket, target, window, staff, now)
    if window.current_ticket_id == ticket.id:
        window.current_ticket_id, window.status = None, "open"
    _window_touched(session, hall, window)
    return ticket


def hold(session: Session, hall: Hall, ticket_id: int, staff: Staff, reason: str = "",
         now: datetime | None = None) -> Ticket:
    """挂起: the citizen steps aside (e.g. to fetch a copy); the window serves others."""
    now = now or utcnow()
    ticket, window = _ticket_at_window(session, hall, ticket_id, staff)
    target = _transition(ticket, "hold")
    _set_status(session, hall, ticket, target, window, staff, now, reason=reason)
    if window.current_ticket_id == ticket.id:
        window.current_ticket_id, window.status = None, "open"
    _window_touched(session, hall, window)
    return ticket


def call_back(session: Session, hall: Hall, ticket_id: int, staff: Staff, now: datetime | None = None) -> Ticket:
    """回呼: a held ticket is called again at the window that held it."""
    now = now or utcnow()
    ticket, window = _ticket_at_window(session, hall, ticket_id, staff)
    if window.current_ticket_id and window.current_ticket_id != ticket.id:
        raise Conflict("请先办结当前号票再回呼", code="window_busy")
    target = _transition(ticket, "call_back")
    ticket.called_at = now
    ticket.call_count += 1
    _set_status(session, hall, ticket, target, window, staff, now, kind="called_back")
    window.current_ticket_id, window.status = ticket.id, "serving"
    _announce_call(session, hall, ticket, window, recall=False)
    _window_touched(session, hall, window)
    return ticket


def transfer(session: Session, hall: Hall, ticket_id: int, staff: Staff, *, to_window: int | None = None,
             to_queue: str | None = None, reason: str = "", now: datetime | None = None) -> Ticket:
    """转移 / 首问负责制 referral: the citizen keeps their place (no new ticket, no new
    queue from the back) and goes ahead of walk-ins at the receiving window or queue."""
    now = now or utcnow()
    if (to_window is None) == (to_queue is None):
        raise InvalidInput("请提供to_window或to_queue之一", code="missing_field", field="to_window")
    ticket, window = _ticket_at_window(session, hall, ticket_id, staff)
    _transition(ticket, "transfer")
    old_queue = session.get(Queue, ticket.queue_id)
    if to_window is not None:
        target = catalog.window_by_number(session, hall, to_window)
        if target.id == window.id:
            raise InvalidInput("不能转移到本窗口", code="same_window")
        ticket.target_window_id, destination = target.id, {"to_window": target.number}
    else:
        queue = catalog.queue_by_code(session, hall, to_queue)
        ticket.queue_id, ticket.target_window_id, destination = queue.id, None, {"to_queue": queue.code}
    ticket.priority = min(ticket.priority, rules.PRIORITY_REFERRED)
    ticket.window_id = None
    ticket.status = "waiting"
    _log(session, ticket, "transferred", now, window, staff, from_window=window.number,
         from_queue=old_queue.code, reason=reason, **destination)
    if window.current_ticket_id == ticket.id:
        window.current_ticket_id, window.status = None, "open"
    session.flush()
    _queue_touched(session, old_queue)
    if ticket.queue_id != old_queue.id:
        _queue_touched(session, session.get(Queue, ticket.queue_id))
    if ticket.target_window_id:
        record(session, domain.WaitingListChanged(windows=(to_window,)))
    _ticket_touched(session, hall, ticket)
    _window_touched(session, hall, window)
    return ticket


# ---------------------------------------------------------------- consoles and screens

def waiting_list(session: Session, hall: Hall, window: Window, limit: int = 30) -> list[dict]:
    queue_ids = catalog.window_queue_ids(session, window)
    day = local_date(utcnow(), hall.timezone)
    queue_codes = dict(session.execute(select(Queue.id, Queue.code).where(Queue.hall_id == hall.id)).all())
    tickets = session.scalars(
        select(Ticket).where(Ticket.status == "waiting", Ticket.service_date == day,
                             or_(and_(Ticket.queue_id.in_(queue_ids), Ticket.target_window_id.is_(None)),
                                 Ticket.target_window_id == window.id))
        .order_by(Ticket.priority, Ticket.queued_at, Ticket.id).limit(limit)).all()
    return [{"id": t.id, "number": t.number, "queue": queue_codes[t.queue_id],
             "green_channel": t.green_channel, "referred": t.priority == rules.PRIORITY_REFERRED,
             "issued_at": local_iso(t.issued_at, hall.timezone)} for t in tickets]


def held_list(session: Session, hall: Hall, window: Window) -> list[dict]:
    tickets = session.scalars(select(Ticket).where(Ticket.window_id == window.id, Ticket.status == "held")
                              .order_by(Ticket.id)).all()
    return [{"id": t.id, "number": t.number} for t in tickets]


def recent_calls(session: Session, hall: Hall, limit: int = 10) -> list[dict]:
    rows = session.execute(
        select(TicketEvent.kind, TicketEvent.at, Ticket.number, Queue.code, Window.number)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .join(Queue, Queue.id == Ticket.queue_id)
        .join(Window, Window.id == TicketEvent.window_id)
        .where(TicketEvent.kind.in_(("called", "recalled", "called_back")), Ticket.hall_id == hall.id)
        .order_by(TicketEvent.at.desc(), TicketEvent.id.desc()).limit(limit)).all()
    return [{"number": number, "window": window_no, "queue": queue_code, "recall": kind == "recalled",
             "text": rules.call_text(number, window_no), "at": local_iso(at, hall.timezone)}
            for kind, at, number, queue_code, window_no in rows]
