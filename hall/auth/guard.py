"""``@staff_required(roles)``: the bearer token's staff member in ``g.staff``."""
from __future__ import annotations

from functools import wraps

from flask import current_app, g, request

from hall.apikeys.service import key_for
from hall.audit.service import start_line
from hall.auth.service import staff_for_token
from hall.catalog.service import hall_of
from hall.db import get_session
from hall.devices.service import device_for_token
from hall.errors import Forbidden, Unauthorized

ALL_STAFF = ("staff", "reviewer", "manager", "regional", "admin", "supervisor", "helper")
WINDOW_ROLES = ("staff", "manager", "admin")
MANAGERS = ("manager", "admin")
OVERSIGHT = ("manager", "supervisor", "admin")   # complaints, information requests, inspections
HELPERS = ("helper", "manager", "admin")   # 帮办代办: the helper console, its requests and powers of attorney
HALL_STAFF = ("staff", "reviewer", "manager", "supervisor", "admin", "helper")   # everyone working in one hall


def current_staff():
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        raise Unauthorized()
    settings = current_app.config["HALL"]
    session = get_session()
    staff, auth = staff_for_token(session, header[7:].strip(),
                                  secret=current_app.extensions["hall_keys"].tokens,
                                  ttl=settings["HALL_TOKEN_TTL_SECONDS"],
                                  verified=current_app.extensions["hall_verified_tokens"])
    g.staff, g.auth_session_id = staff, auth
    start_line(session, staff, request.method, request.path, request.remote_addr)   # the audit log's
    return staff


class PasswordChangeRequired(Forbidden):
    status = 403
    code = "password_change_required"
    message = "请先修改初始密码"


def staff_required(roles=ALL_STAFF, *, before_password_change: bool = False):
    """``before_password_change``: the view also serves an account that must still change
    its password (signing out, reading one's profile, the change itself)."""
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            staff = current_staff()
            if staff.must_change_password and not before_password_change:
                raise PasswordChangeRequired()
            if staff.role not in roles:
                raise Forbidden("当前账号无权进行此操作", code="wrong_role")
            return view(*args, **kwargs)
        wrapper.required_roles = roles
        return wrapper
    return decorator


def optional_staff():
    """The signed-in staff member when the request carries a bearer token (a public endpoint
    used at a staffed desk), else None; a bad token is still a 401."""
    return current_staff() if request.headers.get("Authorization") else None


def intake_channel(staff, staffed: str) -> str:
    """Where a citizen's submission came in: ``staffed`` at a desk (``staff`` signed in),
    ``kiosk`` from a registered kiosk (its device token), else ``phone``."""
    if staff is not None:
        return staffed
    device = device_for_token(get_session(), request.headers.get("X-Device-Token"))
    return "kiosk" if device is not None and device.kind == "kiosk" else "phone"


# ---------------------------------------------------------------- outside systems (API keys)

API_KEY = "ApiKey "


class ApiKeyRequired(Unauthorized):
    code = "api_key_required"
    message = "请使用接口密钥访问（请求头 Authorization: ApiKey <密钥>）"


def current_client(scope: str | tuple[str, ...]):
    """The API key of ``Authorization: ApiKey <key>``, if it is live and has ``scope``, in
    ``g.api_key``; the request's hall is then the key's (``hall_of``), whatever it asks for."""
    header = request.headers.get("Authorization", "")
    if not header.startswith(API_KEY):
        raise ApiKeyRequired()
    # the body is read before the first statement: under gevent, waiting on the socket inside a
    # transaction (SQLite's is IMMEDIATE, the write lock) would let another request of the
    # process block on that lock with the whole process (sqlite's busy wait does not yield)
    request.get_data(cache=True)
    session = get_session()
    key = key_for(session, header[len(API_KEY):].strip(), scope)
    g.api_key = key
    hall_of(session, key.hall_id)
    return key


def api_key_required(scope: str | tuple[str, ...], *, staff_roles: tuple | None = None):
    """An outside system's endpoint: its API key must have ``scope`` (401 ``invalid_api_key``
    or ``api_key_revoked``, 403 ``missing_scope``). With ``staff_roles`` a staff member of those
    roles may call it too with a bearer token (the window console reads an application), and
    the endpoint is then also a staff endpoint (``required_roles``)."""
    def decorator(view):
        staff_view = staff_required(staff_roles)(view) if staff_roles else None

        @wraps(view)
        def wrapper(*args, **kwargs):
            if staff_view is not None and not request.headers.get("Authorization", "").startswith(API_KEY):
                return staff_view(*args, **kwargs)
            g.staff = None
            current_client(scope)
            return view(*args, **kwargs)
        wrapper.required_scope = scope
        if staff_roles:
            wrapper.required_roles = staff_roles
        return wrapper
    return decorator
