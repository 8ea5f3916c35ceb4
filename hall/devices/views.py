"""Registering screens (managers; the CLI does the same: ``hall device add``) and a screen
asking what it is registered as."""
from flask import Blueprint, current_app, request

from hall.auth.guard import MANAGERS, staff_required
from hall.catalog.schemas import hall_ref
from hall.catalog.service import hall_of
from hall.devices import schemas, service
from hall.errors import InvalidInput, Unauthorized
from hall.web import api_view, get_int, get_str, json_body

bp = Blueprint("devices", __name__)


@bp.post("/devices")
@staff_required(MANAGERS)
@api_view(status=201)
def add(session, hall):
    body = json_body()
    device, token = service.add_device(session, hall, get_str(body, "kind", max_len=20),
                                       get_int(body, "window", required=False, minimum=1),
                                       get_str(body, "name", required=False, max_len=60) or "",
                                       get_str(body, "printer", required=False, max_len=100) or "",
                                       current_app.extensions["hall_printer_policy"],
                                       get_str(body, "reader_url", required=False, max_len=200) or "")
    return schemas.device(device, hall.timezone) | {"token": token, "hall": hall_ref(hall)}


@bp.put("/devices/<int:device_id>")
@staff_required(MANAGERS)
@api_view
def update(session, hall, device_id: int):
    """A device's settings: ``name``, a kiosk's ``reader_url`` (its local ID-card reader, or
    "" for none; loopback only, see ``hall.devices.reader``)."""
    body = json_body()
    reader_url = body.get("reader_url")
    if reader_url is not None and not isinstance(reader_url, str):
        raise InvalidInput("reader_url 应为字符串", code="invalid_reader_url", field="reader_url")
    device = service.update_device(session, hall, device_id, name=get_str(body, "name", required=False, max_len=60),
                                   reader_url=reader_url)
    return schemas.device(device, hall.timezone)


@bp.get("/devices")
@staff_required(MANAGERS)
@api_view
def devices(session, hall):
    return [schemas.device(d, hall.timezone) for d in service.list_devices(session, hall)]


@bp.post("/devices/<int:device_id>/revoke")
@staff_required(MANAGERS)
@api_view
def revoke(session, hall, device_id: int):
    return schemas.device(service.revoke(session, hall, device_id), hall.timezone)


@bp.get("/devices/me")
@api_view(hall=False)
def me(session):
    """What the screen sending ``X-Device-Token`` is registered as (401 if it is not)."""
    device = service.device_for_token(session, request.headers.get("X-Device-Token"))
    if device is None:
        raise Unauthorized("此设备未登记或已注销", code="device_not_registered")
    hall = hall_of(session, device.hall_id)
    return schemas.device(device, hall.timezone) | {"hall": hall_ref(hall)}
