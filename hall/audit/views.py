"""The audit log for managers."""
from flask import Blueprint, current_app, g, request

from hall.audit.service import log_answer, recent, unlogged
from hall.auth.guard import MANAGERS, staff_required
from hall.web import api_view

bp = Blueprint("audit", __name__)


@bp.get("/audit")
@staff_required(MANAGERS)
@api_view
def audit(session, hall):
    return recent(session, hall)


def record_request(response):
    """After every request: a staff write that committed nothing (refused, failed) is logged
    here, on its own, with the status it got."""
    session = g.get("db_session")
    if session is None or not unlogged(session):
        return response
    try:
        log_answer(session, response.status_code)
    except Exception:  # the request is answered; a lost audit line is logged, never turned into an error
        current_app.logger.exception("audit entry not written for %s %s", request.method, request.path)
        session.rollback()
    return response
