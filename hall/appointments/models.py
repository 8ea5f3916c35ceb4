"""预约: bookings of an item's time slots, and the per-slot counter that keeps capacity."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlmodel import Field, SQLModel


class SlotCounter(SQLModel, table=True):
    item_id: int = Field(foreign_key="item.id", primary_key=True)
    day: date = Field(primary_key=True)
    start: str = Field(primary_key=True, max_length=5)
    booked: int = 0


class Appointment(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    code: str = Field(unique=True, max_length=12)
    item_id: int = Field(foreign_key="item.id")
    day: date
    start: str = Field(max_length=5)
    end: str = Field(max_length=5)
    applicant_name: str
    id_hash: str = Field(index=True, max_length=64)
    id_masked: str
    phone_masked: str = ""
    applicant_kind: str = Field(default="id_card", max_length=30, sa_column_kwargs={"server_default": "id_card"})
    active_key: Optional[str] = Field(default=None, unique=True, max_length=80)   # one live booking per person per day
    status: str = "booked"   # booked | cancelled | checked_in | no_show
    ticket_id: Optional[int] = Field(default=None, foreign_key="ticket.id")
    created_at: datetime
    # the phone's keyed hash: at most MAX_OPEN bookings per phone, as per person (migration 0025)
    phone_hash: str = Field(default="", index=True, max_length=64, sa_column_kwargs={"server_default": ""})
