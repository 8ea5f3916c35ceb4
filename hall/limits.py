"""How much the public may ask for: rate limits on the endpoints anyone can reach.

Counted per registered kiosk (its device token) or else per client address, in Redis when
the hall runs several processes so that a limit holds across them. An ``X-Device-Token``
that is not a registered, unrevoked device counts as none: a made-up token once gave every
request a fresh allowance (1,454 tickets in 13 s filled three queues' caps for everyone).
Behind a proxy the address is the client's, read by ``ProxyFix`` from as many
``X-Forwarded-For`` hops as ``HALL_PROXIES`` says (0: the socket's own address, so that
nobody can choose their address by sending the header).

Addresses also have a daily ticket cap (``HALL_TICKETS_PER_ADDRESS_DAY``): a phone can take
a few tickets a day, not the day's places. Registered kiosks, which serve everyone, are
not capped by it. Logins and bookings are limited per address (``HALL_LOGIN_RATE_LIMIT``,
``HALL_BOOKING_RATE_LIMIT``; one booking per person and day is the appointments' own rule).

Part of the HTTP edge's wiring: the factory calls ``register``; the device lookup is the
devices domain's, asked through the app (``hall_device_for_token``).
"""
from __future__ import annotations

import hashlib
import time

from flask import Flask, current_app, g, request

from hall.db import get_session

DEVICE_CACHE_SECONDS = 300      # a registered token is looked up once per 5 minutes, not per ticket
PUBLIC_ENDPOINTS = ("api.queueing.issue", "api.complaints.submit", "api.inforequests.submit")


def _off(limit: str | None) -> bool:
    return not limit or limit.lower() in ("off", "0", "none")


def registered_device_key(token: str | None) -> str | None:
    """``device:<hash>`` for a registered kiosk's token, else None (counted by address)."""
    if not token:
        return None
    digest = hashlib.sha256(token.encode()).hexdigest()
    known = current_app.extensions["hall_known_devices"]
    now = time.monotonic()
    if known.get(digest, 0) > now:
        return "device:" + digest[:16]
    if current_app.extensions["hall_device_for_token"](get_session(), token) is None:
        return None
    if len(known) > 10_000:
        known.clear()
    known[digest] = now + DEVICE_CACHE_SECONDS
    return "device:" + digest[:16]


def client_key() -> str:
    if "hall_limit_key" not in g:
        g.hall_limit_key = registered_device_key(request.headers.get("X-Device-Token")) or \
            "addr:" + (request.remote_addr or "?")
    return g.hall_limit_key


def register(app: Flask, device_for_token) -> None:
    settings = app.config["HALL"]
    proxies = int(settings.get("HALL_PROXIES") or 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.extensions["hall_device_for_token"] = device_for_token
    app.extensions["hall_known_devices"] = {}
    limit, daily = settings["HALL_TICKET_RATE_LIMIT"], settings.get("HALL_TICKETS_PER_ADDRESS_DAY")
    logins, bookings = settings.get("HALL_LOGIN_RATE_LIMIT"), settings.get("HALL_BOOKING_RATE_LIMIT")
    if _off(limit) and _off(daily) and _off(logins) and _off(bookings):
        return
    from flask_limiter import Limiter

    limiter = Limiter(key_func=client_key, app=app, default_limits=[], headers_enabled=True,
                      storage_uri=settings["HALL_REDIS_URL"] or "memory://",
                      strategy="moving-window", swallow_errors=True)   # Redis down: serve, do not limit
    app.extensions["hall_limiter"] = limiter
    for endpoint in PUBLIC_ENDPOINTS:
        view = app.view_functions[endpoint]
        if not _off(limit):
            view = limiter.limit(limit)(view)
        if not _off(daily) and endpoint == "api.queueing.issue":
            view = limiter.limit(f"{daily}/day", scope="tickets-per-day",
                                 exempt_when=lambda: client_key().startswith("device:"))(view)
        app.view_functions[endpoint] = view
    if not _off(logins):
        # per address, not per account: guessing one account's password and trying one
        # password on many accounts are both slowed, and nobody can lock out someone else
        app.view_functions["api.auth.login"] = limiter.limit(
            logins, scope="login", key_func=lambda: "addr:" + (request.remote_addr or "?"))(
            app.view_functions["api.auth.login"])
    if not _off(bookings):
        # a day's places of an item were once booked in 0.3 s with generated ID numbers
        app.view_functions["api.appointments.book"] = limiter.limit(
            bookings, scope="bookings", key_func=lambda: "addr:" + (request.remote_addr or "?"))(
            app.view_functions["api.appointments.book"])


def retry_after(app: Flask) -> int:
    """Seconds until the limit that refused this request lets the next one through."""
    limiter = app.extensions.get("hall_limiter")
    current = limiter.current_limit if limiter else None
    return max(1, int(current.reset_at - time.time())) if current else 60
