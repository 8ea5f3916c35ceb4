"""Complaints, suggestions, the director's mailbox and online questions from citizens."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class Complaint(SQLModel, table=True):
    __table_args__ = (Index("ix_complaint_open", "hall_id", "status"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    complaint_no: str = Field(unique=True, max_length=30)
    query_code: str = Field(max_length=10)
    kind: str = Field(max_length=20)          # complaint | suggestion | mailbox | question
    channel: str = Field(max_length=30)       # kiosk | phone | supervision_window
    title: str = Field(max_length=100)
    content: str
    contact_name: str = ""
    contact_phone: str = ""                   # for the call-back; shown masked
    window_id: Optional[int] = Field(default=None, foreign_key="window.id")   # the window complained about
    staff_id: Optional[int] = Field(default=None, foreign_key="staff.id")     # the staff member complained about
    received_at: datetime
    received_on: date
    deadline: date
    status: str = Field(default="received", max_length=20)   # received | assigned | replied | rated
    registered_by: Optional[int] = Field(default=None, foreign_key="staff.id")
    owner_id: Optional[int] = Field(default=None, foreign_key="staff.id")
    reply: str = ""
    finding: Optional[str] = Field(default=None, max_length=20)   # justified | partly | unjustified
    replied_at: Optional[datetime] = None
    replied_by: Optional[int] = Field(default=None, foreign_key="staff.id")
    satisfaction: Optional[int] = None        # 3 满意, 2 基本满意, 1 不满意
    rated_at: Optional[datetime] = None
    light: str = "green"
