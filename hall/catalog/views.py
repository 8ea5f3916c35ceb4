"""Public catalog: queues, items with their service guide, windows."""
from flask import Blueprint, current_app

from hall.catalog import schemas, service
from hall.openapi import spec
from hall.queueing.service import list_queues
from hall.web import api_view

bp = Blueprint("catalog", __name__)


@bp.get("/queues")
@api_view
def queues(session, hall):
    return list_queues(session, hall)


@bp.get("/items")
@api_view
def items(session, hall):
    return service.list_items(session, hall)


@bp.get("/items/<code>")
@api_view
def item(session, hall, code: str):
    service.item_by_code(session, hall, code)
    return next(i for i in service.list_items(session, hall) if i["code"] == code)


@bp.get("/windows")
@api_view
def windows(session, hall):
    return service.list_windows(session, hall)


@bp.get("/hall")
@api_view
def hall_info(session, hall):
    return schemas.hall(hall)


@bp.get("/openapi.json")
def openapi():
    """This API's OpenAPI 3 description."""
    return spec(current_app)
