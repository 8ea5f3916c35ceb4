"""Issuing tickets and working the queue at windows.

This is the hall's hot path (hundreds of tickets and calls a second at peak), so it works
on rows through the prepared statements of ``hall.queueing.statements``, takes static
facts from the catalog snapshot (``hall.catalog.cache``) and leaves the screens' figures to
the event bus, which reads them after the commit. Tickets and windows are rows whose
attributes have the ORM models' names.

Exactly-once rests on three things, on SQLite and PostgreSQL alike:
- the per-queue daily counter is bumped with one ``INSERT … ON CONFLICT DO UPDATE …
  RETURNING`` in the same transaction as the ticket insert (a rollback gives the number
  back, so no gaps), and ``uq_ticket_number`` makes a duplicate impossible whatever happens;
- call-next picks and claims in one ``UPDATE … WHERE id = (next waiting …) AND status =
  'waiting' RETURNING``, skipping other windows' picks with ``FOR UPDATE SKIP LOCKED`` on
  PostgreSQL (SQLite transactions begin IMMEDIATE, one writer at a time);
- the window row is locked while its current ticket changes.
"""
from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hall.auth.models import Staff
from hall.calendar.service import hall_calendar
from hall.catalog import hours
from hall.catalog.cache import HallCatalog
from hall.catalog.models import Window
from hall.catalog.schemas import staff_card
from hall.catalog.service import item_info, queue_info, window_info
from hall.clock import local, local_date, local_iso, utcnow
from hall.errors import Conflict, Forbidden, InvalidInput, NotFound
from hall.events import domain
from hall.events.bus import record
from hall.intake.identity import id_hash
from hall.queueing import rules
from hall.queueing import statements as sql
from hall.queueing.prediction import LineLoad, WindowLoad, hour_of_week, predict_wait_minutes
from hall.queueing.service_times import ESTIMATE_WINDOW, service_times
from hall.queueing.models import TicketEvent, WindowPause, WindowSession


class QueueEmpty(NotFound):
    code = "queue_empty"
    message = "当前没有等候的号票"


class DailyCapReached(Conflict):
    code = "daily_cap_reached"
    message = "该业务今日号票已发放完毕，请明日再来或预约办理"


# ---------------------------------------------------------------- issuing

def find_by_idempotency_key(session: Session, hall: HallCatalog, key: str) -> sql.TicketRow | None:
    return sql.ticket_by_key(session, hall.id, key)


def issue_ticket(session: Session, hall: HallCatalog, *, item_code: str | None = None,
                 queue_code: str | None = None, green_channel: bool = False,
                 idempotency_key: str | None = None, device_id: int | None = None,
                 appointment_code: str | None = None, now: datetime | None = None,
                 urgent_by: Staff | None = None, urgent_reason: str | None = None,
                 applicant=None, identity_secret: str = "") -> tuple:
    """Outside the hall's hours (or on a day it is shut) refuses with 409 ``not_a_working_day``
    / ``hall_closed`` naming the next opening, unless a staff member opens it for 急事急办
    (``urgent_by`` with ``urgent_reason``, kept in the ticket's events). Returns (ticket row, created, position): position is (people ahead, predicted minutes)
    when this call issued the ticket, else None. A repeated idempotency key returns the
    first ticket. ``applicant`` (``hall.queueing.card.TicketApplicant``): who the ticket is for,
    stored masked with its keyed hash (``identity_secret``); read by an ID-card reader and
    60 or over on the hall's today, the ticket is ``elderly`` and, where the hall gives
    elderly priority, called right after the green channel."""
    clock_given = now is not None
    now = now or utcnow()
    if idempotency_key:
        existing = find_by_idempotency_key(session, hall, idempotency_key)
        if existing:
            return existing, False, None
    if urgent_by is None:
        check_open(session, hall, now)
    appointment = None
    if appointment_code:
        from hall.appointments.service import check_in
        appointment = check_in(session, hall, appointment_code, now)
        if appointment.ticket_id:   # checked in before: the same ticket again
            return ticket_by_id(session, hall, appointment.ticket_id), False, None
        item_code, queue_code = hall.items_by_id[appointment.item_id].code, None
    if bool(item_code) == bool(queue_code):
        raise InvalidInput("请提供item_code或queue_code之一", code="missing_field", field="item_code")
    item = item_info(hall, item_code) if item_code else None
    queue = hall.queues_by_id[item.queue_id] if item else queue_info(hall, queue_code)
    today = local_date(now, hall.timezone)
    read, born = (applicant.from_reader, applicant.born) if applicant else (False, None)
    elderly = read and rules.is_elderly(born, today)   # recorded even where the hall gives no priority (专窗)
    priority = rules.priority_for(green_channel, bool(appointment_code),
                                  elderly=rules.elderly_priority_applies(read, born, today, hall.elderly_priority))
    # read before the queue's counter is locked: the lock is held to the commit
    times = service_times(session, hall)
    how = hour_of_week(local(now, hall.timezone))
    load = hall_load(session, hall, local_date(now, hall.timezone))
    expected = round(times.seconds(queue.code, item.code if item else None, how))
    values = {"hall_id": hall.id, "issued_queue_id": queue.id, "queue_id": queue.id,
              "item_id": item.id if item else None, "service_date": local_date(now, hall.timezone),
              "token": secrets.token_urlsafe(12), "status": "waiting", "priority": priority,
              "green_channel": green_channel, "appointment_code": appointment_code,
              "idempotency_key": idempotency_key, "call_count": 0, "device_id": device_id,
              "expected_service_seconds": expected, "urgent": False, "urgent_reason": "", "elderly": elderly,
              "applicant_name": applicant.name if applicant else "",
              "applicant_id_masked": applicant.masked if applicant else "",
              "applicant_id_hash": id_hash(identity_secret, applicant.document.number) if applicant else None}
    try:
        issued = sql.issue(session, queue, values, now if clock_given else None, utcnow)
    except IntegrityError:
        # Only the idempotency key can collide here (the counter row is locked by us):
        # a concurrent request with the same key won; give its ticket back.
        session.rollback()
        existing = find_by_idempotency_key(session, hall, idempotency_key) if idempotency_key else None
        if existing is None:
            raise
        return existing, False, None
    if issued is None:
        raise DailyCapReached(cap=queue.daily_cap)
    ticket, waiting, work = issued
    if appointment is not None:
        appointment.ticket_id = ticket.id
    if urgent_by is not None:
        session.add(TicketEvent(ticket_id=ticket.id, kind="urgent", at=now, staff_id=urgent_by.id,
                                detail={"reason": urgent_reason, "username": urgent_by.username,
                                        "outside_hours": hours.refusal(hall.hours, local(now, hall.timezone),
                                                                       _LazyCalendar(session))}))
    _queue_touched(session, hall, queue.id)
    _publish_ticket(session, hall, "ticket.issued", ticket, now, channel="kiosk" if device_id else "phone")
    if priority == rules.PRIORITY_NORMAL:
        # a walk-in joins the back of the line: everyone waiting is ahead, no counting
        lines = load[0] | {queue.code: LineLoad(waiting, work)}
        position = (waiting - 1, predict_wait_minutes(queue.code, waiting - 1, work - expected, lines, load[1],
                                                      times, how))
    else:
        position = queue_position(session, hall, ticket)
    return ticket, True, position


def _publish_ticket(session: Session, hall: HallCatalog, name: str, ticket, now: datetime, **extra) -> None:
    """``ticket.issued`` / ``ticket.called`` / ``service.finished`` for the outbox (its rows are
    written only when an integration subscribes: the data is made only then)."""
    def data():
        item = hall.items_by_id.get(ticket.item_id) if ticket.item_id else None
        return {"number": ticket.number, "queue": hall.queues_by_id[ticket.queue_id].code,
                "item_code": item.code if item else None, "service_date": ticket.service_date.isoformat(),
                "status": ticket.status, "green_channel": bool(ticket.green_channel),
                "appointment": bool(ticket.appointment_code), **extra}
    record(session, domain.Published(hall_id=hall.id, name=name, data=data, occurred_at=now))


class _LazyCalendar:
    """The working-day calendar, read only when a rule asks (a hall open every day never does)."""

    def __init__(self, session: Session):
        self._session, self._calendar = session, None

    def is_workday(self, day) -> bool:
        if self._calendar is None:
            self._calendar = hall_calendar(self._session)
        return self._calendar.is_workday(day)


def check_open(session: Session, hall: HallCatalog, now: datetime) -> None:
    """409 ``not_a_working_day`` / ``hall_closed`` with ``opens_at`` when no ticket may be issued now.
    The hours come from the cached catalog: no query unless the working days matter."""
    if hall.hours.around_the_clock and hall.hours.open_on == hours.EVERY_DAY:
        return
    moment = local(now, hall.timezone)
    calendar = _LazyCalendar(session)
    why = hours.refusal(hall.hours, moment, calendar)
    if why is not None:
        opening = hours.next_opening(hall.hours, moment, calendar)
        raise Conflict(hours.friendly(why, opening), code=why, opens_at=opening.isoformat(timespec="minutes"))


# ---------------------------------------------------------------- reading

WINDOW_LOADS = {"open": "free", "serving": "busy", "closed": "off", "paused": "off"}


def hall_load(session: Session, hall: HallCatalog, day) -> tuple[dict[str, LineLoad], list[WindowLoad]]:
    """Every queue's line and every window's state now: what the prediction weighs."""
    lines = {code: LineLoad(0, 0.0) for code in hall.queues}
    for queue_id, waiting, work in sql.lines(session, hall.id, day):
        lines[hall.queues_by_id[queue_id].code] = LineLoad(waiting, float(work))
    windows = [WindowLoad(hall.windows_by_id[window_id].queue_codes, WINDOW_LOADS[status])
               for window_id, status in sql.window_states(session, hall.id)]
    return lines, windows


def queue_position(session: Session, hall: HallCatalog, ticket) -> tuple[int, int]:
    """(people ahead of a waiting ticket, predicted minutes until it is called)."""
    now = utcnow()
    ahead, work_ahead = sql.position(session, ticket)
    lines, windows = hall_load(session, hall, ticket.service_date)
    queue = hall.queues_by_id[ticket.queue_id].code
    return ahead, predict_wait_minutes(queue, ahead, work_ahead, lines, windows, service_times(session, hall),
                                       hour_of_week(local(now, hall.timezone)))


def queue_payloads(session: Session, hall: HallCatalog, day, queue_ids=None) -> dict[int, dict]:
    """``queue_changed`` payloads: {queue id: {queue, waiting, estimated_wait_minutes}}, the
    estimate being that of a walk-in taking a ticket now."""
    lines, windows = hall_load(session, hall, day)
    times = service_times(session, hall)
    how = hour_of_week(local(utcnow(), hall.timezone))
    payloads = {}
    for queue in hall.queues.values():
        if queue_ids is not None and queue.id not in queue_ids:
            continue
        line = lines[queue.code]
        payloads[queue.id] = {"queue": queue.code, "waiting": line.waiting, "estimated_wait_minutes":
                              predict_wait_minutes(queue.code, line.waiting, line.work_seconds, lines, windows,
                                                   times, how)}
    return payloads


def list_queues(session: Session, hall: HallCatalog) -> list[dict]:
    payloads = queue_payloads(session, hall, local_date(utcnow(), hall.timezone))
    return [{"code": q.code, "prefix": q.prefix, "name": q.name, "waiting": payloads[q.id]["waiting"],
             "estimated_wait_minutes": payloads[q.id]["estimated_wait_minutes"]} for q in hall.queues.values()]


def ticket_by_id(session: Session, hall: HallCatalog, ticket_id: int) -> sql.TicketRow:
    ticket = sql.ticket_by_id(session, ticket_id)
    if ticket is None or ticket.hall_id != hall.id:
        raise NotFound("没有此号票", code="ticket_not_found")
    return ticket


def ticket_by_token(session: Session, token: str) -> sql.TicketRow:
    ticket = sql.ticket_by_token(session, token)
    if ticket is None:
        raise NotFound("没有此号票", code="ticket_not_found")
    return ticket


# ---------------------------------------------------------------- what the screens hear

def _queue_touched(session: Session, hall: HallCatalog, queue_id: int) -> None:
    """The lobby's figures for this queue and its windows' waiting lists changed."""
    record(session, domain.QueueChanged(hall_id=hall.id, queue_id=queue_id))
    record(session, domain.WaitingListChanged(hall_id=hall.id, windows=hall.windows_serving(queue_id)))


def _window_touched(session: Session, hall: HallCatalog, window) -> None:
    record(session, domain.WindowChanged(hall_id=hall.id, number=window.number))


def _ticket_touched(session: Session, hall: HallCatalog, ticket) -> None:
    record(session, domain.TicketChanged(hall_id=hall.id, token=ticket.token, status=ticket.status))


def _queues_of_window_touched(session: Session, hall: HallCatalog, window) -> None:
    """Opening or closing a window changes the estimate of every queue it serves."""
    for queue_id in hall.windows_by_id[window.id].queue_ids:
        _queue_touched(session, hall, queue_id)


# ---------------------------------------------------------------- windows

def _locked_window(session: Session, hall: HallCatalog, number: int) -> sql.WindowRow:
    return sql.window_locked(session, window_info(hall, number).id)


def _require_window_staff(window, staff: Staff) -> None:
    if window.staff_id != staff.id:
        raise Forbidden(f"您未在{window.number}号窗口签到", code="not_your_window")


def _working_window(session: Session, hall: HallCatalog, number: int, staff: Staff) -> sql.WindowRow:
    window = _locked_window(session, hall, number)
    _require_window_staff(window, staff)
    return window


def _working_window_and_ticket(session: Session, hall: HallCatalog, number: int,
                               staff: Staff) -> tuple[sql.WindowRow, sql.TicketRow | None]:
    """(the staff member's window, locked; the ticket it holds or None)."""
    window, ticket = sql.window_and_current_locked(session, window_info(hall, number).id)
    _require_window_staff(window, staff)
    return window, ticket


def sign_in(session: Session, hall: HallCatalog, number: int, staff: Staff, now: datetime | None = None):
    now = now or utcnow()
    window = _locked_window(session, hall, number)
    if window.staff_id == staff.id:
        return window
    if not rules.may_sign_in(staff.role, staff.department_id, window.department_id):
        raise Forbidden(f"只能在本部门的窗口或综合受理窗口签到，{window.number}号窗口属于其他部门", code="wrong_department_window")
    if window.staff_id is not None:
        raise Conflict(f"{window.number}号窗口已有其他工作人员签到", code="window_occupied")
    elsewhere = session.scalar(select(Window.number).where(Window.staff_id == staff.id))
    if elsewhere is not None:
        raise Conflict(f"您已在{elsewhere}号窗口签到，请先签退", code="signed_in_elsewhere")
    sql.update_window(session, window.id, staff_id=staff.id, status="open")
    session.add(WindowSession(window_id=window.id, staff_id=staff.id, signed_in_at=now))
    _window_touched(session, hall, window)
    _queues_of_window_touched(session, hall, window)
    return window


def _open_session(session: Session, window) -> WindowSession | None:
    return session.scalar(select(WindowSession).where(WindowSession.window_id == window.id,
                                                      WindowSession.signed_out_at.is_(None))
                          .order_by(WindowSession.id.desc()))


def _end_pause(session: Session, ws: WindowSession | None, now: datetime) -> None:
    if ws is None:
        return
    for pause in session.scalars(select(WindowPause).where(WindowPause.session_id == ws.id,
                                                           WindowPause.ended_at.is_(None))):
        pause.ended_at = now


def sign_out(session: Session, hall: HallCatalog, number: int, staff: Staff, now: datetime | None = None):
    now = now or utcnow()
    window = _working_window(session, hall, number, staff)
    if window.current_ticket_id:
        raise Conflict("请先办结或处理当前号票再签退", code="window_busy")
    ws = _open_session(session, window)
    _end_pause(session, ws, now)
    if ws:
        ws.signed_out_at = now
    sql.update_window(session, window.id, staff_id=None, status="closed")
    _window_touched(session, hall, window)
    _queues_of_window_touched(session, hall, window)
    return window


def pause(session: Session, hall: HallCatalog, number: int, staff: Staff, reason: str = "",
          now: datetime | None = None):
    now = now or utcnow()
    window = _working_window(session, hall, number, staff)
    if window.status == "paused":
        return window
    if window.current_ticket_id:
        raise Conflict("请先办结当前号票再暂停服务", code="window_busy")
    sql.update_window(session, window.id, status="paused")
    ws = _open_session(session, window)
    if ws:
        session.add(WindowPause(session_id=ws.id, started_at=now, reason=reason))
    _window_touched(session, hall, window)
    _queues_of_window_touched(session, hall, window)
    return window


def resume(session: Session, hall: HallCatalog, number: int, staff: Staff, now: datetime | None = None):
    now = now or utcnow()
    window = _working_window(session, hall, number, staff)
    if window.status != "paused":
        return window
    _end_pause(session, _open_session(session, window), now)
    sql.update_window(session, window.id, status="open")
    _window_touched(session, hall, window)
    _queues_of_window_touched(session, hall, window)
    return window


# ---------------------------------------------------------------- calling

def _announce_call(session: Session, hall: HallCatalog, ticket, window, recall: bool) -> None:
    record(session, domain.TicketCalled(hall_id=hall.id, number=ticket.number, window=window.number,
                                        queue=hall.queues_by_id[ticket.queue_id].code, recall=recall,
                                        text=rules.call_text(ticket.number, window.number), token=ticket.token))


def _change(session: Session, hall: HallCatalog, ticket, action: str, window, staff: Staff, now: datetime,
            kind: str | None = None, detail: dict | None = None, **values):
    """Apply a state transition to a ticket: the new row, logged (as ``kind``, default the
    new status), and its page on the phone told."""
    status = rules.next_status(ticket.status, action)
    row = sql.change_ticket(session, ticket.id, {"status": status, **values}, kind=kind or status, at=now,
                            window_id=window.id, staff_id=staff.id, detail=detail)
    _ticket_touched(session, hall, row)
    return row


def _close_current(session: Session, hall: HallCatalog, window, ticket, staff: Staff, now: datetime):
    """下一位 first closes what the window holds: served → finished, called → no-show.
    Returns (the closed ticket or None, its rating token or None)."""
    if ticket is None:
        return None, None
    if ticket.status == "serving":
        return _finish(session, hall, ticket, window, staff, now)
    if ticket.status == "called":
        return _change(session, hall, ticket, "no_show", window, staff, now), None
    return ticket, None


def call_next(session: Session, hall: HallCatalog, number: int, staff: Staff,
              now: datetime | None = None) -> tuple:
    """Returns (the ticket that was closed, its rating token, the ticket now called or None)."""
    now = now or utcnow()
    window, current = _working_window_and_ticket(session, hall, number, staff)
    if window.status == "paused":
        raise Conflict("窗口暂停服务中，请先恢复服务", code="window_paused")
    closed, rating_token = _close_current(session, hall, window, current, staff, now)
    info = hall.windows_by_id[window.id]
    called = sql.call(session, info.queue_ids, local_date(now, hall.timezone), window.id, staff.id, now,
                      elderly_first=info.elderly_first)
    if called is not None:
        _announce_call(session, hall, called, window, recall=False)
        _publish_ticket(session, hall, "ticket.called", called, now, window=window.number,
                        staff_no=staff.staff_no, wait_seconds=called.wait_seconds)
        _queue_touched(session, hall, called.queue_id)
        _ticket_touched(session, hall, called)
    elif window.current_ticket_id or window.status != "open":
        sql.update_window(session, window.id, current_ticket_id=None, status="open")
    _window_touched(session, hall, window)
    return closed, rating_token, called


def recall(session: Session, hall: HallCatalog, number: int, staff: Staff, now: datetime | None = None):
    now = now or utcnow()
    window, ticket = _working_window_and_ticket(session, hall, number, staff)
    if ticket is None:
        raise Conflict("当前没有可重呼的号票", code="nothing_to_recall")
    rules.next_status(ticket.status, "recall")
    ticket = sql.change_ticket(session, ticket.id, {"call_count": ticket.call_count + 1}, kind="recalled", at=now,
                               window_id=window.id, staff_id=staff.id, detail={"call_count": ticket.call_count + 1})
    _announce_call(session, hall, ticket, window, recall=True)
    return ticket


def _ticket_at_window(session: Session, hall: HallCatalog, ticket_id: int,
                      staff: Staff) -> tuple[sql.TicketRow, sql.WindowRow]:
    """(a ticket at the staff member's window, that window): the window is locked first, as
    call-next does, so two actions on one window never deadlock."""
    window = sql.window_of_staff_locked(session, hall.id, staff.id)
    if window is None:
        raise Forbidden("请先在窗口签到", code="not_signed_in")
    ticket = ticket_by_id(session, hall, ticket_id)
    if ticket.window_id != window.id:
        raise Forbidden(f"此号票不在{window.number}号窗口办理", code="not_your_ticket")
    return ticket, window


def _leave_window(session: Session, hall: HallCatalog, ticket, window) -> None:
    """The ticket no longer occupies the window (finished, no-show, held, transferred)."""
    if window.current_ticket_id == ticket.id:
        sql.update_window(session, window.id, current_ticket_id=None, status="open")
    _window_touched(session, hall, window)


def start(session: Session, hall: HallCatalog, ticket_id: int, staff: Staff, now: datetime | None = None):
    now = now or utcnow()
    ticket, window = _ticket_at_window(session, hall, ticket_id, staff)
    return _change(session, hall, ticket, "start", window, staff, now, started_at=now)


def _finish(session: Session, hall: HallCatalog, ticket, window, staff: Staff, now: datetime) -> tuple:
    """Returns (the finished ticket, the rating token that ``ServiceFinished``'s handler
    (ratings) made for it, in this transaction)."""
    begun = ticket.started_at or ticket.called_at
    seconds = max(0, int((now - begun).total_seconds())) if begun else None
    row = _change(session, hall, ticket, "finish", window, staff, now, finished_at=now, service_seconds=seconds)
    if seconds is not None:
        _learn_service_time(session, ticket.queue_id, seconds)
    return row, _service_finished(session, hall, row, window, staff, now)


def _service_finished(session: Session, hall: HallCatalog, ticket, window, staff: Staff, now: datetime):
    _publish_ticket(session, hall, "service.finished", ticket, now, window=window.number, staff_no=staff.staff_no,
                    wait_seconds=ticket.wait_seconds, service_seconds=ticket.service_seconds)
    tokens = record(session, domain.ServiceFinished(
        hall_id=hall.id, ticket_id=ticket.id, item_id=ticket.item_id, window_id=window.id,
        window_number=window.number, window_department_id=window.department_id, staff_id=staff.id,
        staff=staff_card(staff), at=now))
    return next((token for token in tokens if token is not None), None)


def finish(session: Session, hall: HallCatalog, ticket_id: int, staff: Staff,
           now: datetime | None = None) -> tuple:
    """Returns (the finished ticket, its rating token)."""
    now = now or utcnow()
    ticket, window = _ticket_at_window(session, hall, ticket_id, staff)
    row, token = _finish(session, hall, ticket, window, staff, now)
    _leave_window(session, hall, row, window)
    return row, token


def _learn_service_time(session: Session, queue_id: int, seconds: int) -> None:
    span = session.info.get(ESTIMATE_WINDOW, 20)
    average, samples = sql.service_time(session, queue_id)
    sql.set_service_time(session, queue_id, rules.updated_average(average, seconds, samples, span), samples + 1)


def no_show(session: Session, hall: HallCatalog, ticket_id: int, staff: Staff, now: datetime | None = None):
    now = now or utcnow()
    ticket, window = _ticket_at_window(session, hall, ticket_id, staff)
    row = _change(session, hall, ticket, "no_show", window, staff, now)
    _leave_window(session, hall, row, window)
    return row


def hold(session: Session, hall: HallCatalog, ticket_id: int, staff: Staff, reason: str = "",
         now: datetime | None = None):
    """挂起: the citizen steps aside (e.g. to fetch a copy); the window serves others."""
    now = now or utcnow()
    ticket, window = _ticket_at_window(session, hall, ticket_id, staff)
    row = _change(session, hall, ticket, "hold", window, staff, now, detail={"reason": reason})
    _leave_window(session, hall, row, window)
    return row


def call_back(session: Session, hall: HallCatalog, ticket_id: int, staff: Staff, now: datetime | None = None):
    """回呼: a held ticket is called again at the window that held it."""
    now = now or utcnow()
    ticket, window = _ticket_at_window(session, hall, ticket_id, staff)
    if window.current_ticket_id and window.current_ticket_id != ticket.id:
        raise Conflict("请先办结当前号票再回呼", code="window_busy")
    row = _change(session, hall, ticket, "call_back", window, staff, now, kind="called_back",
                  called_at=now, call_count=ticket.call_count + 1)
    sql.update_window(session, window.id, current_ticket_id=row.id, status="serving")
    _announce_call(session, hall, row, window, recall=False)
    _window_touched(session, hall, window)
    return row


def transfer(session: Session, hall: HallCatalog, ticket_id: int, staff: Staff, *, to_window: int | None = None,
             to_queue: str | None = None, reason: str = "", now: datetime | None = None):
    """转移 / 首问负责制 referral: the citizen keeps their place (no new ticket, no new
    queue from the back) and goes ahead of walk-ins at the receiving window or queue."""
    now = now or utcnow()
    if (to_window is None) == (to_queue is None):
        raise InvalidInput("请提供to_window或to_queue之一", code="missing_field", field="to_window")
    ticket, window = _ticket_at_window(session, hall, ticket_id, staff)
    old_queue = hall.queues_by_id[ticket.queue_id]
    if to_window is not None:
        target = window_info(hall, to_window)
        if target.id == window.id:
            raise InvalidInput("不能转移到本窗口", code="same_window")
        queue_id, target_id, destination = ticket.queue_id, target.id, {"to_window": target.number}
    else:
        queue = queue_info(hall, to_queue)
        queue_id, target_id, destination = queue.id, None, {"to_queue": queue.code}
    row = _change(session, hall, ticket, "transfer", window, staff, now, kind="transferred",
                  detail={"from_window": window.number, "from_queue": old_queue.code, "reason": reason,
                          **destination},
                  queue_id=queue_id, target_window_id=target_id, window_id=None,
                  priority=min(ticket.priority, rules.PRIORITY_REFERRED))
    _leave_window(session, hall, row, window)
    sql.joined(session, ticket, queue_id)
    _queue_touched(session, hall, old_queue.id)
    if queue_id != old_queue.id:
        _queue_touched(session, hall, queue_id)
    if target_id:
        record(session, domain.WaitingListChanged(hall_id=hall.id, windows=(to_window,)))
    return row


# ---------------------------------------------------------------- 急事急办, green channel checks

def mark_urgent(session: Session, hall: HallCatalog, ticket_id: int, staff: Staff, reason: str,
                now: datetime | None = None):
    """急事急办 (DOMAIN rule 10): a manager marks a waiting ticket urgent with a reason. It is
    called next at its queue's windows (ahead of the green channel) and the case accepted
    from it gets the short limit. The reason is logged on the ticket."""
    now = now or utcnow()
    ticket = ticket_by_id(session, hall, ticket_id)
    priority, reason = rules.urgent_priority(ticket.status, ticket.priority, reason)
    row = sql.update_ticket(session, ticket.id, priority=priority, urgent=True, urgent_reason=reason)
    sql.log(session, ticket.id, "marked_urgent", now, staff_id=staff.id, detail={"reason": reason})
    _ticket_touched(session, hall, row)
    _queue_touched(session, hall, row.queue_id)
    return row


def confirm_green(session: Session, hall: HallCatalog, ticket_id: int, staff: Staff, basis: str = "",
                  now: datetime | None = None):
    """The staff member at the window has seen what entitles the citizen to the green
    channel (age, disability card, service ID) and confirms it; logged on the ticket."""
    now = now or utcnow()
    ticket, window = _ticket_at_window(session, hall, ticket_id, staff)
    rules.green_checked(ticket.green_channel, ticket.status, "confirm_green")
    sql.log(session, ticket.id, "green_confirmed", now, window_id=window.id, staff_id=staff.id,
            detail={"basis": basis})
    return ticket


def revoke_green(session: Session, hall: HallCatalog, ticket_id: int, staff: Staff, reason: str,
                 now: datetime | None = None):
    """No entitlement to the green channel: the ticket loses its priority and goes back to
    wait at the place it would have had without it (its time in line is kept); logged."""
    now = now or utcnow()
    ticket, window = _ticket_at_window(session, hall, ticket_id, staff)
    rules.green_checked(ticket.green_channel, ticket.status, "revoke_green")
    reason = rules.reason_given(reason, "取消绿色通道")
    priority = rules.priority_without_green(bool(ticket.appointment_code), ticket.urgent,
                                            ticket.elderly and hall.elderly_priority)
    row = _change(session, hall, ticket, "revoke_green", window, staff, now, kind="green_revoked",
                  detail={"reason": reason, "window": window.number}, green_channel=False, priority=priority,
                  window_id=None)
    _leave_window(session, hall, row, window)
    sql.joined(session, ticket, ticket.queue_id)
    _queue_touched(session, hall, ticket.queue_id)
    return row


# ---------------------------------------------------------------- consoles and screens

def waiting_list(session: Session, hall: HallCatalog, window, limit: int = 30) -> list[dict]:
    info = hall.windows_by_id[window.id]
    queue_ids = info.queue_ids
    day = local_date(utcnow(), hall.timezone)
    rows = session.execute(
        select(sql.T.c.id, sql.T.c.number, sql.T.c.queue_id, sql.T.c.green_channel, sql.T.c.priority, sql.T.c.issued_at,
               sql.T.c.elderly)
        .where(sql.T.c.status == "waiting", sql.T.c.service_date == day,
               or_(and_(sql.T.c.queue_id.in_(queue_ids), sql.T.c.target_window_id.is_(None)),
                   sql.T.c.target_window_id == window.id))
        .order_by(*sql.call_order(info.elderly_first)).limit(limit))
    return [{"id": t.id, "number": t.number, "queue": hall.queues_by_id[t.queue_id].code,
             "green_channel": t.green_channel, "referred": t.priority == rules.PRIORITY_REFERRED,
             "urgent": t.priority == rules.PRIORITY_URGENT, "elderly": t.elderly,
             "issued_at": local_iso(t.issued_at, hall.timezone)} for t in rows]


def held_list(session: Session, hall: HallCatalog, window) -> list[dict]:
    rows = session.execute(select(sql.T.c.id, sql.T.c.number).where(sql.T.c.window_id == window.id, sql.T.c.status == "held")
                                  .order_by(sql.T.c.id))
    return [{"id": t.id, "number": t.number} for t in rows]


def recent_calls(session: Session, hall: HallCatalog, limit: int = 10, window_id: int | None = None) -> list[dict]:
    T, E = sql.T, sql.E
    stmt = (select(E.c.kind, E.c.at, T.c.number, T.c.queue_id, E.c.window_id)
            .join(T, T.c.id == E.c.ticket_id)
            .where(E.c.kind.in_(("called", "recalled", "called_back")), T.c.hall_id == hall.id)
            .order_by(E.c.at.desc(), E.c.id.desc()).limit(limit))
    if window_id is not None:
        stmt = stmt.where(E.c.window_id == window_id)
    calls = []
    for kind, at, number, queue_id, win_id in session.execute(stmt):
        window_no = hall.windows_by_id[win_id].number
        calls.append({"number": number, "window": window_no, "queue": hall.queues_by_id[queue_id].code,
                      "recall": kind == "recalled", "text": rules.call_text(number, window_no),
                      "at": local_iso(at, hall.timezone)})
    return calls
