"""The audit log for managers."""
from flask import Blueprint

from hall.audit.service import recent
from hall.auth.guard import MANAGERS, staff_required
from hall.web import api_view

bp = Blueprint("audit", __name__)


@bp.get("/audit")
@staff_required(MANAGERS)
@api_view
def audit(session, hall):
    return recent(session, hall)
