"""Revoked access reaches the open sockets: a socket that joined a room with a staff token
is also in its login session's room (``session:<id>``), one that joined with a device token
in its device's room (``device:<id>``); neither can be asked for by name (``ROOM_PATTERN``).
When the session or the device ends, the room hears ``access_ended`` and its sockets are
disconnected, on every process sharing Redis (``DISCONNECT``)."""
from __future__ import annotations

from hall.events import domain
from hall.events.registry import DISCONNECT


def session_room(session_id: int) -> str:
    return f"session:{session_id}"


def device_room(device_id: int) -> str:
    return f"device:{device_id}"


def access_ended(event: domain.AccessEnded, _views):
    rooms = [session_room(s) for s in event.sessions]
    if event.device_id is not None:
        rooms.append(device_room(event.device_id))
    told = [("access_ended", {"code": "access_ended", "message": "登录或设备授权已失效"}, room) for room in rooms]
    return told + [(DISCONNECT, None, room) for room in rooms]


ROUTES = {domain.AccessEnded: [access_ended]}
