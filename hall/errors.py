"""Rule errors: the one way a service or a rule says no.

Every refusal is a ``RuleError`` carrying a status (the HTTP one, chosen by the family it
belongs to), a stable snake_case ``code`` and a Chinese ``message``, plus extra fields that
the answer shows beside ``error`` (``missing``, ``field``, ``closed`` …). Services and pure
rules raise it and know nothing else of HTTP; the edge has one handler that answers
``{"error": {"code", "message"}, ...extra}`` with ``status`` (the Socket.IO ``join`` answers
the same dictionary).

The families, one per status:

=================  ======  ===================================================
``InvalidInput``   400     the request's input is wrong
``Unauthorized``   401     no (valid) sign-in
``Forbidden``      403     signed in, but not allowed
``NotFound``       404     no such record (or a wrong query code)
``Conflict``       409     the record's state forbids the action
``Unprocessable``  422     understood, but the case cannot go on (materials …)
``Busy``           503     try again later
=================  ======  ===================================================

A refusal that recurs gets its own subclass with its code and message as class attributes
(``class QueueEmpty(NotFound): code = "queue_empty"; message = "…"``); a one-off is raised
inline: ``raise Conflict("…中文…", code="invalid_ticket_state", status_now=ticket.status)``.
A pure rules module whose refusal is a 400 or a 409 depending on whether the input or the
record's state is at fault raises ``RuleBroken(message, code, state=…)``.
"""
from __future__ import annotations

REFUSAL_STATUS = "hall_refusal_status"   # session.info: the status a refused request is answered with



class RuleError(Exception):
    status = 400
    code = "bad_request"
    message = "请求有误"

    def __init__(self, message: str | None = None, *, code: str | None = None,
                 status: int | None = None, **extra):
        self.message = message or self.message
        self.code = code or self.code
        self.status = status or self.status
        self.extra = extra
        super().__init__(self.message)

    def to_dict(self) -> dict:
        """The answer's body: ``{"error": {"code", "message"}, ...extra}``."""
        return {"error": {"code": self.code, "message": self.message}, **self.extra}


DomainError = RuleError   # the family's former name, still raised and caught on other branches


class InvalidInput(RuleError):
    status = 400
    code = "invalid_input"
    message = "请求参数有误"


class Unauthorized(RuleError):
    status = 401
    code = "unauthorized"
    message = "请先登录"


class Forbidden(RuleError):
    status = 403
    code = "forbidden"
    message = "无权进行此操作"


class NotFound(RuleError):
    status = 404
    code = "not_found"
    message = "未找到"


class Conflict(RuleError):
    status = 409
    code = "conflict"
    message = "当前状态不允许此操作"


class Unprocessable(RuleError):
    status = 422
    code = "unprocessable"
    message = "无法办理"


class Busy(RuleError):
    status = 503
    code = "busy"
    message = "系统繁忙，请稍后重试"


class RuleBroken(RuleError):
    """A pure domain rule said no: 409 when the record's state forbids the action, 400 when
    the input does. Rules modules raise it without knowing anything of HTTP beyond that."""

    def __init__(self, message: str, code: str, *, state: bool = False, **extra):
        super().__init__(message, code=code, status=409 if state else 400, **extra)


def refuse_after_commit(session, error: RuleError):
    """Commit what a refused request must leave behind (a one-time notice, an accountability
    record, a closed ticket), then refuse: the audit line carries the refusal's status."""
    session.info[REFUSAL_STATUS] = error.status
    session.commit()
    raise error
