"""Manager-edited calendar overrides: holidays and make-up working days announced each year."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlmodel import Field, SQLModel


class CalendarOverride(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    day: date = Field(unique=True)
    is_workday: bool
    note: str = ""
    created_by: Optional[int] = Field(default=None, foreign_key="staff.id")
    created_at: Optional[datetime] = None
