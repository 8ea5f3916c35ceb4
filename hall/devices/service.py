"""Registering screens and checking their tokens (only a hash is stored)."""
from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.catalog.cache import HallCatalog
from hall.catalog.service import window_by_number
from hall.clock import utcnow
from hall.devices.models import DEVICE_KINDS, KIND_NAMES, Device
from hall.devices.reader import ReaderUrlError, check_reader_url
from hall.errors import Forbidden, InvalidInput, NotFound
from hall.events import domain
from hall.events.bus import record


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_device(session: Session, hall: HallCatalog, kind: str, window: int | None = None,
               name: str = "", printer: str = "", printer_policy=None, reader_url: str = "") -> tuple[Device, str]:
    """A registered device and its token (shown once). A kiosk's printer spec must be one
    ``printer_policy`` (``printers.policy.PrinterPolicy``; the hall's settings) allows; its
    ``reader_url`` names its local ID-card reader service (``hall.devices.reader``)."""
    reader_url = _reader_url(kind, reader_url)
    if kind not in DEVICE_KINDS:
        raise InvalidInput(f"设备类型须为 {', '.join(DEVICE_KINDS)} 之一", code="invalid_device_kind")
    if kind in ("window_screen", "rating_pad"):
        if window is None:
            raise InvalidInput("窗口屏和评价器必须指定窗口号（--window N）", code="missing_field", field="window")
        window_by_number(session, hall, window)
    else:
        window = None
    if printer:
        if kind != "kiosk":
            raise InvalidInput("只有取号机可以配置打印机", code="invalid_printer")
        from printers.devices import open_printer   # checks the spec only: nothing connects yet
        from printers.policy import DEFAULT_POLICY
        try:
            open_printer(printer, printer_policy or DEFAULT_POLICY)
        except ValueError as exc:
            raise InvalidInput(str(exc), code="invalid_printer")
        except Exception:   # a well-formed spec whose driver is missing here (pyusb): kept as given
            pass
    token = secrets.token_urlsafe(24)
    default_name = (f"{window}号窗口" if window else "") + KIND_NAMES[kind]
    device = Device(hall_id=hall.id, kind=kind, window_number=window, token_hash=_hash(token),
                    name=name or default_name, printer=printer, reader_url=reader_url, created_at=utcnow())
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


def registered_device(session: Session, token: str | None, kind: str, window: int | None = None,
                      hall_id: int | None = None) -> Device:
    """The device a token belongs to, if it is registered as ``kind`` (for that window, of
    that hall), else a 403 telling the screen to get itself registered."""
    device = device_for_token(session, token)
    if device is None or device.kind != kind or (window is not None and device.window_number != window) \
            or (hall_id is not None and device.hall_id != hall_id):
        where = f"{window}号窗口的" if window is not None else ""
        raise Forbidden(f"此设备未登记为{where}{KIND_NAMES[kind]}，请由大厅管理人员登记后使用",
                        code="device_not_registered", kind=kind, window=window)
    return device


def list_devices(session: Session, hall: HallCatalog) -> list[Device]:
    return list(session.scalars(select(Device).where(Device.hall_id == hall.id).order_by(Device.id)))


def revoke(session: Session, hall: HallCatalog, device_id: int) -> Device:
    device = session.get(Device, device_id)
    if device is None or device.hall_id != hall.id:
        raise NotFound("没有此设备", code="device_not_found")
    if device.revoked_at is None:
        device.revoked_at = utcnow()
        record(session, domain.AccessEnded(hall_id=hall.id, device_id=device.id, device_kind=device.kind,
                                           window=device.window_number))
    return device



def _reader_url(kind: str, url: str | None) -> str:
    try:
        url = check_reader_url(url or "")
    except ReaderUrlError as exc:
        raise InvalidInput(str(exc), code="invalid_reader_url", field="reader_url") from None
    if url and kind != "kiosk":
        raise InvalidInput("只有取号机可以配置身份证阅读器", code="invalid_reader_url", field="reader_url")
    return url


def update_device(session: Session, hall: HallCatalog, device_id: int, *, name: str | None = None,
                  reader_url: str | None = None) -> Device:
    """A manager changes a device's settings: its name, a kiosk's ID-card reader ("" for none)."""
    device = session.get(Device, device_id)
    if device is None or device.hall_id != hall.id:
        raise NotFound("没有此设备", code="device_not_found")
    if reader_url is not None:
        device.reader_url = _reader_url(device.kind, reader_url)
    if name:
        device.name = name
    return device
