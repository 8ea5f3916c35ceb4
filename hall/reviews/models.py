"""联审联办: one review task per department of a joint case, and joint meeting records."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel


class ReviewTask(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("case_id", "department_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    department_id: int = Field(foreign_key="department.id", index=True)
    is_lead: bool = False
    days: int                      # this department's working days inside the case's limit
    deadline: date
    deemed_consent: bool = False   # 超时默许: silence by the deadline counts as agreement
    status: str = "pending"        # pending | approved | rejected | site_inspection | deemed_approved
    reason: str = ""
    basis: str = ""
    reviewer_id: Optional[int] = Field(default=None, foreign_key="staff.id")
    decided_at: Optional[datetime] = None
    inspection_since: Optional[date] = None   # the department's clock stands still from here
    paused_days: int = 0
    light: str = "green"


class ReviewMeeting(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    held_on: date
    departments: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    conclusion: str
    recorded_by: int = Field(foreign_key="staff.id")
    created_at: datetime
