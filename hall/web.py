"""The HTTP edge: everything a view needs from Flask, so that services need none of it.

- ``current_hall(session)``: the hall this request is for, from the request (the signed-in
  staff member, ``X-Hall`` / ``?hall=``, the process's ``HALL_CODE``). Resolving it is the
  catalog's business: the factory registers its resolver as the app extension
  ``hall_resolve_hall``, so this module imports no domain package.
- ``@api_view``: gives a view the request's session and hall, commits when the request
  writes, and answers what the view returns as JSON.
- ``base_url()``: where citizens reach the hall (links, QR codes).
- reading the request's input with Chinese errors (``json_body``, ``get_str``, ``get_int``,
  ``query_int``, ``parse_date`` …): input is parsed here and in views, services take plain
  values.
- ``refuse_after_commit`` (from ``hall.errors``, where the rule-error convention lives).
"""
from __future__ import annotations

import io
import json
from datetime import date, datetime
from functools import wraps
from urllib.parse import urlsplit

from flask import Response, current_app, send_file, g, has_app_context, has_request_context, jsonify, request

from hall.clock import FIRST_YEAR, LAST_YEAR
from hall.db import get_session
from hall.errors import InvalidInput, refuse_after_commit  # noqa: F401  (views import it from the edge)

UNCHANGING = ("GET", "HEAD", "OPTIONS")

RESOLVER = "hall_resolve_hall"   # app extension: (session, *, staff, asked, default_code) -> hall


def requested_hall_code() -> str | None:
    """The hall a page or device asks for: header ``X-Hall`` or ``?hall=`` (its code)."""
    if not has_request_context():
        return None
    return request.headers.get("X-Hall") or request.args.get("hall") or None


def current_hall(session):
    """The hall this request (or, outside a request, this app's command) is for; see
    ``hall.catalog.service.resolve_hall``."""
    staff = g.get("staff") if has_app_context() else None
    default = current_app.config["HALL"].get("HALL_CODE") if has_app_context() else None
    return current_app.extensions[RESOLVER](session, staff=staff, asked=requested_hall_code(),
                                            default_code=default)


def api_view(view=None, *, hall: bool = True, status: int = 200, commit: bool | None = None):
    """The edge of a JSON endpoint. The view is called as ``view(session, hall, **path_args)``
    (``view(session, **path_args)`` with ``hall=False``: a view that finds its hall from a
    record, or must set up its session before the first statement) and returns the answer's
    body, or ``(body, status)``, or a ready ``Response``. Unless ``commit=False``, a request
    that writes (not GET/HEAD/OPTIONS) is committed after the view returned and before the
    answer is sent, so the answer shows what was committed. A ``RuleError`` raised on the
    way is answered by the app's error handler (nothing committed, unless the view used
    ``refuse_after_commit``).

        @bp.post("/devices/<int:device_id>/revoke")
        @staff_required(MANAGERS)
        @api_view
        def revoke(session, hall, device_id: int):
            return schemas.device(service.revoke(session, hall, device_id), hall.timezone)

    Put it below ``@staff_required``, so the staff member is known when the hall is resolved.
    """
    def decorate(fn):
        @wraps(fn)
        def wrapper(*args, **kwargs):
            session = get_session()
            answer = fn(session, current_hall(session), *args, **kwargs) if hall else fn(session, *args, **kwargs)
            if commit or (commit is None and request.method not in UNCHANGING):
                session.commit()
            if isinstance(answer, Response):
                return answer
            if isinstance(answer, tuple):
                body, code = answer
                return jsonify(body), code
            return jsonify(answer), status
        return wrapper
    return decorate(view) if view is not None else decorate


WILDCARD_HOSTS = ("0.0.0.0", "::", "")


def base_url() -> str:
    """Where citizens reach this hall (links and QR codes, the ``track_url``):
    ``HALL_PUBLIC_URL``, else the address ``hall serve`` listens on, else the server's own
    name (the WSGI server's, from its address). Never the request's ``Host`` header: a
    forged one would put another site's address on a printed ticket."""
    if "base_url" not in g:
        settings = current_app.config["HALL"]
        listen = settings.get("HALL_LISTEN_URL") or ""
        if settings["HALL_PUBLIC_URL"]:
            g.base_url = settings["HALL_PUBLIC_URL"].rstrip("/")
        elif listen and urlsplit(listen).hostname not in WILDCARD_HOSTS:
            g.base_url = listen.rstrip("/")
        else:
            scheme, name = request.environ.get("wsgi.url_scheme", "http"), request.environ.get("SERVER_NAME", "localhost")
            port = request.environ.get("SERVER_PORT", "")
            default = (scheme, port) in (("http", "80"), ("https", "443")) or not port
            g.base_url = f"{scheme}://{name}" + ("" if default else f":{port}")
    return g.base_url


MAX_JSON_DEPTH = 32


def _check_json(value) -> None:
    """Refuse what the parser accepts but nothing downstream should meet: nesting deeper than
    ``MAX_JSON_DEPTH`` and lone surrogates (``"\\ud800"``), which no database can store."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise InvalidInput(f"JSON嵌套过深（最多{MAX_JSON_DEPTH}层）", code="json_too_deep")
        if isinstance(item, dict):
            stack += [(k, depth) for k in item] + [(v, depth + 1) for v in item.values()]
        elif isinstance(item, list):
            stack += [(v, depth + 1) for v in item]
        elif isinstance(item, str) and any("\ud800" <= ch <= "\udfff" for ch in item):
            raise InvalidInput("请求内容含有无效字符（孤立的代理项）", code="invalid_text")


def json_body() -> dict:
    if not request.data:
        return {}
    try:
        data = json.loads(request.data)
    except (ValueError, RecursionError):
        raise InvalidInput("请求内容必须是JSON对象", code="invalid_json") from None
    if not isinstance(data, dict):
        raise InvalidInput("请求内容必须是JSON对象", code="invalid_json")
    _check_json(data)
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


def parse_datetime(value, field: str) -> datetime:
    """An ISO moment; without an offset it is read as hall-local time by the caller."""
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"时间格式有误：{value}（应为 2026-12-01T10:00）", code="invalid_datetime", field=field)


def parse_date(value, field: str = "date") -> date:
    if not isinstance(value, str):
        raise InvalidInput(f"缺少日期参数：{field}（格式YYYY-MM-DD）", code="invalid_date", field=field)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"日期格式有误：{value}（应为YYYY-MM-DD）", code="invalid_date", field=field)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidInput(f"日期超出范围：{value}（{FIRST_YEAR}—{LAST_YEAR}年）", code="date_out_of_range", field=field)
    return day


def document(data: bytes | str, name: str, *, attachment: bool = False) -> Response:
    """A made document (PDF, XLSX, CSV) as the answer: Flask's ``send_file`` gives the type
    from the name's extension and the ``Content-Disposition`` (inline to be shown, or an
    attachment to be saved), so no view writes those headers by hand."""
    body = data.encode("utf-8") if isinstance(data, str) else data
    return send_file(io.BytesIO(body), download_name=name, as_attachment=attachment)
