"""An application made online (一网通办) and sent by an outside system with its API key:
pre-reviewed (``pre_review``) until the citizen comes to a window and it is accepted as a case
(``accepted``, ``case_id``). The applicant is kept as a case keeps one: name, masked number,
keyed hash, masked phone (``hall.intake.applicant.Applicant.stored``)."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel


class Application(SQLModel, table=True):
    __table_args__ = (
        # the outside system's own number, once per hall: a resend is a 409, even when two race
        UniqueConstraint("hall_id", "external_no", name="uq_application_external_no"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    application_no: str = Field(unique=True, max_length=30)
    external_no: str = Field(max_length=64)
    api_key_id: int = Field(foreign_key="apikey.id")
    item_id: int = Field(foreign_key="item.id")
    applicant_name: str
    applicant_id_masked: str
    applicant_id_hash: str = Field(index=True, max_length=64)
    applicant_phone_masked: str = ""
    applicant_kind: str = Field(default="id_card", max_length=30)
    representative: Optional[dict] = Field(default=None, sa_column=Column(JSON, nullable=True))
    materials: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="pre_review", max_length=20)   # pre_review | accepted
    submitted_at: datetime
    accepted_at: Optional[datetime] = None
    case_id: Optional[int] = Field(default=None, foreign_key="case.id")
