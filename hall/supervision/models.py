"""责任追究 records (the table keeps its name, ``accountability``)."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlmodel import Field, SQLModel


class Accountability(SQLModel, table=True):
    """An overdue case, review, rectification, complaint or information request, or materials
    asked for after acceptance (``kind``: an ``AccountabilityKind`` value). ``dedup_key``
    makes the sweep's record for one overdue item exist at most once."""
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    case_id: Optional[int] = Field(default=None, foreign_key="case.id", index=True)
    kind: str
    staff_id: Optional[int] = Field(default=None, foreign_key="staff.id")
    department_id: Optional[int] = Field(default=None, foreign_key="department.id")
    detail: str = ""
    dedup_key: Optional[str] = Field(default=None, unique=True, max_length=80)
    created_at: datetime
