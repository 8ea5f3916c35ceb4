"""Helpers' duty, assistance requests, and powers of attorney (授权委托书)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel


class HelperDuty(SQLModel, table=True):
    """A helper's spell on duty: on duty while ``ended_at`` is empty (one open spell each)."""
    __table_args__ = (Index("ix_helperduty_open", "hall_id", "ended_at"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    staff_id: int = Field(foreign_key="staff.id", index=True)
    started_at: datetime
    ended_at: Optional[datetime] = None


class AssistRequest(SQLModel, table=True):
    """A call for a helper (呼叫帮办) from a kiosk or a staff member; accepted once, by one helper."""
    __table_args__ = (Index("ix_assistrequest_status", "hall_id", "status", "requested_at"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    device_id: Optional[int] = Field(default=None, foreign_key="device.id")     # the kiosk that asked
    requested_by: Optional[int] = Field(default=None, foreign_key="staff.id")   # or the staff member
    reason: str = Field(default="", max_length=200)
    status: str = Field(default="waiting", max_length=20)    # waiting | accepted | arrived
    requested_at: datetime
    helper_id: Optional[int] = Field(default=None, foreign_key="staff.id")
    accepted_at: Optional[datetime] = None
    arrived_at: Optional[datetime] = None


class PowerOfAttorney(SQLModel, table=True):
    """授权委托书: the citizen (masked ID and keyed hash, never the number) authorises the helper
    for these items until a day."""
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    helper_id: int = Field(foreign_key="staff.id", index=True)
    principal_name: str = Field(max_length=60)
    principal_id_masked: str = Field(max_length=40)
    principal_id_hash: str = Field(max_length=64, index=True)
    items: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))   # item codes
    valid_until: date
    note: str = Field(default="", max_length=500)
    created_at: datetime


class AttorneyTicket(SQLModel, table=True):
    """A ticket a helper took under a power of attorney."""
    id: Optional[int] = Field(default=None, primary_key=True)
    attorney_id: int = Field(foreign_key="powerofattorney.id", index=True)
    ticket_id: int = Field(foreign_key="ticket.id", unique=True)
    item_code: str = Field(max_length=40)
    created_at: datetime


class AttorneyCase(SQLModel, table=True):
    """A case applied for under a power of attorney: the helper (代办人) applied for the
    principal; one power of attorney per case."""
    id: Optional[int] = Field(default=None, primary_key=True)
    attorney_id: int = Field(foreign_key="powerofattorney.id", index=True)
    case_id: int = Field(foreign_key="case.id", unique=True)
    helper_id: int = Field(foreign_key="staff.id")
    created_at: datetime


class AssistProject(SQLModel, table=True):
    """全程代办: an enterprise's project, one helper owning every case of it across departments;
    its progress is public by the project number and query code, as a case's."""
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    project_no: str = Field(unique=True, max_length=30)
    query_code: str = Field(max_length=10)
    name: str = Field(max_length=100)
    enterprise_name: str = Field(max_length=100)
    credit_code: str = Field(max_length=18, index=True)        # 统一社会信用代码 (public, checked)
    # the legal representative or agent: {role, role_name, name, kind, kind_name, number (masked), number_hash}
    representative: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    helper_id: int = Field(foreign_key="staff.id", index=True)
    note: str = Field(default="", max_length=500)
    created_at: datetime


class ProjectCase(SQLModel, table=True):
    """A case of a project (a case belongs to one project at most)."""
    id: Optional[int] = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="assistproject.id", index=True)
    case_id: int = Field(foreign_key="case.id", unique=True)
    attached_by: int = Field(foreign_key="staff.id")
    attached_at: datetime
