"""Requests for government information (依申请公开, 政府信息公开条例 art. 33)."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Index
from sqlmodel import Field

from hall.intake.models import DeadlineRecord


class InfoRequest(DeadlineRecord, table=True):
    __table_args__ = (Index("ix_inforequest_open", "hall_id", "status"),)
    NUMBER = "request_no"
    request_no: str = Field(unique=True, max_length=30)
    applicant_name: str
    applicant_id_masked: str = ""
    description: str                          # the information asked for
    purpose: str = ""
    # channel: window | phone | kiosk
    extension_days: int = 0
    extension_reason: str = ""
    extension_approved_by: Optional[int] = Field(default=None, foreign_key="staff.id")
    extension_approved_at: Optional[datetime] = None
    status: str = Field(default="registered", max_length=20)   # registered | extended | replied
    reply_type: Optional[str] = Field(default=None, max_length=20)   # disclose | partial | withhold
    basis: str = ""
