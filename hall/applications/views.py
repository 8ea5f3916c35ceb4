"""一网通办: ``POST /applications`` from an outside system (API key with scope
``applications:write``), ``GET /applications/<application_no>`` for that system (its hall
only) or for the window that accepts it."""
from flask import Blueprint, current_app, g

from hall.applications import rules, service
from hall.auth.guard import WINDOW_ROLES, api_key_required
from hall.intake.applicant import Applicant
from hall.web import api_view, json_body

bp = Blueprint("applications", __name__)


@bp.post("/applications")
@api_key_required("applications:write")
@api_view(status=201)
def submit(session, hall):
    """网上预审: an application made online → 201 ``{application_no, status: "pre_review"}``."""
    body = json_body()
    external_no = rules.check_external_no(body.get("external_no"))
    applicant = Applicant.from_json(body.get("applicant"))
    materials = rules.check_codes(body.get("materials", []))
    row = service.submit(session, hall, g.api_key.id, item_code=body.get("item_code"), applicant=applicant,
                         materials=materials, external_no=external_no,
                         secret=current_app.extensions["hall_keys"].identities)
    return {"application_no": row.application_no, "status": row.status, "external_no": row.external_no}


@bp.get("/applications/<application_no>")
@api_key_required(("applications:read", "applications:write"), staff_roles=WINDOW_ROLES)
@api_view
def show(session, hall, application_no: str):
    """An application, its status and (once accepted) its case number."""
    return service.view(session, hall, service.by_no(session, hall, application_no))
