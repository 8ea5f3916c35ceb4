"""Device registration by managers (the CLI does the same: ``hall device add``)."""
from flask import Blueprint, jsonify

from hall.auth.guard import MANAGERS, staff_required
from hall.catalog.service import current_hall
from hall.db import get_session
from hall.devices import service
from hall.web import get_int, get_str, json_body

bp = Blueprint("devices", __name__)


@bp.post("/devices")
@staff_required(MANAGERS)
def add():
    body = json_body()
    session = get_session()
    device, token = service.add_device(session, current_hall(session), get_str(body, "kind", max_len=20),
                                       get_int(body, "window", required=False, minimum=1),
                                       get_str(body, "name", required=False) or "",
                                       get_str(body, "printer", required=False) or "")
    session.commit()
    return jsonify({"id": device.id, "kind": device.kind, "window": device.window_number, "token": token}), 201
