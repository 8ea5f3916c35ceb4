"""Tickets, their history, the per-queue daily counter and window sign-in sessions."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class QueueCounter(SQLModel, table=True):
    """The last sequence number given out in a queue on a day; bumped atomically."""
    queue_id: int = Field(foreign_key="queue.id", primary_key=True)
    service_date: date = Field(primary_key=True)
    last_seq: int = 0


class Ticket(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("hall_id", "issued_queue_id", "service_date", "seq", name="uq_ticket_number"),
        UniqueConstraint("hall_id", "idempotency_key", name="uq_ticket_idempotency"),
        Index("ix_ticket_waiting", "queue_id", "status", "priority", "queued_at", "id"),
        Index("ix_ticket_window_status", "window_id", "status"),
        # the monthly report reads only this index (covering): services, waits, service times
        Index("ix_ticket_month", "hall_id", "finished_at", "window_id", "staff_id", "wait_seconds",
              "service_seconds"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    issued_queue_id: int = Field(foreign_key="queue.id")  # whose counter gave the number
    queue_id: int = Field(foreign_key="queue.id")         # where it waits now (referrals move it)
    item_id: Optional[int] = Field(default=None, foreign_key="item.id")
    service_date: date
    seq: int
    number: str = Field(max_length=8)
    token: str = Field(unique=True, max_length=40)
    status: str = "waiting"   # waiting | called | serving | held | finished | no_show
    priority: int = 3         # see rules.PRIORITY_*
    green_channel: bool = False
    appointment_code: Optional[str] = None
    idempotency_key: Optional[str] = Field(default=None, max_length=100)
    issued_at: datetime
    queued_at: datetime       # place in line; kept when referred to another window
    called_at: Optional[datetime] = None
    started_at: Optional[datetime] = None
    finished_at: Optional[datetime] = None
    call_count: int = 0
    wait_seconds: Optional[int] = None      # issue → first call, set once when called
    service_seconds: Optional[int] = None   # start (or call) → finish, set when finished
    window_id: Optional[int] = Field(default=None, foreign_key="window.id")
    target_window_id: Optional[int] = Field(default=None, foreign_key="window.id")
    staff_id: Optional[int] = Field(default=None, foreign_key="staff.id")
    device_id: Optional[int] = Field(default=None, foreign_key="device.id")


class TicketEvent(SQLModel, table=True):
    """Every state change of a ticket: when, where, by whom."""
    __table_args__ = (Index("ix_ticket_event_kind_at", "kind", "at"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="ticket.id", index=True)
    kind: str  # issued | called | recalled | started | finished | no_show | transferred | held | called_back
    at: datetime
    window_id: Optional[int] = Field(default=None, foreign_key="window.id")
    staff_id: Optional[int] = Field(default=None, foreign_key="staff.id")
    detail: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class WindowSession(SQLModel, table=True):
    """A staff member signed in at a window; pauses are WindowPause rows."""
    id: Optional[int] = Field(default=None, primary_key=True)
    window_id: int = Field(foreign_key="window.id", index=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    signed_in_at: datetime
    signed_out_at: Optional[datetime] = None


class WindowPause(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="windowsession.id", index=True)
    started_at: datetime
    ended_at: Optional[datetime] = None
    reason: str = ""
