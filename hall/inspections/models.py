"""Efficiency supervision (效能监察): what a supervisor found at a window, openly or unannounced."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class Inspection(SQLModel, table=True):
    __table_args__ = (Index("ix_inspection_month", "hall_id", "inspected_at"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    inspected_at: datetime
    inspected_on: date
    mode: str = Field(default="covert", max_length=10)    # open 明查 | covert 暗访
    window_id: int = Field(foreign_key="window.id")
    staff_id: Optional[int] = Field(default=None, foreign_key="staff.id")   # who was on duty (or should have been)
    finding: str = Field(max_length=20)                   # ok | late | absent | off_task | attitude
    note: str = ""
    inspector_id: int = Field(foreign_key="staff.id")
    created_at: datetime
