"""Staff login and logout, one's own password, a manager's reset of another's."""
from pathlib import Path

from flask import Blueprint, current_app, g, request, send_file
from hall.auth import accounts, photos, schemas, service
from hall.auth.guard import MANAGERS, staff_required
from hall.catalog.models import Department
from hall.errors import Forbidden, NotFound
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
                                 ttl=ttl, address=request.remote_addr)
    return {"token": token, "staff": staff_view(session, staff), "expires_in": ttl,
            "must_change_password": bool(staff.must_change_password)}


@bp.post("/auth/logout")
@staff_required(before_password_change=True)
@api_view(hall=False)
def logout(session):
    service.logout(session, g.auth_session_id, g.staff.hall_id)
    return {"ok": True}


@bp.get("/auth/me")
@staff_required(before_password_change=True)
@api_view   # resolving the hall refuses a hall the staff member may not look at
def me(session, _hall):
    return staff_view(session, g.staff)


@bp.post("/auth/password")
@staff_required(before_password_change=True)
@api_view(hall=False)
def change_password(session):
    body = json_body()
    service.change_password(session, g.staff.id, g.auth_session_id, get_str(body, "old_password", max_len=200),
                            get_str(body, "new_password", max_len=200))
    return {"ok": True, "must_change_password": False}


@bp.get("/admin/staff")
@staff_required(MANAGERS)
@api_view
def list_staff(session, hall):
    return accounts.list_staff(session, hall)


@bp.post("/admin/staff")
@staff_required(MANAGERS)
@api_view(status=201)
def create_staff(session, hall):
    made, temporary = accounts.create(session, hall, json_body(), g.staff)
    return {**made, "temporary_password": temporary} if temporary else made


@bp.put("/admin/staff/<username>")
@staff_required(MANAGERS)
@api_view
def edit_staff(session, hall, username: str):
    return accounts.edit(session, hall, username, json_body(), g.staff)


@bp.delete("/admin/staff/<username>")
@staff_required(MANAGERS)
@api_view
def remove_staff(session, hall, username: str):
    return accounts.deactivate(session, hall, username, g.staff)


@bp.post("/admin/staff/<username>/reset-password")
@staff_required(MANAGERS)
@api_view
def reset_password(session, hall, username: str):
    """A manager resets an account of their hall (an admin: of any hall it names)."""
    staff = accounts.account(session, hall, username)
    if staff.role == "admin" and g.staff.role != "admin":
        raise Forbidden("只有系统管理员可以重置管理员账号的密码", code="wrong_role")
    return {"username": staff.username, "temporary_password": service.reset_password(session, staff),
            "must_change_password": True}


@bp.put("/admin/staff/<username>/photo")
@staff_required(MANAGERS)
@api_view
def upload_photo(session, hall, username: str):
    """The body is the image itself (JPEG or PNG, up to 2 MB: above the API's 1 MB)."""
    request.max_content_length = photos.MAX_BYTES + 1
    if (request.content_length or 0) > photos.MAX_BYTES:
        raise photos.PhotoTooLarge()
    url = photos.set_photo(session, hall, username, request.get_data(), photo_folder())
    return {"username": username, "photo_url": url}


@bp.get("/staff-photos/<name>")
def photo(name: str):
    path = photos.stored(photo_folder(), name)
    if path is None:
        raise NotFound("照片不存在", code="photo_not_found")
    return send_file(path, max_age=86400)   # a new photo gets a new name


def photo_folder() -> Path:
    return Path(current_app.instance_path) / "photos"


def staff_view(session, staff) -> dict:
    department = session.get(Department, staff.department_id) if staff.department_id else None
    return schemas.staff(staff, department)
