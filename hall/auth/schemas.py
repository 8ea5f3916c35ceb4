"""Staff members as the API shows them."""
from __future__ import annotations


def staff(staff, department) -> dict:
    """A signed-in staff member (``department``: their department row, or None)."""
    return {"username": staff.username, "name": staff.name, "staff_no": staff.staff_no,
            "role": staff.role, "home_window": staff.home_window,
            "must_change_password": bool(staff.must_change_password),
            "department": {"code": department.code, "name": department.name} if department else None}
