"""Domain errors. Service functions raise them; the web layer turns them into
``{"error": {"code", "message"}, ...extra}`` with a 4xx status."""
from __future__ import annotations


class DomainError(Exception):
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
        return {"error": {"code": self.code, "message": self.message}, **self.extra}


class InvalidInput(DomainError):
    status = 400
    code = "invalid_input"
    message = "请求参数有误"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"
    message = "请先登录"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    message = "无权进行此操作"


class NotFound(DomainError):
    status = 404
    code = "not_found"
    message = "未找到"


class Conflict(DomainError):
    status = 409
    code = "conflict"
    message = "当前状态不允许此操作"


class Unprocessable(DomainError):
    status = 422
    code = "unprocessable"
    message = "无法办理"


class Busy(DomainError):
    status = 503
    code = "busy"
    message = "系统繁忙，请稍后重试"


class RuleBroken(DomainError):
    """A pure domain rule said no: 409 when the record's state forbids the action, 400 when
    the input does. Rules modules raise it without knowing anything of HTTP beyond that."""

    def __init__(self, message: str, code: str, *, state: bool = False, **extra):
        super().__init__(message, code=code, status=409 if state else 400, **extra)
