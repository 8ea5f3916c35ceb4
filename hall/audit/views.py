"""The audit log for managers."""
from flask import Blueprint, jsonify

from hall.audit.service import recent
from hall.auth.guard import MANAGERS, staff_required
from hall.catalog.service import current_hall
from hall.db import get_session

bp = Blueprint("audit", __name__)


@bp.get("/audit")
@staff_required(MANAGERS)
def audit():
    session = get_session()
    return jsonify(recent(session, current_hall(session)))
