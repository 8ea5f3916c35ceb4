"""The manager's dashboard of one hall, and the regional view over every hall."""
from flask import Blueprint

from hall.auth.guard import MANAGERS, staff_required
from hall.catalog.service import REGIONAL_ROLES, all_halls
from hall.dashboard import service
from hall.web import api_view

bp = Blueprint("dashboard", __name__)


@bp.get("/dashboard")
@staff_required(MANAGERS + ("regional",))
@api_view
def dashboard(session, hall):
    return service.dashboard(session, hall)


@bp.get("/region")
@staff_required(REGIONAL_ROLES)
@api_view(hall=False)
def region(session):
    return service.region(session, all_halls(session))
