"""Cases (件) accepted at a window, their pauses and steps, notices to the applicant.
(Accountability records live in ``hall.supervision.models``.)"""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlmodel import Field, SQLModel


class Case(SQLModel, table=True):
    __table_args__ = (
        Index("ix_case_open", "hall_id", "status"),
        # one case per ticket and item (a repeated acceptance makes no second one)
        UniqueConstraint("ticket_id", "item_id", name="uq_case_ticket_item"),
        UniqueConstraint("hall_id", "idempotency_key", name="uq_case_idempotency"),
        # an online application (一网通办) is accepted as one case only
        UniqueConstraint("application_no", name="uq_case_application_no"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    case_no: str = Field(unique=True, max_length=30)
    query_code: str = Field(max_length=10)
    ticket_id: Optional[int] = Field(default=None, foreign_key="ticket.id")
    item_id: int = Field(foreign_key="item.id")
    department_id: int = Field(foreign_key="department.id")
    window_id: Optional[int] = Field(default=None, foreign_key="window.id")
    staff_id: int = Field(foreign_key="staff.id")            # who accepted: first-contact owner
    applicant_name: str
    applicant_id_masked: str
    applicant_id_hash: str = Field(index=True, max_length=64)
    applicant_phone_masked: str = ""
    # the applicant's phone for 结果已出 (only with a notification gateway), erased when the result is handed out
    notify_phone: Optional[str] = Field(default=None, max_length=20)
    # the applicant's document (hall.intake.documents.DocumentKind); an enterprise's legal
    # representative or agent: {role, name, kind, number (masked), number_hash}
    applicant_kind: str = Field(default="id_card", max_length=30, sa_column_kwargs={"server_default": "id_card"})
    representative: Optional[dict] = Field(default=None, sa_column=Column(JSON, nullable=True))
    materials: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    kind: str
    status: str = "accepted"
    accepted_at: datetime
    accepted_on: date
    promised_days: int
    extension_days: int = 0
    deadline: date
    decided_at: Optional[datetime] = None
    decision_reason: str = ""
    decision_basis: str = ""
    certificate_no: str = ""
    certificates: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    completed_at: Optional[datetime] = None
    light: str = "green"
    light_at: Optional[datetime] = None
    idempotency_key: Optional[str] = Field(default=None, max_length=100)
    # 急事急办: marked by a manager (or accepted from an urgent ticket), on the short limit
    urgent: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    urgent_reason: str = Field(default="", max_length=500, sa_column_kwargs={"server_default": ""})
    # accepted from an online application (hall.applications): its number; its materials count as received
    application_no: Optional[str] = Field(default=None, max_length=30)


class CasePause(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    started_on: date
    ended_on: Optional[date] = None
    reason: str


class CaseStep(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    at: datetime
    name: str
    detail: str = ""
    staff_id: Optional[int] = Field(default=None, foreign_key="staff.id")


class Notice(SQLModel, table=True):
    """A written notice to the applicant: 一次性告知书, pause or extension notice."""
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    notice_no: str = Field(unique=True, max_length=30)
    kind: str  # materials | pause | extension
    ticket_id: Optional[int] = Field(default=None, foreign_key="ticket.id")
    case_id: Optional[int] = Field(default=None, foreign_key="case.id")
    item_id: int = Field(foreign_key="item.id")
    staff_id: int = Field(foreign_key="staff.id")
    applicant_name: str = ""
    missing: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    text: str = ""
    created_at: datetime

