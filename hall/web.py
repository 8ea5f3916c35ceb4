"""Small helpers for the thin blueprints: reading JSON input with Chinese errors."""
from __future__ import annotations

from flask import g, request

from hall.errors import DomainError, InvalidInput


def refuse_after_commit(session, error: DomainError):
    """Commit what a refused request must leave behind (a one-time notice, an accountability
    record, a closed ticket), then refuse: the audit line carries the refusal's status."""
    g.audit_status = error.status
    session.commit()
    raise error


def json_body() -> dict:
    if not request.data:
        return {}
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput("请求内容必须是JSON对象", code="invalid_json")
    return data


def get_str(body: dict, name: str, *, required: bool = True, max_len: int = 200) -> str | None:
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise InvalidInput(f"缺少参数：{name}", code="missing_field", field=name)
        return None
    if not isinstance(value, str) or len(value) > max_len:
        raise InvalidInput(f"参数{name}格式有误", code="invalid_field", field=name)
    return value.strip()


def get_object(body: dict, name: str) -> dict:
    """An optional nested object (``contact``, ``applicant``); anything else reads as empty,
    so that its fields are reported missing one by one."""
    value = body.get(name)
    return value if isinstance(value, dict) else {}


def get_int(body: dict, name: str, *, required: bool = True, minimum: int | None = None,
            maximum: int | None = None) -> int | None:
    value = body.get(name)
    if value is None:
        if required:
            raise InvalidInput(f"缺少参数：{name}", code="missing_field", field=name)
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value)
        else:
            raise InvalidInput(f"参数{name}必须是整数", code="invalid_field", field=name)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise InvalidInput(f"参数{name}超出范围", code="invalid_field", field=name)
    return value


def get_bool(body: dict, name: str, default: bool = False) -> bool:
    value = body.get(name, default)
    if not isinstance(value, bool):
        raise InvalidInput(f"参数{name}必须是true或false", code="invalid_field", field=name)
    return value


def query_int(name: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    return get_int({name: request.args.get(name)}, name, minimum=minimum, maximum=maximum)
