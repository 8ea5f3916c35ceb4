"""The public disclosure board and announcements with their review step."""
from flask import Blueprint, g, jsonify, request

from hall.auth.guard import MANAGERS, staff_required
from hall.calendar.service import parse_date
from hall.catalog.service import current_hall
from hall.db import get_session
from hall.disclosure import service
from hall.errors import InvalidInput
from hall.web import get_bool, get_str, json_body

bp = Blueprint("disclosure", __name__)


@bp.get("/board")
def board():
    session = get_session()
    return jsonify(service.board(session, current_hall(session)))


@bp.get("/announcements")
def public_announcements():
    """``which=showing`` (default): within their period today; ``which=archived``: the past."""
    which = request.args.get("which", "showing")
    if which not in ("showing", "archived"):
        raise InvalidInput("which 须为 showing 或 archived", code="invalid_field", field="which")
    session = get_session()
    return jsonify(service.public(session, current_hall(session), which))


@bp.get("/announcements/manage")
@staff_required(MANAGERS)
def every_announcement():
    session = get_session()
    return jsonify(service.listing(session, current_hall(session)))


@bp.post("/announcements")
@staff_required(MANAGERS)
def draft():
    body = json_body()
    session = get_session()
    hall = current_hall(session)
    item = service.draft(session, hall, g.staff, title=get_str(body, "title", max_len=100),
                         body=get_str(body, "body", max_len=5000), category=get_str(body, "category", required=False)
                         or "notice", starts_on=parse_date(body.get("starts_on"), "starts_on"),
                         ends_on=parse_date(body.get("ends_on"), "ends_on"))
    session.commit()
    return jsonify(service.view(session, hall, item)), 201


@bp.post("/announcements/<int:announcement_id>/review")
@staff_required(MANAGERS)
def review(announcement_id: int):
    """审核: another manager approves (then it is public for its period) or sends it back."""
    body = json_body()
    session = get_session()
    hall = current_hall(session)
    item = service.review(session, hall, announcement_id, g.staff, get_bool(body, "approve"),
                          get_str(body, "note", required=False, max_len=500) or "")
    session.commit()
    return jsonify(service.view(session, hall, item))


@bp.post("/announcements/<int:announcement_id>/withdraw")
@staff_required(MANAGERS)
def withdraw(announcement_id: int):
    session = get_session()
    hall = current_hall(session)
    item = service.withdraw(session, hall, announcement_id, g.staff)
    session.commit()
    return jsonify(service.view(session, hall, item))
