"""The outbox's rows are written in the transaction of the change they report: the services
only ``record`` a ``Published`` fact (or a ``Notification``); these handlers turn it into rows."""
from __future__ import annotations

from flask import current_app, has_app_context

from hall.events import domain
from hall.integrations import service


def _gateway() -> str | None:
    return current_app.config["HALL"].get("HALL_NOTIFY_URL") if has_app_context() else None


def published(session, event: domain.Published) -> int:
    if has_app_context():
        service.CACHE_SECONDS = current_app.config["HALL"].get("HALL_OUTBOX_CACHE_SECONDS", service.CACHE_SECONDS)
    return service.write_event(session, event)


def notification(session, note: domain.Notification) -> bool:
    return service.write_notification(session, note, _gateway())


HANDLERS = {domain.Published: [published], domain.Notification: [notification]}
