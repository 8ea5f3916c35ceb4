"""Tickets, their history, the per-queue daily counter and window sign-in sessions."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import JSON, Column, Index, UniqueConstraint, func, select
from sqlalchemy import false as sa_false
from sqlmodel import Field, SQLModel


class QueueCounter(SQLModel, table=True):
    """A queue's day, bumped in the transaction that changes a ticket: the last sequence
    number given out, and the tickets that joined its waiting line (issued, or referred in)."""
    queue_id: int = Field(foreign_key="queue.id", primary_key=True)
    service_date: date = Field(primary_key=True)
    last_seq: int = 0
    joined: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    joined_work: int = Field(default=0, sa_column_kwargs={"server_default": "0"})   # their expected service, seconds


class QueueDeparture(SQLModel, table=True):
    """Tickets a window called from a queue on a day. One row per window, so that windows
    calling at once never wait for each other here; the line's length is ``waiting_in_line``."""
    queue_id: int = Field(foreign_key="queue.id", primary_key=True)
    service_date: date = Field(primary_key=True)
    window_id: int = Field(foreign_key="window.id", primary_key=True)
    departed: int = 0
    departed_work: int = Field(default=0, sa_column_kwargs={"server_default": "0"})   # their expected service, seconds


def waiting_in_line():
    """(tickets, expected seconds of service) waiting in a queue counter's line: what joined
    less what was called, read from a few small rows however long the line is (correlated
    to ``QueueCounter``)."""
    D = QueueDeparture.__table__
    C = QueueCounter.__table__

    def called(column):
        return (select(func.coalesce(func.sum(column), 0))
                .where(D.c.queue_id == C.c.queue_id, D.c.service_date == C.c.service_date).scalar_subquery())
    return C.c.joined - called(D.c.departed), C.c.joined_work - called(D.c.departed_work)


class Ticket(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("hall_id", "issued_queue_id", "service_date", "seq", name="uq_ticket_number"),
        UniqueConstraint("hall_id", "idempotency_key", name="uq_ticket_idempotency"),
        # a queue's waiting count and a ticket's place in it, read from the index alone
        Index("ix_ticket_queue_waiting", "queue_id", "status", "service_date", "priority", "queued_at", "id"),
        # call-next walks the day's waiting tickets in call order and takes the first it may
        # call: the index holds everything the pick looks at, so it stops at the first match
        Index("ix_ticket_call_order", "status", "service_date", "priority", "queued_at", "id", "queue_id",
              "target_window_id"),
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
    priority: int = 4         # see rules.PRIORITY_*
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
    expected_service_seconds: int = Field(default=0, sa_column_kwargs={"server_default": "0"})  # when issued
    window_id: Optional[int] = Field(default=None, foreign_key="window.id")
    target_window_id: Optional[int] = Field(default=None, foreign_key="window.id")
    staff_id: Optional[int] = Field(default=None, foreign_key="staff.id")
    device_id: Optional[int] = Field(default=None, foreign_key="device.id")
    # 急事急办: a manager marked it urgent (the reason is also in its log); its case gets the short limit
    urgent: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    urgent_reason: str = Field(default="", max_length=500, sa_column_kwargs={"server_default": ""})
    # the applicant, when the kiosk read their ID card (hall.queueing.card): masked and hashed
    # as cases keep them; elderly: aged 60 or over by the card's birth date on the day issued
    elderly: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    applicant_name: str = Field(default="", max_length=100, sa_column_kwargs={"server_default": ""})
    applicant_id_masked: str = Field(default="", max_length=40, sa_column_kwargs={"server_default": ""})
    applicant_id_hash: Optional[str] = Field(default=None, max_length=64)


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
