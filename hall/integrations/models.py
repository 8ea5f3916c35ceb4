"""The outbox. An ``Integration`` is an outside endpoint and the event names it subscribes
to; a ``Delivery`` is one event for one integration (or one message for the notification
gateway, ``integration_id`` None), written in the same transaction as the change it reports
and posted by the worker until it succeeds or its attempts run out."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class Integration(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("hall_id", "name", name="uq_integration_name"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id", index=True)
    name: str = Field(max_length=100)
    url: str = Field(max_length=500)
    secret: str = Field(max_length=200)
    events: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    active: bool = True
    created_at: datetime
    failing_since: Optional[datetime] = None   # the first failure since the last success
    alerted_at: Optional[datetime] = None      # the managers were told it has been failing


class Delivery(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("integration_id", "event_id", name="uq_delivery_event"),
                      # the worker's claim: the due pending rows, oldest first
                      Index("ix_delivery_due", "status", "next_at"),
                      Index("ix_delivery_integration", "integration_id", "status", "id"))
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    integration_id: Optional[int] = Field(default=None, foreign_key="integration.id")   # None: the notify gateway
    event_id: str = Field(max_length=40)        # X-Hall-Event-Id, the same on every attempt
    event: str = Field(max_length=40)           # rating.created … or notify:<template>
    body: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="pending", max_length=10)   # pending | delivered | dead
    attempts: int = 0
    next_at: datetime
    created_at: datetime
    delivered_at: Optional[datetime] = None
    last_status: Optional[int] = None          # the endpoint's last HTTP status (None: no answer)
    last_error: str = Field(default="", max_length=300)


class TicketPhone(SQLModel, table=True):
    """A ticket's phone number, kept only with a notification gateway, to tell it 即将到号;
    erased with the ticket's day (``hall.integrations.scheduled``)."""
    __table_args__ = (Index("ix_ticketphone_open", "hall_id", "notified", "service_date"),)
    ticket_id: int = Field(foreign_key="ticket.id", primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    service_date: date
    phone: str = Field(max_length=20)
    notified: bool = False


class AppointmentPhone(SQLModel, table=True):
    """An appointment's phone number, kept only with a notification gateway, for the reminder
    the working day before; erased once its day has passed."""
    __table_args__ = (Index("ix_appointmentphone_day", "hall_id", "day", "reminded"),)
    appointment_id: int = Field(foreign_key="appointment.id", primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    day: date
    phone: str = Field(max_length=20)
    reminded: bool = False
