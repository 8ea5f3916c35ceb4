"""Public catalog: queues, items with their service guide, windows."""
from flask import Blueprint, jsonify

from hall.catalog import service
from hall.db import get_session
from hall.queueing.service import list_queues

bp = Blueprint("catalog", __name__)


@bp.get("/queues")
def queues():
    session = get_session()
    return jsonify(list_queues(session, service.current_hall(session)))


@bp.get("/items")
def items():
    session = get_session()
    return jsonify(service.list_items(session, service.current_hall(session)))


@bp.get("/items/<code>")
def item(code: str):
    session = get_session()
    hall = service.current_hall(session)
    service.item_by_code(session, hall, code)
    return jsonify(next(i for i in service.list_items(session, hall) if i["code"] == code))


@bp.get("/windows")
def windows():
    session = get_session()
    return jsonify(service.list_windows(session, service.current_hall(session)))


@bp.get("/hall")
def hall_info():
    session = get_session()
    hall = service.current_hall(session)
    return jsonify({"code": hall.code, "name": hall.name, "timezone": hall.timezone,
                    "address": hall.address, "phone": hall.phone, "notices": hall.notices})


@bp.get("/openapi.json")
def openapi():
    """This API's OpenAPI 3 description."""
    from flask import current_app

    from hall.openapi import spec
    return jsonify(spec(current_app))
