"""Staff accounts as an admin or manager keeps them (管理后台 人员): create, edit, deactivate.

The API names the counter role ``window``; the account stores it as ``staff``. A new account
gets the password the admin typed, or a temporary one, and changes it at its first login.
Deleting an account deactivates it: it cannot sign in, its sessions end, its history stays.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.auth import passwords
from hall.auth.models import ROLES, AuthSession, Staff
from hall.auth.service import end_sessions, hash_password
from hall.catalog.models import Department
from hall.errors import Conflict, Forbidden, InvalidInput, NotFound, Unprocessable

USERNAME = re.compile(r"^[A-Za-z0-9_.-]{2,60}$")
API_ROLES = {"window": "staff"}                       # the contract's name → the stored one
STORED_ROLES = {v: k for k, v in API_ROLES.items()}


@dataclass(frozen=True)
class StaffSpec:
    username: str
    name: str
    staff_no: str
    role: str
    department: str | None
    window: int | None


def staff_spec(body: dict) -> StaffSpec:
    """A staff row from an API body or an import row (pure)."""
    username = str(body.get("username") or "").strip()
    if not USERNAME.match(username):
        raise InvalidInput("用户名为2至60位字母、数字或 _ . -", code="invalid_username", field="username")
    name = str(body.get("name") or "").strip()
    if not name or len(name) > 40:
        raise InvalidInput("请填写姓名（最多40字）", code="missing_field", field="name")
    roles = body.get("roles") if body.get("roles") is not None else [body.get("role") or "window"]
    if isinstance(roles, str):
        roles = [roles]
    if not isinstance(roles, list) or len(roles) != 1:
        raise InvalidInput("每个账号设一个角色", code="invalid_role", field="roles")
    role = API_ROLES.get(roles[0], roles[0])
    if role not in ROLES:
        raise InvalidInput(f"未知角色：{roles[0]}", code="invalid_role", field="roles")
    window = body.get("window")
    if window in ("", None):
        window = None
    elif isinstance(window, bool) or not str(window).isdigit():
        raise InvalidInput("窗口号应为数字", code="invalid_window", field="window")
    department = body.get("department") or None
    if isinstance(department, dict):
        department = department.get("code")
    return StaffSpec(username, name, str(body.get("staff_no") or username).strip()[:40], role, department,
                     int(window) if window is not None else None)


def view(staff: Staff, departments: dict[int, str]) -> dict:
    return {"username": staff.username, "name": staff.name, "staff_no": staff.staff_no,
            "roles": [STORED_ROLES.get(staff.role, staff.role)], "role": staff.role,
            "department": departments.get(staff.department_id), "window": staff.home_window,
            "photo_url": staff.photo_url, "active": staff.active,
            "must_change_password": bool(staff.must_change_password)}


def _departments(session: Session, hall) -> dict[str, int]:
    return {d.code: d.id for d in session.scalars(select(Department).where(Department.hall_id == hall.id))}


def list_staff(session: Session, hall) -> list[dict]:
    codes = {v: k for k, v in _departments(session, hall).items()}
    rows = session.scalars(select(Staff).where(Staff.hall_id == hall.id).order_by(Staff.username))
    return [view(s, codes) for s in rows]


def account(session: Session, hall, username: str) -> Staff:
    staff = session.scalar(select(Staff).where(Staff.hall_id == hall.id, Staff.username == username))
    if staff is None:
        raise NotFound("本中心没有该工作人员", code="staff_not_found")
    return staff


def _check(session: Session, hall, spec: StaffSpec, by: Staff, staff: Staff | None) -> int | None:
    if spec.role == "admin" and by.role != "admin":
        raise Forbidden("只有系统管理员可以设置管理员账号", code="wrong_role", field="roles")
    taken = session.scalar(select(Staff).where(Staff.hall_id == hall.id, Staff.staff_no == spec.staff_no))
    if taken is not None and taken is not staff:
        raise Conflict("工号已被其他人员使用", code="duplicate_staff_no", field="staff_no")
    if spec.window is not None and spec.window not in hall.windows:
        raise Unprocessable("本中心没有该窗口", code="unknown_window", field="window")
    if spec.department is None:
        return None
    department_id = _departments(session, hall).get(spec.department)
    if department_id is None:
        raise Unprocessable("本中心没有该部门", code="unknown_department", field="department")
    return department_id


def _apply(staff: Staff, spec: StaffSpec, department_id: int | None) -> None:
    staff.name, staff.staff_no, staff.role = spec.name, spec.staff_no, spec.role
    staff.department_id, staff.home_window = department_id, spec.window


def create(session: Session, hall, body: dict, by: Staff) -> tuple[dict, str | None]:
    """(the account, the temporary password when none was given)."""
    spec = staff_spec(body)
    if session.scalar(select(Staff).where(Staff.username == spec.username)) is not None:
        raise Conflict("该用户名已存在", code="duplicate_username", field="username")
    department_id = _check(session, hall, spec, by, None)
    password = body.get("password") or None
    temporary = None
    if password is None:
        password = temporary = passwords.temporary_password()
    else:
        passwords.check_new_password(str(password), spec.username)
    staff = Staff(hall_id=hall.id, username=spec.username, name=spec.name, staff_no=spec.staff_no,
                  password_hash=hash_password(str(password)), must_change_password=True)
    _apply(staff, spec, department_id)
    session.add(staff)
    session.flush()
    return view(staff, {v: k for k, v in _departments(session, hall).items()}), temporary


def edit(session: Session, hall, username: str, body: dict, by: Staff) -> dict:
    staff = account(session, hall, username)
    current = view(staff, {v: k for k, v in _departments(session, hall).items()})
    spec = staff_spec({**current, **{k: v for k, v in body.items() if k not in ("active", "password")},
                       "username": username})
    if staff.role == "admin" and by.role != "admin":
        raise Forbidden("只有系统管理员可以修改管理员账号", code="wrong_role")
    _apply(staff, spec, _check(session, hall, spec, by, staff))
    if isinstance(body.get("active"), bool):
        staff.active = body["active"]
        if not staff.active:
            _end_sessions(session, staff)
    session.flush()
    return view(staff, {v: k for k, v in _departments(session, hall).items()})


def deactivate(session: Session, hall, username: str, by: Staff) -> dict:
    staff = account(session, hall, username)
    if staff.id == by.id:
        raise Conflict("不能停用自己的账号", code="cannot_remove_self")
    return {**edit(session, hall, username, {"active": False}, by), "deleted": False}


def _end_sessions(session: Session, staff: Staff) -> None:
    end_sessions(session, staff.hall_id, AuthSession.__table__.c.staff_id == staff.id)
