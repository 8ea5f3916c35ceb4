"""好差评: one rating per service. A RatingRequest is made when a service finishes; its
token is what the rating pad or the citizen's phone sends back, once."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class RatingRequest(SQLModel, table=True):
    __table_args__ = (Index("ix_ratingrequest_month", "hall_id", "created_at", "window_id", "staff_id", "level",
                            "channel"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    token: str = Field(unique=True, max_length=40)
    ticket_id: Optional[int] = Field(default=None, foreign_key="ticket.id", unique=True)
    item_id: Optional[int] = Field(default=None, foreign_key="item.id")
    department_id: Optional[int] = Field(default=None, foreign_key="department.id")
    window_id: Optional[int] = Field(default=None, foreign_key="window.id")
    staff_id: Optional[int] = Field(default=None, foreign_key="staff.id")
    created_at: datetime
    expires_at: datetime
    level: Optional[int] = None       # copied from its Rating when rated: the monthly report needs no join
    channel: Optional[str] = None


class Rating(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="ratingrequest.id", unique=True)
    level: int  # 5 非常满意 … 1 非常不满意
    reasons: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    comment: str = ""
    channel: str = "pad"  # pad | phone | default
    rated_at: datetime


class StarMonth(SQLModel, table=True):
    """A month's star-rating settings; closing it freezes its results."""
    __table_args__ = (UniqueConstraint("hall_id", "month"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    month: str = Field(max_length=7)   # YYYY-MM
    weights: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    deductions: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    thresholds: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    closed_at: Optional[datetime] = None
    closed_by: Optional[int] = Field(default=None, foreign_key="staff.id")


class StarResult(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("hall_id", "month", "of", "subject"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    month: str = Field(max_length=7)
    of: str = Field(max_length=10)       # window | staff
    subject: str = Field(max_length=40)  # window number or staff number
    name: str = ""
    score: float
    stars: int
    breakdown: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Rectification(SQLModel, table=True):
    """差评整改: every bad rating is verified, rectified and the citizen called back, each
    step with its deadline under electronic supervision; an appeal can remove the rating."""
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    request_id: int = Field(foreign_key="ratingrequest.id", unique=True)
    window_id: Optional[int] = Field(default=None, foreign_key="window.id")
    staff_id: Optional[int] = Field(default=None, foreign_key="staff.id")
    status: str = "verifying"   # verifying | rectifying | calling_back | closed | appealing | removed
    level: int
    verify_due: date
    rectify_due: date
    finding: str = ""
    justified: Optional[bool] = None
    verified_at: Optional[datetime] = None
    measures: str = ""
    rectified_at: Optional[datetime] = None
    callback_result: str = ""
    called_back_at: Optional[datetime] = None
    appeal_reason: str = ""
    appeal_from: str = ""
    appeal_decision: str = ""
    appeal_decided_by: Optional[int] = Field(default=None, foreign_key="staff.id")
    light: str = "green"
    created_at: datetime
