"""The delivery worker inside ``hall serve``: ``HALL_DELIVERY_CONCURRENCY`` background tasks
that each claim one due outbox row at a time, POST it, and book the outcome.

On PostgreSQL the row is claimed with ``SELECT … FOR UPDATE SKIP LOCKED`` and stays locked
while it is posted: however many server processes run, one event is being delivered by one
of them at a time, and a process killed mid-post (``kill -9``) drops its lock with its
connection, so another process takes the row again (same ``X-Hall-Event-Id``). On SQLite
(one process) the row is read, posted outside any transaction (SQLite's write lock is never
held during a post) and booked in a short write transaction.

A commit that wrote outbox rows wakes the worker at once; otherwise it looks every
``HALL_DELIVERY_POLL_SECONDS``. Requests never post: only this worker does."""
from __future__ import annotations

import urllib.error
import urllib.request

from sqlalchemy import event as sa_event

from hall.clock import utcnow
from hall.db import is_postgres, read_only, session_scope
from hall.integrations import rules, service
from hall.integrations.models import Delivery

WRITTEN = "hall_outbox_written"
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))   # never through an environment proxy


def settings_of(app) -> dict:
    cfg = app.config["HALL"]
    return {"attempts": int(cfg["HALL_DELIVERY_ATTEMPTS"]), "base": float(cfg["HALL_DELIVERY_BASE_SECONDS"]),
            "cap": float(cfg["HALL_DELIVERY_MAX_SECONDS"]), "timeout": float(cfg["HALL_DELIVERY_TIMEOUT_SECONDS"]),
            "poll": float(cfg["HALL_DELIVERY_POLL_SECONDS"]), "notify_url": cfg.get("HALL_NOTIFY_URL") or None,
            "concurrency": max(1, int(cfg["HALL_DELIVERY_CONCURRENCY"]))}


def post(url: str, body: str, event_id: str, event: str, secret: str | None, timeout: float) -> tuple[int | None, str]:
    """(HTTP status or None, error text) of one POST."""
    data = body.encode("utf-8")
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "hall-outbox/1",
               "X-Hall-Event-Id": event_id, "X-Hall-Event": event}
    if secret:
        headers["X-Hall-Signature"] = rules.signature(secret, data)
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=timeout) as answer:
            answer.read(65536)
            return answer.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except Exception as exc:   # refused, reset, timed out, bad address: no answer
        return None, f"{type(exc).__name__}: {exc}"[:300]


_busy: set[int] = set()     # the rows this process's tasks are posting (SQLite takes no row locks)


def deliver_one(app, settings: dict) -> bool:
    """Claim, post and book one due row; False when none is due."""
    session = session_scope(app)
    row_id = None
    try:
        with app.app_context():
            postgres = is_postgres(session)
            if not postgres:
                read_only(session)
            row = service.claim(session, utcnow(), _busy)
            if row is None:
                return False
            row_id = row.id
            _busy.add(row_id)
            url, secret = service.target(session, row, settings["notify_url"])
            attempts, body, event_id, event = row.attempts, row.body, row.event_id, row.event
            if not postgres:      # post outside any transaction; book it in a short one
                session.close()
            if url:
                status, error = post(url, body, event_id, event, secret, settings["timeout"])
            else:
                status, error = None, "没有接收地址（未配置或已停用）"
            if not postgres:
                session = session_scope(app)
                row = session.get(Delivery, row_id)
                if row is None or row.status != "pending" or row.attempts != attempts:
                    return True   # retried or booked meanwhile
            service.settle(session, row, status, error, utcnow(), settings)
            session.commit()
            return True
    except Exception:
        session.rollback()
        raise
    finally:
        _busy.discard(row_id)
        session.close()


def start(app, socketio) -> None:
    """The worker's tasks, and the wake-up rung by commits that wrote outbox rows."""
    settings = settings_of(app)
    wake = socketio.server.eio.create_event() if hasattr(socketio, "server") and socketio.server else None
    factory = app.extensions["hall_db"]

    def _committed(session):
        if session.info.pop(WRITTEN, None) and wake is not None:
            wake.set()

    def _rolled_back(session):
        session.info.pop(WRITTEN, None)

    sa_event.listen(factory, "after_commit", _committed)
    sa_event.listen(factory, "after_rollback", _rolled_back)

    def loop():
        while True:
            try:
                busy = deliver_one(app, settings)
            except Exception:   # a lost round (database away) is logged and tried again
                app.logger.exception("outbox delivery failed")
                busy = False
            if busy:
                socketio.sleep(0)
                continue
            if wake is not None:
                wake.wait(settings["poll"])
                wake.clear()
            else:
                socketio.sleep(settings["poll"])

    for _ in range(settings["concurrency"]):
        socketio.start_background_task(loop)
