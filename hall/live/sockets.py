"""Socket.IO handlers: ``join`` a room, receive its ``state`` at once."""
from __future__ import annotations

import re

from flask import current_app
from flask_socketio import SocketIO, emit, join_room, leave_room
from sqlalchemy.exc import OperationalError, TimeoutError as PoolTimeout

from hall.assist.rooms import kiosk_room
from hall.catalog.service import hall_of
from hall.web import current_hall
from hall.db import session_scope
from hall.errors import Busy, InvalidInput, RuleError
from hall.events.registry import room_key
from hall.live.access import authorize
from hall.live.snapshots import state_for_room
from hall.queueing.service import ticket_by_token

ROOM_PATTERN = re.compile(r"^(display|manager|helpers|kiosk|reviewer:[a-z0-9_-]{1,40}|window:\d{1,4}|rating_pad:\d{1,4}"
                          r"|ticket:[A-Za-z0-9_-]{8,40})$")


def _hall_of_room(session, room: str):
    """A ticket's room is in the ticket's hall; any other in the hall the screen connected
    for (``?hall=`` on the connection, else the default one)."""
    if room.startswith("ticket:"):
        return hall_of(session, ticket_by_token(session, room.partition(":")[2]).hall_id)
    return current_hall(session)


def register(socketio: SocketIO) -> None:
    @socketio.on("join")
    def on_join(data):
        room = data.get("room") if isinstance(data, dict) else None
        if not isinstance(room, str) or not ROOM_PATTERN.match(room):
            error = InvalidInput("房间名称有误", code="invalid_room").to_dict()
            emit("join_error", error)
            return error
        app = current_app._get_current_object()
        session = session_scope(app)
        try:
            hall = _hall_of_room(session, room)
            grant = authorize(session, app, room, data, hall)
            state = state_for_room(session, hall, room, grant.device)
        except RuleError as exc:
            emit("join_error", exc.to_dict())
            return exc.to_dict()
        except OperationalError:   # the database is restarting: the screen asks again shortly
            error = Busy("数据库暂时不可用，请稍后重试", code="database_unavailable").to_dict()
            emit("join_error", error)
            return error
        except PoolTimeout:   # a storm of screens coming back at once: this one asks again shortly
            error = Busy().to_dict()
            emit("join_error", error)
            return error
        finally:
            session.close()
        join_room(room_key(hall.id, room))
        if grant.access_room:   # revoking the session or device disconnects this socket (hall.live.rooms)
            join_room(room_key(grant.access_hall_id, grant.access_room))
        if room.startswith("ticket:"):   # a ticket's page also hears its queue move
            join_room(room_key(hall.id, f"queue:{state['ticket']['queue']}"))
        if room == "kiosk":   # a kiosk hears what is meant for it alone (its call for a helper)
            join_room(room_key(hall.id, kiosk_room(grant.device.id)))
        emit("state", state)
        return {"ok": True, "room": room}

    @socketio.on("leave")
    def on_leave(data):
        room = data.get("room") if isinstance(data, dict) else None
        if isinstance(room, str) and ROOM_PATTERN.match(room):
            session = session_scope(current_app._get_current_object())
            try:
                leave_room(room_key(_hall_of_room(session, room).id, room))
            finally:
                session.close()
        return {"ok": True}
