"""帮办代办: a kiosk or a staff member calls for a helper; helpers come on duty, accept,
arrive, and take tickets under a 授权委托书; the month's report."""
from flask import Blueprint, current_app, g, request

from hall.assist import projects, service
from hall.assist.schemas import attorney_json
from hall.auth.guard import HALL_STAFF, HELPERS, optional_staff, staff_required
from hall.catalog.service import hall_of
from hall.devices.service import device_for_token
from hall.errors import InvalidInput
from hall.guessing import guarded
from hall.queueing import schemas as queueing_schemas
from hall.web import api_view, base_url, current_hall, get_bool, get_str, json_body, parse_date

bp = Blueprint("assist", __name__)
HELPER = ("helper",)   # acting as a helper: coming on duty, accepting, arriving, acting for a citizen


@bp.post("/assist-requests")
@api_view(hall=False, status=201)   # the hall is the kiosk's, or the signed-in staff member's
def ask(session):
    """From a registered kiosk (``X-Device-Token``) or a staff member (a bearer token)."""
    body = json_body()
    staff = optional_staff()
    device = device_for_token(session, request.headers.get("X-Device-Token"))
    if device is not None and device.kind != "kiosk":
        device = None   # a token that is not a kiosk's counts as none
    hall = hall_of(session, device.hall_id) if device is not None else current_hall(session)
    row = service.request_help(session, hall, get_str(body, "reason", required=False, max_len=400),
                               device=device, staff=staff if staff is not None and staff.hall_id == hall.id else None)
    return {"id": row.id, "status": row.status}


@bp.get("/assist-requests")
@staff_required(HELPERS)
@api_view
def listing(session, hall):
    return service.listing(session, hall, request.args.get("status") or None)


@bp.get("/assist-requests/report")
@staff_required(HELPERS)
@api_view
def report(session, hall):
    return service.month_report(session, hall, request.args.get("month", ""))


@bp.post("/assist-requests/<int:request_id>/accept")
@staff_required(HELPER)
@api_view
def accept(session, hall, request_id: int):
    row = service.accept(session, hall, request_id, g.staff)
    return {"id": row.id, "status": row.status, "helper": {"name": g.staff.name, "staff_no": g.staff.staff_no}}


@bp.post("/assist-requests/<int:request_id>/arrived")
@staff_required(HELPER)
@api_view
def arrived(session, hall, request_id: int):
    return service.request_json(session, hall, service.arrived(session, hall, request_id, g.staff))


@bp.get("/helpers/on-duty")
@staff_required(HALL_STAFF)
@api_view
def on_duty(session, hall):
    return service.helpers_on_duty(session, hall)


@bp.get("/helpers/duty")
@staff_required(HELPER)
@api_view
def my_duty(session, hall):
    return service.duty_json(session, hall, g.staff)


@bp.post("/helpers/duty")
@staff_required(HELPER)
@api_view
def set_duty(session, hall):
    """``{on_duty: true}`` comes on duty (上岗), ``false`` goes off (离岗)."""
    body = json_body()
    if not isinstance(body.get("on_duty"), bool):
        raise InvalidInput("on_duty 应为 true 或 false", code="invalid_field", field="on_duty")
    on = get_bool(body, "on_duty")
    return (service.sign_on if on else service.sign_off)(session, hall, g.staff)


@bp.post("/powers-of-attorney")
@staff_required(HELPER)
@api_view(status=201)
def add_attorney(session, hall):
    body = json_body()
    principal = body.get("principal")
    if not isinstance(principal, dict):
        raise InvalidInput("请填写委托人", code="missing_field", field="principal")
    items = body.get("items")
    if not isinstance(items, list) or not all(isinstance(c, str) and len(c) <= 40 for c in items) or len(items) > 50:
        raise InvalidInput("items 应为事项编码列表", code="invalid_field", field="items")
    row = service.add_attorney(
        session, hall, g.staff, name=get_str(principal, "name", max_len=60),
        id_number=get_str(principal, "id_number", max_len=30), items=items,
        valid_until=parse_date(get_str(body, "valid_until", max_len=10), "valid_until"),
        note=get_str(body, "note", required=False, max_len=500) or "",
        secret=current_app.extensions["hall_keys"].identities)
    return attorney_json(hall, row, g.staff)


@bp.get("/powers-of-attorney")
@staff_required(HELPERS)
@api_view
def attorneys(session, hall):
    return service.attorneys(session, hall, g.staff)


@bp.post("/powers-of-attorney/<int:attorney_id>/tickets")
@staff_required(HELPER)
@api_view(status=201)
def take_ticket(session, hall, attorney_id: int):
    """A ticket for the citizen, taken by their helper under the power of attorney."""
    body = json_body()
    ticket, position, row = service.take_ticket(session, hall, g.staff, attorney_id,
                                                get_str(body, "item_code", max_len=40))
    view = queueing_schemas.ticket_view(session, hall, ticket, base_url(), position=position)
    return {**view, "attorney": attorney_json(hall, row, g.staff)}


# ---------------------------------------------------------------- 全程代办 projects

@bp.post("/assist/projects")
@staff_required(HELPER)
@api_view(status=201)
def open_project(session, hall):
    """A helper opens an enterprise's project (全程代办) and owns it."""
    body = json_body()
    enterprise = body.get("enterprise")
    if not isinstance(enterprise, dict):
        raise InvalidInput("请填写企业名称和统一社会信用代码", code="missing_field", field="enterprise")
    secret = current_app.extensions["hall_keys"].identities
    row = projects.create(
        session, hall, g.staff, name=get_str(body, "name", max_len=100),
        enterprise_name=get_str(enterprise, "name", max_len=100), code=projects.credit_code(enterprise.get("credit_code")),
        representative_json=projects.representative(body.get("representative"), secret),
        note=get_str(body, "note", required=False, max_len=500) or "", secret=secret)
    return projects.project_json(session, hall, row)


@bp.get("/assist/projects")
@staff_required(HELPERS)
@api_view
def project_listing(session, hall):
    """A helper's projects with their cases (a manager: every project)."""
    return projects.listing(session, hall, g.staff)


@bp.get("/assist/projects/<project_no>")
@staff_required(HELPERS)
@api_view
def project_show(session, hall, project_no: str):
    return projects.project_json(session, hall, projects.project_by_no(session, hall, project_no))


@bp.post("/assist/projects/<project_no>/cases")
@staff_required(HELPERS)
@api_view(status=201)
def attach_case(session, hall, project_no: str):
    """The project's helper (or a manager) attaches one of the enterprise's cases."""
    row = projects.attach(session, hall, project_no, get_str(json_body(), "case_no", max_len=30), g.staff,
                          secret=current_app.extensions["hall_keys"].identities)
    return projects.project_json(session, hall, row)


@bp.get("/assist/projects/<project_no>/progress")
@api_view(hall=False)
def project_progress(session, project_no: str):
    """The public progress of a project: every case with its status and deadline (query code)."""
    row = guarded(project_no, lambda: projects.public_progress(session, project_no, request.args.get("query_code")))
    return projects.progress_json(session, hall_of(session, row.hall_id), row)


@bp.get("/assist/due")
@staff_required(HELPERS)
@api_view
def due(session, hall):
    """What the helper follows that is open, soonest due first (projects and powers of attorney)."""
    return projects.due(session, hall, g.staff)
