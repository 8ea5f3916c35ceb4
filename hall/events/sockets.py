"""Socket.IO handlers: ``join`` a room, receive its ``state`` at once."""
from __future__ import annotations

import re

from flask import current_app
from flask_socketio import SocketIO, emit, join_room, leave_room

from hall.catalog.service import current_hall
from hall.db import session_scope
from hall.errors import DomainError

ROOM_PATTERN = re.compile(r"^(display|manager|reviewer:[a-z0-9_-]{1,40}|window:\d{1,4}|rating_pad:\d{1,4}"
                          r"|ticket:[A-Za-z0-9_-]{8,40})$")
DEVICE_ROOMS = ("window", "rating_pad")


def _error(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


def _require_staff_for(session, app, token, kind: str, dept_code: str) -> None:
    """The manager room is for managers; reviewer:<dept> for that department's reviewers."""
    from hall.auth.guard import MANAGERS
    from hall.auth.service import staff_for_token
    from hall.catalog.models import Department
    from hall.errors import Forbidden, Unauthorized

    if not isinstance(token, str) or not token:
        raise Unauthorized("此房间需要登录凭证", code="unauthorized")
    staff, _auth = staff_for_token(session, token, secret=app.config["SECRET_KEY"],
                                   ttl=app.config["HALL"]["HALL_TOKEN_TTL_SECONDS"])
    if staff.role in MANAGERS:
        return
    department = session.get(Department, staff.department_id) if staff.department_id else None
    if kind == "reviewer" and staff.role == "reviewer" and department and department.code == dept_code:
        return
    raise Forbidden("无权加入此房间", code="wrong_role")


def register(socketio: SocketIO) -> None:
    @socketio.on("join")
    def on_join(data):
        room = data.get("room") if isinstance(data, dict) else None
        if not isinstance(room, str) or not ROOM_PATTERN.match(room):
            emit("join_error", _error("invalid_room", "房间名称有误"))
            return _error("invalid_room", "房间名称有误")
        app = current_app._get_current_object()
        session = session_scope(app)
        try:
            kind, _, arg = room.partition(":")
            if kind in DEVICE_ROOMS and app.config["HALL"]["HALL_DEVICE_AUTH"] == "1":
                from hall.devices.service import device_may_join
                if not device_may_join(session, data.get("device_token"), kind, int(arg)):
                    emit("join_error", _error("device_not_registered", "此设备未登记，不能接收该窗口的信息"))
                    return _error("device_not_registered", "此设备未登记")
            if kind in ("manager", "reviewer"):
                _require_staff_for(session, app, data.get("token"), kind, arg)
            from hall.events.snapshots import state_for_room
            state = state_for_room(session, current_hall(session), room)
        except DomainError as exc:
            emit("join_error", exc.to_dict())
            return exc.to_dict()
        finally:
            session.close()
        join_room(room)
        emit("state", state)
        return {"ok": True, "room": room}

    @socketio.on("leave")
    def on_leave(data):
        room = data.get("room") if isinstance(data, dict) else None
        if isinstance(room, str):
            leave_room(room)
        return {"ok": True}
