"""Assistance requests and powers of attorney as the API answers them."""
from __future__ import annotations

from hall.assist import rules
from hall.assist.models import AssistRequest, PowerOfAttorney
from hall.clock import local_iso


def helper_card(staff) -> dict | None:
    return {"name": staff.name, "staff_no": staff.staff_no} if staff is not None else None


def kiosk_card(device) -> dict | None:
    return {"id": device.id, "name": device.name or f"取号机{device.id}"} if device is not None else None


def request_json(hall, row: AssistRequest, *, kiosk=None, helper=None, requested_by=None) -> dict:
    tz = hall.timezone
    return {"id": row.id, "status": row.status, "status_name": rules.STATUS_NAMES.get(row.status, row.status),
            "reason": row.reason, "kiosk": kiosk_card(kiosk),
            "requested_by": helper_card(requested_by), "helper": helper_card(helper),
            "requested_at": local_iso(row.requested_at, tz), "accepted_at": local_iso(row.accepted_at, tz),
            "arrived_at": local_iso(row.arrived_at, tz),
            "seconds_to_accept": rules.seconds_between(row.requested_at, row.accepted_at),
            "seconds_to_arrive": rules.seconds_between(row.accepted_at, row.arrived_at)}


def requested_event(hall, row: AssistRequest, kiosk) -> dict:
    """What the helpers' room hears of a new request (CONTRACT: id, kiosk, reason, requested_at)."""
    return {"id": row.id, "kiosk": kiosk_card(kiosk), "reason": row.reason,
            "requested_at": local_iso(row.requested_at, hall.timezone)}


def attorney_json(hall, row: PowerOfAttorney, helper) -> dict:
    return {"id": row.id, "helper": helper_card(helper),
            "principal": {"name": row.principal_name, "id_number": row.principal_id_masked},
            "items": [{"code": code, "name": hall.items[code].name if code in hall.items else code}
                      for code in row.items],
            "valid_until": row.valid_until.isoformat(), "note": row.note,
            "created_at": local_iso(row.created_at, hall.timezone)}
