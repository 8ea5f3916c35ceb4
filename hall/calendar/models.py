"""Manager-edited calendar overrides: holidays and make-up working days announced each year."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class CalendarOverride(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    day: date = Field(unique=True)
    is_workday: bool
    note: str = ""
    created_by: Optional[int] = Field(default=None, foreign_key="staff.id")
    created_at: Optional[datetime] = None


class CalendarYear(SQLModel, table=True):
    """A year's State Council holiday notice as a manager entered it: used before
    chinesecalendar's table (which only knows the years up to its release)."""
    __tablename__ = "calendar_year"
    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    holidays: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))   # ISO dates off
    workdays: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))   # 调休 days worked
    entered_by: Optional[int] = Field(default=None, foreign_key="staff.id")
    entered_at: Optional[datetime] = None
