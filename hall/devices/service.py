"""Registering screens and checking their tokens (only a hash is stored)."""
from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.catalog.models import Hall
from hall.catalog.service import window_by_number
from hall.clock import utcnow
from hall.devices.models import DEVICE_KINDS, Device
from hall.errors import InvalidInput


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_device(session: Session, hall: Hall, kind: str, window: int | None = None,
               name: str = "", printer: str = "") -> tuple[Device, str]:
    if kind not in DEVICE_KINDS:
        raise InvalidInput(f"设备类型须为 {', '.join(DEVICE_KINDS)} 之一", code="invalid_device_kind")
    if kind in ("window_screen", "rating_pad"):
        if window is None:
            raise InvalidInput("窗口屏和评价器必须指定窗口号（--window N）", code="missing_field", field="window")
        window_by_number(session, hall, window)
    token = secrets.token_urlsafe(24)
    device = Device(hall_id=hall.id, kind=kind, window_number=window, token_hash=_hash(token),
                    name=name or kind, printer=printer, created_at=utcnow())
    session.add(device)
    session.flush()
    return device, token


def device_for_token(session: Session, token: str | None) -> Device | None:
    if not token or not isinstance(token, str):
        return None
    device = session.scalar(select(Device).where(Device.token_hash == _hash(token)))
    if device is None or device.revoked_at is not None:
        return None
    return device


def device_may_join(session: Session, token: str | None, kind: str, window: int) -> bool:
    device = device_for_token(session, token)
    if device is None:
        return False
    wanted = {"window": ("window_screen",), "rating_pad": ("rating_pad",)}[kind]
    return device.kind in wanted and device.window_number == window
