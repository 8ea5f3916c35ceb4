"""The public disclosure board and announcements with their review step."""
from flask import Blueprint, g, request

from hall.auth.guard import MANAGERS, staff_required
from hall.disclosure import service
from hall.errors import InvalidInput
from hall.web import api_view, current_hall, get_bool, get_str, json_body, parse_date

bp = Blueprint("disclosure", __name__)


@bp.get("/board")
@api_view
def board(session, hall):
    return service.board(session, hall)


@bp.get("/announcements")
@api_view(hall=False)
def public_announcements(session):
    """``which=showing`` (default): within their period today; ``which=archived``: the past."""
    which = request.args.get("which", "showing")
    if which not in ("showing", "archived"):
        raise InvalidInput("which 须为 showing 或 archived", code="invalid_field", field="which")
    return service.public(session, current_hall(session), which)


@bp.get("/announcements/manage")
@staff_required(MANAGERS)
@api_view
def every_announcement(session, hall):
    return service.listing(session, hall)


@bp.post("/announcements")
@staff_required(MANAGERS)
@api_view(status=201)
def draft(session, hall):
    body = json_body()
    item = service.draft(session, hall, g.staff, title=get_str(body, "title", max_len=100),
                         body=get_str(body, "body", max_len=5000), category=get_str(body, "category", required=False)
                         or "notice", starts_on=parse_date(body.get("starts_on"), "starts_on"),
                         ends_on=parse_date(body.get("ends_on"), "ends_on"))
    return service.view(session, hall, item)


@bp.post("/announcements/<int:announcement_id>/review")
@staff_required(MANAGERS)
@api_view
def review(session, hall, announcement_id: int):
    """审核: another manager approves (then it is public for its period) or sends it back."""
    body = json_body()
    item = service.review(session, hall, announcement_id, g.staff, get_bool(body, "approve"),
                          get_str(body, "note", required=False, max_len=500) or "")
    return service.view(session, hall, item)


@bp.post("/announcements/<int:announcement_id>/withdraw")
@staff_required(MANAGERS)
@api_view
def withdraw(session, hall, announcement_id: int):
    return service.view(session, hall, service.withdraw(session, hall, announcement_id, g.staff))
