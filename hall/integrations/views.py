"""对接外部系统 (管理后台): a hall's integrations and their deliveries, for managers (their own
hall) and admins. Writes are audited like every staff write."""
from __future__ import annotations

from flask import Blueprint, request

from hall.auth.guard import MANAGERS, staff_required
from hall.integrations import handlers, service
from hall.web import api_view, json_body

bp = Blueprint("integrations", __name__, url_prefix="/admin")


@bp.post("/integrations")
@staff_required(MANAGERS)
@api_view(status=201)
def create(session, hall):
    """``{name, url, secret, events: [names]}`` → ``{id}``."""
    answer = service.create(session, hall, json_body())
    handlers.forget(hall.id)
    return answer


@bp.get("/integrations")
@staff_required(MANAGERS)
@api_view
def listing(session, hall):
    return service.listing(session, hall)


@bp.put("/integrations/<int:integration_id>")
@staff_required(MANAGERS)
@api_view
def change(session, hall, integration_id: int):
    """``{name?, url?, secret?, events?, active?}``: ``active: false`` stops it (停用)."""
    answer = service.change(session, hall, integration_id, json_body())
    handlers.forget(hall.id)
    return answer


@bp.delete("/integrations/<int:integration_id>")
@staff_required(MANAGERS)
@api_view
def stop(session, hall, integration_id: int):
    """Deleting an integration stops it and keeps its deliveries (as every delete in use does)."""
    answer = service.change(session, hall, integration_id, {"active": False})
    handlers.forget(hall.id)
    return answer


@bp.get("/integrations/<int:integration_id>/deliveries")
@staff_required(MANAGERS)
@api_view
def deliveries(session, hall, integration_id: int):
    """``?status=pending|delivered|dead``, newest first."""
    return service.deliveries(session, hall, integration_id, request.args.get("status") or None)


@bp.post("/deliveries/<int:delivery_id>/retry")
@staff_required(MANAGERS)
@api_view
def retry(session, hall, delivery_id: int):
    return service.retry(session, hall, delivery_id)
