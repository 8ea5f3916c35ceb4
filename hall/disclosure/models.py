"""Announcements (公示公告): written by a manager, reviewed (审核) by another, shown publicly
for their period only, then archived. Rows are never deleted: every publication stays with
who wrote it, who approved it and when."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class Announcement(SQLModel, table=True):
    __table_args__ = (Index("ix_announcement_period", "hall_id", "status", "starts_on", "ends_on"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    title: str = Field(max_length=100)
    body: str
    category: str = Field(default="notice", max_length=20)   # notice 通知公告 | publicity 公示
    starts_on: date
    ends_on: date                                            # last day shown, inclusive
    status: str = Field(default="pending", max_length=20)    # pending | approved | rejected | withdrawn
    author_id: int = Field(foreign_key="staff.id")
    created_at: datetime
    reviewer_id: Optional[int] = Field(default=None, foreign_key="staff.id")
    reviewed_at: Optional[datetime] = None
    review_note: str = ""
    withdrawn_by: Optional[int] = Field(default=None, foreign_key="staff.id")
    withdrawn_at: Optional[datetime] = None
