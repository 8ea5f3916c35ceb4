"""Staff login and logout."""
from flask import Blueprint, current_app, g, jsonify

from hall.auth import service
from hall.auth.guard import staff_required
from hall.catalog.service import current_hall
from hall.db import get_session
from hall.web import get_str, json_body

bp = Blueprint("auth", __name__)


@bp.post("/auth/login")
def login():
    body = json_body()
    username = get_str(body, "username", max_len=60)
    password = get_str(body, "password", max_len=200)
    session = get_session()
    token, staff = service.login(session, username, password, secret=current_app.config["SECRET_KEY"],
                                 ttl=current_app.config["HALL"]["HALL_TOKEN_TTL_SECONDS"])
    session.commit()
    return jsonify({"token": token, "staff": staff_view(staff),
                    "expires_in": current_app.config["HALL"]["HALL_TOKEN_TTL_SECONDS"]})


@bp.post("/auth/logout")
@staff_required()
def logout():
    session = get_session()
    service.logout(session, g.auth_session_id)
    session.commit()
    return jsonify({"ok": True})


@bp.get("/auth/me")
@staff_required()
def me():
    current_hall(get_session())
    return jsonify(staff_view(g.staff))


def staff_view(staff) -> dict:
    from hall.catalog.models import Department
    department = get_session().get(Department, staff.department_id) if staff.department_id else None
    return {"username": staff.username, "name": staff.name, "staff_no": staff.staff_no,
            "role": staff.role, "home_window": staff.home_window,
            "department": {"code": department.code, "name": department.name} if department else None}
