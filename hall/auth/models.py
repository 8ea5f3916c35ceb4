"""Staff accounts and their login sessions (a token names a session, so sign-out revokes it)."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import false as sa_false
from sqlmodel import Field, SQLModel

# regional: a region's halls, read only; supervisor: 效能监督员 (inspections, complaints); helper: 帮办员 (assisted service)
ROLES = ("staff", "reviewer", "manager", "regional", "admin", "supervisor", "helper")


class Staff(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id", index=True)
    username: str = Field(unique=True, max_length=60)
    name: str
    staff_no: str = Field(max_length=40)
    role: str = "staff"
    department_id: Optional[int] = Field(default=None, foreign_key="department.id")
    home_window: Optional[int] = None
    photo_url: str = ""
    password_hash: str
    failed_logins: int = 0
    locked_until: Optional[datetime] = None
    active: bool = True
    # made or reset by someone else: the first login must set a password of one's own
    must_change_password: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})


class AuthSession(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    created_at: datetime
    expires_at: datetime
    revoked_at: Optional[datetime] = None


class LoginLock(SQLModel, table=True):
    """Wrong passwords for one account from one address: five lock that address out of that
    account for a while, and nobody else (an attacker cannot lock the owner out)."""
    username: str = Field(primary_key=True, max_length=60)
    address: str = Field(primary_key=True, max_length=64)
    failures: int = 0
    locked_until: Optional[datetime] = None
