"""Registered screens: kiosks, lobby displays, window screens and rating pads."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlmodel import Field, SQLModel

DEVICE_KINDS = ("kiosk", "display", "window_screen", "rating_pad")
KIND_NAMES = {"kiosk": "取号机", "display": "大厅显示屏", "window_screen": "窗口屏", "rating_pad": "评价器"}


class Device(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id", index=True)
    kind: str
    window_number: Optional[int] = None
    token_hash: str = Field(unique=True)
    name: str = ""
    printer: str = ""          # printer spec for kiosks, see printers.devices.open_printer
    printer_fault: str = ""    # last printer fault reported by the kiosk
    # a kiosk's local ID-card reader service (ws:// or http:// on loopback), see hall.devices.reader
    reader_url: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    created_at: datetime
    revoked_at: Optional[datetime] = None
