"""Append-only audit log: every staff and manager action that changed something."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlmodel import Field, SQLModel


class AuditEntry(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    username: str
    role: str
    method: str = Field(max_length=8)
    path: str
    status: int
    remote_addr: str = ""
