"""The hall's catalog: departments, service items with their guide, queues, windows."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import JSON, Column, UniqueConstraint, false as sa_false, true as sa_true
from sqlmodel import Field, SQLModel

ITEM_KINDS = ("instant", "committed", "joint", "report")
HALL_LEVELS = ("city", "county", "township")


class Hall(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=40)
    name: str
    timezone: str = "Asia/Shanghai"
    address: str = ""
    phone: str = ""
    notices: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # bumped with every change to the hall's catalog, so that each process can keep the
    # catalog in memory and still see another process's change (hall.catalog.cache)
    catalog_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    level: str = Field(default="city", max_length=20, sa_column_kwargs={"server_default": "city"})
    parent_id: Optional[int] = Field(default=None, foreign_key="hall.id")
    # opening hours (hall.catalog.hours): opens_at None = open around the clock; tickets stop
    # ticket_cutoff_minutes before closing; open_on "working_days" or "every_day"
    # (no server default; on insert an explicit None needs sqlalchemy.null(), else 09:00/17:00)
    opens_at: Optional[str] = Field(default="09:00", max_length=5)
    closes_at: Optional[str] = Field(default="17:00", max_length=5)
    ticket_cutoff_minutes: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    open_on: str = Field(default="working_days", max_length=20, sa_column_kwargs={"server_default": "working_days"})
    # people aged 60 and over (read from their ID card) are called after the green channel
    elderly_priority: bool = Field(default=True, sa_column_kwargs={"server_default": sa_true()})


class Department(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("hall_id", "code"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id", index=True)
    code: str = Field(max_length=40)
    name: str
    short_name: str = ""
    active: bool = Field(default=True, sa_column_kwargs={"server_default": sa_true()})   # False: deleted while in use


class Queue(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("hall_id", "code"), UniqueConstraint("hall_id", "prefix"))
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id", index=True)
    code: str = Field(max_length=40)
    prefix: str = Field(max_length=2)
    name: str
    opens_at: str = "08:30"
    closes_at: str = "17:30"
    daily_cap: int = 999
    default_service_minutes: float = 6.0
    avg_service_seconds: Optional[float] = None  # running mean, see queueing.rules
    service_samples: int = 0
    active: bool = Field(default=True, sa_column_kwargs={"server_default": sa_true()})   # False: deleted while in use


class Item(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("hall_id", "code"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id", index=True)
    code: str = Field(max_length=40)
    name: str
    department_id: int = Field(foreign_key="department.id")
    queue_id: int = Field(foreign_key="queue.id")
    category: str = ""
    kind: str = "committed"
    legal_days: int = 20
    promised_days: int = 10
    fee: str = "免费"
    fee_basis: str = ""
    # the fee as a rule beside its published text (hall.fees.rules.FeeRule.stored): integers
    # only, {kind: none|fixed|choice|percent, amounts_fen: [...], percent_hundredths: [low, high]}
    fee_rule: dict = Field(default_factory=lambda: {"kind": "none", "amounts_fen": [], "percent_hundredths": []},
                           sa_column=Column(JSON, nullable=False))
    basis: str = ""
    conditions: str = ""
    steps: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    deemed_approval: bool = False
    # why the promised limit is over 15 (general) or 30 (joint, report) working days (seed 003)
    limit_reason: str = Field(default="", sa_column_kwargs={"server_default": ""})
    joint: Optional[dict] = Field(default=None, sa_column=Column(JSON, nullable=True))
    pinyin_initials: str = ""
    active: bool = Field(default=True, sa_column_kwargs={"server_default": sa_true()})   # False: deleted while in use


class Material(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("item_id", "code"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="item.id", index=True)
    code: str = Field(max_length=40)
    name: str
    form: str = "原件"
    copies: int = 1
    required: bool = True
    sample: str = ""
    guidance: str = ""
    position: int = 0


class Window(SQLModel, table=True):
    """A numbered counter. ``status``/``staff_id``/``current_ticket_id`` are its live state."""
    __table_args__ = (UniqueConstraint("hall_id", "number"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id", index=True)
    number: int
    name: str
    department_id: Optional[int] = Field(default=None, foreign_key="department.id")
    status: str = "closed"  # closed | open | paused | serving
    staff_id: Optional[int] = Field(default=None, foreign_key="staff.id")
    current_ticket_id: Optional[int] = Field(default=None)
    active: bool = Field(default=True, sa_column_kwargs={"server_default": sa_true()})   # False: deleted while in use
    # 老年人专窗: calls elderly tickets first among its queues (after urgent and green channel)
    elderly_first: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})


class WindowQueue(SQLModel, table=True):
    window_id: int = Field(foreign_key="window.id", primary_key=True)
    queue_id: int = Field(foreign_key="queue.id", primary_key=True)
    position: int = 0
