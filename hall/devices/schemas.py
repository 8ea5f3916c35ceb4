"""Registered devices as the API shows them."""
from __future__ import annotations

from hall.clock import local_iso
from hall.devices.models import KIND_NAMES, Device


def device(device: Device, tz: str) -> dict:
    return {"id": device.id, "kind": device.kind, "kind_name": KIND_NAMES[device.kind], "window": device.window_number,
            "name": device.name, "printer": device.printer, "reader_url": device.reader_url or None, "printer_fault": device.printer_fault or None,
            "created_at": local_iso(device.created_at, tz), "revoked_at": local_iso(device.revoked_at, tz)}
