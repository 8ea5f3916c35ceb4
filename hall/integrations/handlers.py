"""The outbox's rows are written in the transaction of the change they report: the services
only ``record`` a ``Published`` fact (or a ``Notification``); these handlers turn it into rows."""
from __future__ import annotations

from flask import current_app, has_app_context

from hall.events import domain
from hall.integrations import phones, service


def _gateway() -> str | None:
    return current_app.config["HALL"].get("HALL_NOTIFY_URL") if has_app_context() else None


def _subscriptions() -> service.Subscriptions | None:
    """The app's cache of subscriptions (``HALL_OUTBOX_CACHE_SECONDS``), made on first use."""
    if not has_app_context():
        return None
    cache = current_app.extensions.get(service.CACHE)
    if cache is None:
        cache = current_app.extensions[service.CACHE] = service.Subscriptions(
            float(current_app.config["HALL"].get("HALL_OUTBOX_CACHE_SECONDS", 5)))
    return cache


def subscribed_anywhere(name: str) -> bool:
    """Whether some active integration of any hall subscribes to ``name``: a walk-in's ticket
    is issued in one autocommitted statement only when its ``ticket.issued`` writes no outbox
    row (otherwise the row must share the ticket's transaction). Read on a connection of its
    own, cached like the subscriptions."""
    cache = _subscriptions()
    if cache is None:
        return True
    return name in cache.anywhere(current_app.extensions["hall_db"])


def forget(hall_id: int) -> None:
    """A hall's integrations changed: this process reads them again at once (others within
    ``HALL_OUTBOX_CACHE_SECONDS``)."""
    cache = _subscriptions()
    if cache is not None:
        cache.forget(hall_id)
        cache.forget_anywhere()


def published(session, event: domain.Published) -> int:
    cache = _subscriptions()
    if cache is not None:
        session.info[service.CACHE] = cache
    return service.write_event(session, event)


def notification(session, note: domain.Notification) -> bool:
    return service.write_notification(session, note, _gateway())


def turn_near(session, called: domain.TicketCalled) -> int:
    """即将到号, only with a gateway (without one no phone number is kept)."""
    if not _gateway():
        return 0
    return phones.tell_the_near(session, called, int(current_app.config["HALL"].get("HALL_NOTIFY_AHEAD", 3)))


def appointment_booked(session, booked: domain.AppointmentBooked) -> bool:
    """The phone number is kept for the reminder only when a gateway will send it."""
    return phones.remember_appointment(session, booked) if _gateway() else False


def notifications_on() -> bool:
    return bool(_gateway())


HANDLERS = {domain.Published: [published], domain.Notification: [notification], domain.TicketCalled: [turn_near],
            domain.AppointmentBooked: [appointment_booked]}
