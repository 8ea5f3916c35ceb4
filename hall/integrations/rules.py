"""Pure rules of the outbox: which events exist, the body and its signature, the backoff
between attempts, which rows are due, when a failing endpoint is worth an alert. No Flask,
no database (``tests/unit/test_outbox_rules.py``)."""
from __future__ import annotations

import hashlib
import hmac
import json
import re
from datetime import datetime, timedelta

EVENTS = ("ticket.issued", "ticket.called", "service.finished", "rating.created", "case.accepted",
          "case.decided", "case.completed", "rectification.closed", "complaint.answered")
STATUSES = ("pending", "delivered", "dead")
ALERT_AFTER = timedelta(minutes=10)
PHONE = re.compile(r"^1[3-9]\d{9}$")


def body(event_id: str, event: str, hall_code: str, occurred_at: datetime, data: dict) -> str:
    """The delivery body, fixed when the row is written: every retry sends the same bytes."""
    return json.dumps({"id": event_id, "event": event, "hall": hall_code,
                       "occurred_at": occurred_at.isoformat().replace("+00:00", "Z"), "data": data},
                      ensure_ascii=False, separators=(",", ":"), sort_keys=True, default=str)


def signature(secret: str, payload: bytes | str) -> str:
    """``X-Hall-Signature``: ``sha256=`` and the hex HMAC-SHA256 of the body with the secret."""
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    return "sha256=" + hmac.new(secret.encode("utf-8"), payload, hashlib.sha256).hexdigest()


def valid_signature(secret: str, payload: bytes, header: str | None) -> bool:
    return bool(header) and hmac.compare_digest(signature(secret, payload), header)


def backoff_seconds(attempts: int, base: float, cap: float) -> float:
    """Seconds before the next attempt after ``attempts`` failed ones: base, 2·base, 4·base …
    never more than ``cap``."""
    if attempts <= 0:
        return 0.0
    return float(min(cap, base * (2 ** min(attempts - 1, 40))))


def after_failure(attempts: int, max_attempts: int, now: datetime, base: float, cap: float) -> tuple[str, datetime]:
    """(status, next attempt) after the ``attempts``-th attempt failed: ``dead`` once they ran out."""
    if attempts >= max_attempts:
        return "dead", now
    return "pending", now + timedelta(seconds=backoff_seconds(attempts, base, cap))


def is_due(status: str, next_at: datetime, now: datetime) -> bool:
    """The worker claims a row that is pending and whose time has come."""
    return status == "pending" and next_at <= now


def due(rows, now: datetime) -> list:
    """The due rows among ``rows`` (objects with ``status``, ``next_at``, ``id``), oldest first:
    the order and test of the worker's claim query."""
    return sorted((r for r in rows if is_due(r.status, r.next_at, now)), key=lambda r: (r.next_at, r.id))


def should_alert(failing_since: datetime | None, alerted_at: datetime | None, now: datetime) -> bool:
    """An endpoint failing for ``ALERT_AFTER`` without a success is told to the managers once
    (again only after it recovered and failed anew)."""
    return failing_since is not None and alerted_at is None and now - failing_since >= ALERT_AFTER


def check_events(names) -> list[str]:
    """The subscribed event names, each known, none twice; raises ValueError naming the unknown."""
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise ValueError("events")
    unknown = [n for n in names if n not in EVENTS]
    if unknown:
        raise ValueError(",".join(unknown))
    return list(dict.fromkeys(names))


def check_url(url: str) -> bool:
    return bool(re.match(r"^https?://[^\s/]+(/\S*)?$", url or ""))


def valid_phone(value: str) -> bool:
    return bool(PHONE.match(value or ""))


def answered(status: int | None) -> bool:
    """A 2xx answer delivers; anything else (or none) is retried."""
    return status is not None and 200 <= status < 300
