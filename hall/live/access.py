"""Who may join which Socket.IO room.

- ``display`` and ``ticket:<token>`` are public: the lobby board shows ticket numbers only,
  and a ticket's room is known only to whoever holds the ticket.
- ``rating_pad:<n>`` receives rating tokens: only a device registered as that window's
  rating pad (``device_token``).
- ``window:<n>``: that window's registered screen, or window staff and managers (``token``).
- ``manager``: managers; ``reviewer:<dept>``: that department's reviewers and managers.
- ``kiosk``: a registered kiosk (``device_token``); it also hears its own ``kiosk:<id>``.
- ``helpers``: helpers on duty (帮办员 who came on duty) and managers.
"""
from __future__ import annotations

from dataclasses import dataclass

from hall.assist.service import open_duty
from hall.auth.guard import MANAGERS, WINDOW_ROLES
from hall.auth.service import staff_for_token
from hall.catalog.models import Department
from hall.catalog.service import REGIONAL_ROLES
from hall.devices.service import registered_device
from hall.errors import Forbidden, Unauthorized
from hall.live.rooms import device_room, session_room


@dataclass(frozen=True)
class Grant:
    """Who joined: the kiosk's device (for its state), and the room of the session or device
    the socket joined with (``hall.live.rooms``: revoking it disconnects the socket), in the
    hall of that session or device; none for the public rooms."""
    device: object = None
    access_room: str | None = None
    access_hall_id: int | None = None


def _device_grant(device) -> Grant:
    return Grant(device=device, access_room=device_room(device.id), access_hall_id=device.hall_id)


def _staff(session, app, token):
    if not isinstance(token, str) or not token:
        raise Unauthorized("此房间需要登录凭证", code="unauthorized")
    staff, session_id = staff_for_token(session, token, secret=app.extensions["hall_keys"].tokens,
                                         ttl=app.config["HALL"]["HALL_TOKEN_TTL_SECONDS"],
                                         verified=app.extensions["hall_verified_tokens"])
    return staff, session_id


def authorize(session, app, room: str, data: dict, hall) -> Grant:
    """Raises a RuleError (401/403) unless the joining client may hear ``room`` of ``hall``:
    devices and staff of that hall (a regional manager of any). Returns the ``Grant``."""
    kind, _, arg = room.partition(":")
    if kind in ("display", "ticket"):
        return Grant()
    if kind == "kiosk":
        return _device_grant(registered_device(session, data.get("device_token"), "kiosk", None, hall.id))
    if kind == "rating_pad":
        return _device_grant(registered_device(session, data.get("device_token"), "rating_pad", int(arg), hall.id))
    if kind == "window" and data.get("device_token"):
        return _device_grant(registered_device(session, data.get("device_token"), "window_screen", int(arg), hall.id))
    staff, session_id = _staff(session, app, data.get("token"))
    grant = Grant(access_room=session_room(session_id), access_hall_id=staff.hall_id)
    if staff.hall_id != hall.id and staff.role not in REGIONAL_ROLES:
        raise Forbidden("无权加入其他大厅的房间", code="wrong_hall")
    if staff.role in MANAGERS or (kind == "window" and staff.role in WINDOW_ROLES):
        return grant
    if kind == "helpers" and staff.role == "helper":
        if open_duty(session, staff) is None:
            raise Forbidden("请先上岗（签到值班）", code="not_on_duty")
        return grant
    if kind == "reviewer" and staff.role == "reviewer" and staff.department_id:
        department = session.get(Department, staff.department_id)
        if department is not None and department.code == arg:
            return grant
    raise Forbidden("无权加入此房间", code="wrong_role")
