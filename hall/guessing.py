"""Query codes may not be guessed: wrong codes are counted per record and per address.

A case, complaint or request is opened with its number and a six-digit query code; case
numbers are sequential, so the code is all that stands between a stranger and a citizen's
name. After ``HALL_QUERY_CODE_LIMIT`` wrong codes for one record (default 10 an hour), or
``HALL_QUERY_CODE_ADDRESS_LIMIT`` from one address over any records (default 30 an hour),
the record (or the address) answers 429 ``rate_limited`` with ``retry_after`` — the right
code too, until the window has passed — and the record's hall's managers get an alert. Counted in Redis when the hall has it (several
processes share the count), else in the process. Part of the HTTP edge: the views hand it
their lookup, it knows no domain.
"""
from __future__ import annotations

import logging
import time
from typing import Callable

from flask import Flask, current_app, request
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from hall.errors import NotFound, RuleError

log = logging.getLogger(__name__)


# app.extensions[GUESSING_ALERT](app, number, address): called once when a record becomes
# blocked (hall.supervision.guessed raises the managers' Alert; set in hall.bootstrap)
GUESSING_ALERT = "hall_guessing_alert"


class TooManyGuesses(RuleError):
    status = 429
    code = "rate_limited"
    message = "查询码错误次数过多，请稍后再试"


class QueryCodeGuard:
    def __init__(self, storage_uri: str, per_record: str, per_address: str, prefix: str = "hall"):
        self.window = MovingWindowRateLimiter(storage_from_string(storage_uri))
        self.per_record, self.per_address, self.prefix = parse(per_record), parse(per_address), prefix

    def _limits(self, number: str, address: str):
        return ((self.per_record, (self.prefix, "qc-record", number)),
                (self.per_address, (self.prefix, "qc-address", address)))

    def blocked_for(self, number: str, address: str) -> int | None:
        """Seconds until this record (or address) may try again; None: it may now."""
        for limit, keys in self._limits(number, address):
            if not self.window.test(limit, *keys):
                reset = self.window.get_window_stats(limit, *keys).reset_time
                return max(1, int(reset - time.time()))
        return None

    def failed(self, number: str, address: str) -> bool:
        """Count a wrong code; True when this one blocked the record."""
        for limit, keys in self._limits(number, address):
            self.window.hit(limit, *keys)
        if self.blocked_for(number, address):
            log.warning("query codes of %s guessed from %s: blocked for a while", number, address)
        per_record, keys = self._limits(number, address)[0]
        return not self.window.test(per_record, *keys)


def register(app: Flask) -> None:
    settings = app.config["HALL"]
    app.extensions["hall_query_guard"] = QueryCodeGuard(
        settings["HALL_REDIS_URL"] or "memory://", settings["HALL_QUERY_CODE_LIMIT"],
        settings["HALL_QUERY_CODE_ADDRESS_LIMIT"], prefix=settings["HALL_REDIS_CHANNEL"])


def guarded(number: str, lookup: Callable):
    """``lookup()`` (which raises NotFound on a wrong number or code), counted and refused
    as the module says."""
    guard: QueryCodeGuard = current_app.extensions["hall_query_guard"]
    address = request.remote_addr or "?"
    wait = guard.blocked_for(number, address)
    if wait:
        raise TooManyGuesses(retry_after=wait)
    try:
        return lookup()
    except NotFound:
        if guard.failed(number, address):
            alert = current_app.extensions.get(GUESSING_ALERT)
            if alert is not None:   # the hall's managers hear that a record is being guessed
                try:
                    alert(current_app._get_current_object(), number, address)
                except Exception:   # the alert is extra: the refusal stands without it
                    log.exception("alerting the guessing of %s failed", number)
        raise
