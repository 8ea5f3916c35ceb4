"""An outside system's API key. Only the key's SHA-256 is kept; the key itself is shown once,
when it is made. ``prefix`` (``hk_`` and 8 hex characters, the key's first part) is not
secret: it names the key in lists and finds its row, the hash is then compared in constant
time."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class ApiKey(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id", index=True)
    name: str = Field(max_length=100)
    prefix: str = Field(unique=True, max_length=16)
    key_hash: str = Field(max_length=64)
    scopes: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime
    created_by: Optional[int] = Field(default=None, foreign_key="staff.id")   # None: made with the CLI
    last_used_at: Optional[datetime] = None
    revoked_at: Optional[datetime] = None
    revoked_by: Optional[int] = Field(default=None, foreign_key="staff.id")
