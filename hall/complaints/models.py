"""Complaints, suggestions, the director's mailbox and online questions from citizens."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Index
from sqlmodel import Field

from hall.intake.models import DeadlineRecord


class Complaint(DeadlineRecord, table=True):
    __table_args__ = (Index("ix_complaint_open", "hall_id", "status"),)
    NUMBER = "complaint_no"
    complaint_no: str = Field(unique=True, max_length=30)
    kind: str = Field(max_length=20)          # complaint | suggestion | mailbox | question
    # channel: kiosk | phone | supervision_window
    title: str = Field(max_length=100)
    content: str
    contact_name: str = ""
    window_id: Optional[int] = Field(default=None, foreign_key="window.id")   # the window complained about
    staff_id: Optional[int] = Field(default=None, foreign_key="staff.id")     # the staff member complained about
    status: str = Field(default="received", max_length=20)   # received | assigned | replied | rated
    finding: Optional[str] = Field(default=None, max_length=20)   # justified | partly | unjustified
    satisfaction: Optional[int] = None        # 3 满意, 2 基本满意, 1 不满意
    rated_at: Optional[datetime] = None
