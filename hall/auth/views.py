"""Staff login and logout."""
from flask import Blueprint, current_app, g

from hall.auth import schemas, service
from hall.auth.guard import staff_required
from hall.catalog.models import Department
from hall.web import api_view, get_str, json_body

bp = Blueprint("auth", __name__)


@bp.post("/auth/login")
@api_view(hall=False)
def login(session):
    body = json_body()
    username = get_str(body, "username", max_len=60)
    password = get_str(body, "password", max_len=200)
    ttl = current_app.config["HALL"]["HALL_TOKEN_TTL_SECONDS"]
    token, staff = service.login(session, username, password, secret=current_app.extensions["hall_keys"].tokens,
                                 ttl=ttl)
    return {"token": token, "staff": staff_view(session, staff), "expires_in": ttl}


@bp.post("/auth/logout")
@staff_required()
@api_view(hall=False)
def logout(session):
    service.logout(session, g.auth_session_id)
    return {"ok": True}


@bp.get("/auth/me")
@staff_required()
@api_view   # resolving the hall refuses a hall the staff member may not look at
def me(session, _hall):
    return staff_view(session, g.staff)


def staff_view(session, staff) -> dict:
    department = session.get(Department, staff.department_id) if staff.department_id else None
    return schemas.staff(staff, department)
