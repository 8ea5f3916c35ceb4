"""The manager's dashboard of one hall, and the regional view over every hall."""
from flask import Blueprint, jsonify

from hall.auth.guard import MANAGERS, staff_required
from hall.catalog.service import REGIONAL_ROLES, all_halls, current_hall
from hall.dashboard import service
from hall.db import get_session

bp = Blueprint("dashboard", __name__)


@bp.get("/dashboard")
@staff_required(MANAGERS + ("regional",))
def dashboard():
    session = get_session()
    return jsonify(service.dashboard(session, current_hall(session)))


@bp.get("/region")
@staff_required(REGIONAL_ROLES)
def region():
    session = get_session()
    return jsonify(service.region(session, all_halls(session)))
