"""Requests for government information (依申请公开, 政府信息公开条例 art. 33)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class InfoRequest(SQLModel, table=True):
    __table_args__ = (Index("ix_inforequest_open", "hall_id", "status"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    request_no: str = Field(unique=True, max_length=30)
    query_code: str = Field(max_length=10)
    applicant_name: str
    applicant_id_masked: str = ""
    contact_phone: str = ""
    description: str                          # the information asked for
    purpose: str = ""
    channel: str = Field(max_length=30)       # window | phone | kiosk
    received_at: datetime
    received_on: date
    deadline: date
    extension_days: int = 0
    extension_reason: str = ""
    extension_approved_by: Optional[int] = Field(default=None, foreign_key="staff.id")
    extension_approved_at: Optional[datetime] = None
    status: str = Field(default="registered", max_length=20)   # registered | extended | replied
    registered_by: Optional[int] = Field(default=None, foreign_key="staff.id")
    owner_id: Optional[int] = Field(default=None, foreign_key="staff.id")
    reply_type: Optional[str] = Field(default=None, max_length=20)   # disclose | partial | withhold
    basis: str = ""
    reply: str = ""
    replied_at: Optional[datetime] = None
    replied_by: Optional[int] = Field(default=None, foreign_key="staff.id")
    light: str = "green"
