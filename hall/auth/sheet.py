"""The 人员 (staff) sheet of the catalog workbook: the hall's accounts in the columns the
importer reads back, applied through the admin API's own account functions. The
deployment's admins are not a hall's staff: they are neither exported nor imported.

An imported account has no password anyone knows: a manager gives each one its temporary
password with 重置密码 (shown once), and the account changes it at its first login. An
import never makes an admin (as a manager could not)."""
from __future__ import annotations

from types import SimpleNamespace

from hall.auth import accounts
from hall.catalog.workbook import Column, Sheet

IMPORTER = SimpleNamespace(id=None, role="manager")     # who an import acts as


def _export(session, hall) -> list[dict]:
    return [{**row, "roles": row["roles"][0]} for row in accounts.list_staff(session, hall) if row["role"] != "admin"]


def _apply(session, hall, body, _batch) -> str:
    active = body.pop("active", None)
    body = {k: v for k, v in body.items() if v not in (None, "")}
    body.pop("password", None)
    username = str(body.get("username") or "").strip()
    if any(row["username"] == username for row in accounts.list_staff(session, hall)):
        accounts.edit(session, hall, username, {**body, **({"active": active} if active is not None else {})},
                      IMPORTER)
        return "updated"
    accounts.create(session, hall, body, IMPORTER)
    if active is False:
        accounts.edit(session, hall, username, {"active": False}, IMPORTER)
    return "created"


def _window(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


STAFF = Sheet("人员", (
    Column("username", "用户名"), Column("name", "姓名", 12), Column("staff_no", "工号", 12),
    Column("roles", "角色（window/manager/reviewer/supervisor/helper）", 22),
    Column("department", "所属部门", 14, lambda v: v or ""), Column("window", "窗口号", 8, lambda v: v or "", _window),
    Column("active", "启用", 8, lambda v: "是" if v else "否", lambda v: v in (None, "", "是", True, 1, "1"))),
    _export, _apply)
