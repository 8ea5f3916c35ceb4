"""A window's monthly self-assessment, the windows' quarterly scores of each other, and the
weights of the year's overall assessment."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel


class SelfAssessment(SQLModel, table=True):
    """月度自评: one per window and month, revised until the month's stars are closed."""
    __table_args__ = (UniqueConstraint("hall_id", "month", "window_id", name="uq_selfassessment_window_month"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    month: str = Field(max_length=7)             # YYYY-MM
    window_id: int = Field(foreign_key="window.id")
    text: str
    score: float                                 # the window's own score out of 100
    figures: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))   # the month's, as pre-filled
    author_id: int = Field(foreign_key="staff.id")
    created_at: datetime
    updated_at: datetime


class PeerScore(SQLModel, table=True):
    """季度互评: one window's score of another for a quarter, once."""
    __table_args__ = (UniqueConstraint("hall_id", "quarter", "from_window_id", "to_window_id",
                                       name="uq_peerscore_pair_quarter"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    quarter: str = Field(max_length=7)           # YYYY-Qn
    from_window_id: int = Field(foreign_key="window.id")
    to_window_id: int = Field(foreign_key="window.id", index=True)
    score: int                                   # 0–100
    comment: str = Field(default="", max_length=500)
    scorer_id: int = Field(foreign_key="staff.id")
    created_at: datetime


class AssessmentWeights(SQLModel, table=True):
    """年度总评: how much the monthly scores, the peer scores and the self-assessments weigh."""
    __table_args__ = (UniqueConstraint("hall_id", "year", name="uq_assessmentweights_year"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    year: int
    monthly: int
    peer: int
    self_part: int
    set_by: int = Field(foreign_key="staff.id")
    updated_at: datetime
