"""The outbox's service: integrations (admin), the rows written in the transaction of each
change (``write_event``, ``write_notification``: see ``handlers.py``), and the worker's
claim and bookkeeping (``claim``, ``settle``; the HTTP post is in ``worker.py``).

A hall's subscriptions are cached per process for ``HALL_OUTBOX_CACHE_SECONDS``: a ticket
issued in a hall that has no integration costs no query and writes no row."""
from __future__ import annotations

import json
import time
import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hall.catalog.models import Hall
from hall.clock import local_iso, utcnow
from hall.db import is_postgres, read_only
from hall.errors import Conflict, InvalidInput, NotFound
from hall.events import domain
from hall.events.bus import record
from hall.integrations import rules
from hall.integrations.models import Delivery, Integration
from hall.intake.identity import mask_phone

NOTIFY_EVENT_PREFIX = "notify:"


class Subscriptions:
    """A process's cache of its halls' subscriptions (one per app: ``hall.integrations.handlers``)."""

    def __init__(self, seconds: float = 5.0):
        self.seconds = seconds
        self.halls: dict[int, tuple[float, str, tuple]] = {}   # hall id -> (expires, code, ((id, events), ...))

        self._anywhere: tuple[float, frozenset] = (0.0, frozenset())

    def forget(self, hall_id: int) -> None:
        self.halls.pop(hall_id, None)

    def forget_anywhere(self) -> None:
        self._anywhere = (0.0, frozenset())

    def anywhere(self, factory) -> frozenset:
        """The event names any active integration subscribes to, read in a session of its own."""
        now = time.monotonic()
        if self._anywhere[0] > now:
            return self._anywhere[1]
        session = read_only(factory())
        try:
            names = frozenset(name for (events,) in session.execute(
                select(Integration.events).where(Integration.active.is_(True))).all() for name in (events or ()))
        finally:
            session.close()
        self._anywhere = (now + self.seconds, names)
        return names


def _cache_of(session: Session) -> Subscriptions:
    return session.info.get(CACHE) or _fallback


CACHE = "hall_outbox_subscriptions"   # session.info: the app's Subscriptions (set by the handler)
_fallback = Subscriptions(0.0)


def subscriptions(session: Session, hall_id: int) -> tuple[str, tuple]:
    """(hall code, ((integration id, frozenset of events), ...)) of a hall's active integrations."""
    cache = _cache_of(session)
    now = time.monotonic()
    cached = cache.halls.get(hall_id)
    if cached is not None and cached[0] > now:
        return cached[1], cached[2]
    code = session.scalar(select(Hall.code).where(Hall.id == hall_id)) or ""
    rows = session.execute(select(Integration.id, Integration.events)
                           .where(Integration.hall_id == hall_id, Integration.active.is_(True))).all()
    subs = tuple((row.id, frozenset(row.events or ())) for row in rows)
    cache.halls[hall_id] = (now + cache.seconds, code, subs)
    return code, subs


def _rang(session: Session) -> None:
    session.info["hall_outbox_written"] = True   # hall.integrations.worker.WRITTEN: the commit wakes the worker


def write_event(session: Session, event: domain.Published) -> int:
    """One pending row per integration of the hall that subscribes to the event, in the
    recording transaction. Returns how many."""
    code, subs = subscriptions(session, event.hall_id)
    wanted = [integration_id for integration_id, names in subs if event.name in names]
    if not wanted:
        return 0
    event_id = str(uuid.uuid4())
    data = event.data() if callable(event.data) else event.data
    text = rules.body(event_id, event.name, code, event.occurred_at, data)
    now = utcnow()
    for integration_id in wanted:
        session.add(Delivery(hall_id=event.hall_id, integration_id=integration_id, event_id=event_id,
                             event=event.name, body=text, next_at=now, created_at=now))
    _rang(session)
    return len(wanted)


def write_notification(session: Session, note: domain.Notification, gateway: str | None) -> bool:
    """A message for the gateway, in the recording transaction; nothing without a gateway."""
    if not gateway or not rules.valid_phone(note.to):
        return False
    now = utcnow()
    session.add(Delivery(hall_id=note.hall_id, integration_id=None, event_id=str(uuid.uuid4()),
                         event=NOTIFY_EVENT_PREFIX + note.template,
                         body=json.dumps({"to": note.to, "template": note.template, "params": dict(note.params),
                                          "text": note.text}, ensure_ascii=False, separators=(",", ":")),
                         next_at=now, created_at=now))
    _rang(session)
    return True


# ---------------------------------------------------------------- admin

def _view(row: Integration, tz: str) -> dict:
    """Times in the hall's zone, as every answer gives them."""
    return {"id": row.id, "name": row.name, "url": row.url, "events": list(row.events), "active": row.active,
            "created_at": local_iso(row.created_at, tz), "failing_since": local_iso(row.failing_since, tz)}


def _checked(body: dict, partial: bool = False) -> dict:
    """An integration's fields from ``body``, each checked; ``partial`` (a change): only those
    given, and ``active``."""
    fields = {}
    if not partial or "name" in body:
        name = body.get("name")
        if not isinstance(name, str) or not name.strip() or len(name) > 100:
            raise InvalidInput("请填写对接系统名称（100字以内）", code="invalid_name", field="name")
        fields["name"] = name.strip()
    if not partial or "url" in body:
        url = body.get("url")
        if not isinstance(url, str) or len(url) > 500 or not rules.check_url(url):
            raise InvalidInput("接收地址须为 http:// 或 https:// 开头的网址", code="invalid_url", field="url")
        fields["url"] = url
    if not partial or "secret" in body:
        secret = body.get("secret")
        if not isinstance(secret, str) or not 16 <= len(secret) <= 200:
            raise InvalidInput("签名密钥须为16到200个字符", code="invalid_secret", field="secret")
        fields["secret"] = secret
    if not partial or "events" in body:
        try:
            fields["events"] = rules.check_events(body.get("events"))
        except ValueError as exc:
            raise InvalidInput(f"事件名称有误：{exc}；可选：{'、'.join(rules.EVENTS)}", code="unknown_event",
                               field="events") from None
    if partial and "active" in body:
        if not isinstance(body["active"], bool):
            raise InvalidInput("active 应为 true 或 false", code="invalid_field", field="active")
        fields["active"] = body["active"]
    return fields


def _saved(session: Session, row: Integration) -> None:
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        raise Conflict("已有同名的对接系统", code="integration_exists") from None


def create(session: Session, hall, body: dict) -> dict:
    row = Integration(hall_id=hall.id, created_at=utcnow(), **_checked(body))
    _saved(session, row)
    return {"id": row.id}


def change(session: Session, hall, integration_id: int, body: dict) -> dict:
    """Another address, secret or set of events, or ``active: false`` to stop (停用) and
    ``true`` to start again. Stopped, it gets no new events and its pending deliveries run out
    their attempts (a manager retries them once it is back); its history stays."""
    row = _integration(session, hall, integration_id)
    for key, value in _checked(body, partial=True).items():
        setattr(row, key, value)
    _saved(session, row)
    return _view(row, hall.timezone)


def listing(session: Session, hall) -> list[dict]:
    rows = session.scalars(select(Integration).where(Integration.hall_id == hall.id).order_by(Integration.id)).all()
    counts = {(i, s): n for i, s, n in session.execute(
        select(Delivery.integration_id, Delivery.status, func.count())
        .where(Delivery.hall_id == hall.id, Delivery.integration_id.is_not(None))
        .group_by(Delivery.integration_id, Delivery.status)).all()}
    return [_view(row, hall.timezone) | {"counts": {s: counts.get((row.id, s), 0) for s in rules.STATUSES}} for row in rows]


def _integration(session: Session, hall, integration_id: int) -> Integration:
    row = session.get(Integration, integration_id)
    if row is None or row.hall_id != hall.id:
        raise NotFound("没有这个对接系统", code="integration_not_found")
    return row


def delivery_view(row: Delivery, tz: str) -> dict:
    answer = {"id": row.id, "event_id": row.event_id, "event": row.event, "status": row.status,
              "attempts": row.attempts, "next_at": local_iso(row.next_at, tz) if row.status == "pending" else None,
              "created_at": local_iso(row.created_at, tz), "delivered_at": local_iso(row.delivered_at, tz),
              "last_status": row.last_status, "last_error": row.last_error}
    if row.integration_id is None:      # a notification: its phone number masked
        message = json.loads(row.body)
        answer["to"] = mask_phone(message.get("to", ""))
    return answer


def deliveries(session: Session, hall, integration_id: int, status: str | None, limit: int = 200) -> list[dict]:
    _integration(session, hall, integration_id)
    if status is not None and status not in rules.STATUSES:
        raise InvalidInput("status 应为 pending、delivered 或 dead", code="invalid_status", field="status")
    query = select(Delivery).where(Delivery.integration_id == integration_id)
    if status:
        query = query.where(Delivery.status == status)
    return [delivery_view(r, hall.timezone) for r in session.scalars(query.order_by(Delivery.id.desc()).limit(limit)).all()]


def retry(session: Session, hall, delivery_id: int) -> dict:
    """A dead delivery (or a pending one, at once) is tried again from its first attempt."""
    query = select(Delivery).where(Delivery.id == delivery_id)
    if is_postgres(session):
        query = query.with_for_update()
    row = session.scalar(query)
    if row is None or row.hall_id != hall.id:
        raise NotFound("没有这条推送记录", code="delivery_not_found")
    if row.status == "delivered":
        raise Conflict("该事件已推送成功，无需重试", code="already_delivered")
    row.status, row.attempts, row.next_at, row.last_error = "pending", 0, utcnow(), ""
    _rang(session)
    return delivery_view(row, hall.timezone)


# ---------------------------------------------------------------- the worker's side

def claim(session: Session, now: datetime, busy=()) -> Delivery | None:
    """The oldest due row, locked for this transaction; rows other processes hold are skipped
    (PostgreSQL ``FOR UPDATE SKIP LOCKED``; SQLite has one process), and so are ``busy``, the
    ones this process's other tasks are posting."""
    query = (select(Delivery).where(Delivery.status == "pending", Delivery.next_at <= now)
             .order_by(Delivery.next_at, Delivery.id).limit(1))
    if busy:
        query = query.where(Delivery.id.not_in(list(busy)))
    if is_postgres(session):
        query = query.with_for_update(skip_locked=True)
    return session.scalar(query)


def target(session: Session, row: Delivery, notify_url: str | None) -> tuple[str | None, str | None]:
    """(url, secret) to post the row to; (None, None) when there is nowhere to post now."""
    if row.integration_id is None:
        return notify_url or None, None
    integration = session.get(Integration, row.integration_id)
    if integration is None or not integration.active:
        return None, None
    return integration.url, integration.secret


def settle(session: Session, row: Delivery, status: int | None, error: str, now: datetime, settings: dict) -> None:
    """Book an attempt's outcome: delivered, or the next attempt after the backoff, or dead;
    and the endpoint's failing streak (an alert after ten minutes of it)."""
    row.attempts += 1
    row.last_status, row.last_error = status, (error or "")[:300]
    ok = rules.answered(status)
    if ok:
        row.status, row.delivered_at = "delivered", now
    else:
        row.status, row.next_at = rules.after_failure(row.attempts, settings["attempts"], now, settings["base"],
                                                      settings["cap"])
    if row.status != "pending" and row.integration_id is None:
        message = json.loads(row.body)       # the phone number kept no longer than needed
        message["to"] = mask_phone(message.get("to", ""))
        row.body = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
    if row.integration_id is not None:
        _streak(session, row, ok, now)


def _streak(session: Session, row: Delivery, ok: bool, now: datetime) -> None:
    integration = session.get(Integration, row.integration_id)
    if integration is None:
        return
    if ok:
        if integration.failing_since is not None:
            integration.failing_since = integration.alerted_at = None
        return
    if integration.failing_since is None:
        integration.failing_since = now
    if rules.should_alert(integration.failing_since, integration.alerted_at, now):
        integration.alerted_at = now
        minutes = int((now - integration.failing_since).total_seconds() // 60)
        record(session, domain.Alert(hall_id=integration.hall_id, rooms=("manager",), payload={
            "kind": "integration_failing", "integration": integration.name, "since": integration.failing_since.isoformat(),
            "message": f"对接系统“{integration.name}”已连续{minutes}分钟推送失败，请检查接收地址"}))
