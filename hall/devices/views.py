"""Registering screens (managers; the CLI does the same: ``hall device add``) and a screen
asking what it is registered as."""
from flask import Blueprint, jsonify, request

from hall.auth.guard import MANAGERS, staff_required
from hall.catalog.service import current_hall, hall_of
from hall.db import get_session
from hall.devices import service
from hall.errors import Unauthorized
from hall.web import get_int, get_str, json_body

bp = Blueprint("devices", __name__)


@bp.post("/devices")
@staff_required(MANAGERS)
def add():
    body = json_body()
    session = get_session()
    hall = current_hall(session)
    device, token = service.add_device(session, hall, get_str(body, "kind", max_len=20),
                                       get_int(body, "window", required=False, minimum=1),
                                       get_str(body, "name", required=False, max_len=60) or "",
                                       get_str(body, "printer", required=False, max_len=100) or "")
    session.commit()
    return jsonify(service.view(device, hall.timezone) | {"token": token, "hall": {"code": hall.code, "name": hall.name}}), 201


@bp.get("/devices")
@staff_required(MANAGERS)
def devices():
    session = get_session()
    hall = current_hall(session)
    return jsonify([service.view(d, hall.timezone) for d in service.list_devices(session, hall)])


@bp.post("/devices/<int:device_id>/revoke")
@staff_required(MANAGERS)
def revoke(device_id: int):
    session = get_session()
    hall = current_hall(session)
    device = service.revoke(session, hall, device_id)
    session.commit()
    return jsonify(service.view(device, hall.timezone))


@bp.get("/devices/me")
def me():
    """What the screen sending ``X-Device-Token`` is registered as (401 if it is not)."""
    session = get_session()
    device = service.device_for_token(session, request.headers.get("X-Device-Token"))
    if device is None:
        raise Unauthorized("此设备未登记或已注销", code="device_not_registered")
    hall = hall_of(session, device.hall_id)
    return jsonify(service.view(device, hall.timezone) | {"hall": {"code": hall.code, "name": hall.name}})
