"""Public catalog: queues, items with their service guide, windows."""
from flask import Blueprint, current_app, g

from hall.auth.guard import MANAGERS, staff_required

from hall.catalog import schemas, service
from hall.openapi import spec
from hall.queueing.service import list_queues
from hall.web import api_view, get_bool, get_int, get_str, json_body

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
    # notifications: whether a gateway sends SMS (HALL_NOTIFY_URL): pages promise none without one
    return schemas.hall(hall) | {"notifications": bool(current_app.config["HALL"].get("HALL_NOTIFY_URL"))}


@bp.put("/admin/hall")
@staff_required(MANAGERS)
@api_view
def put_hall(session, hall):
    """Hall settings: name and opening hours (manager of this hall, or an admin)."""
    body = json_body()
    return service.update_hall(session, hall, g.staff, name=get_str(body, "name", max_len=100),
                               opens_at=body.get("opens_at"), closes_at=body.get("closes_at"),
                               cutoff=get_int(body, "ticket_cutoff_minutes", required=False, minimum=0) or 0,
                               open_on=get_str(body, "open_on", required=False, max_len=20) or "working_days",
                               elderly_priority=get_bool(body, "elderly_priority") if "elderly_priority" in body else None)


@bp.get("/openapi.json")
def openapi():
    """This API's OpenAPI 3 description."""
    return spec(current_app)
