"""Printing a ticket on the kiosk's printer; a failure leaves the ticket valid."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from hall.catalog.cache import HallCatalog
from hall.devices.models import Device
from hall.events import domain
from hall.events.bus import record
from hall.queueing.schemas import ticket_view
from printers.ticket import TicketPrint


def ticket_print(session: Session, hall: HallCatalog, ticket, base_url: str) -> TicketPrint:
    view = ticket_view(session, hall, ticket, base_url)
    return TicketPrint(hall_name=hall.name, queue_name=view["queue_name"], number=view["number"],
                       waiting_ahead=view["waiting_ahead"],
                       estimated_wait_minutes=view["estimated_wait_minutes"],
                       issued_at=datetime.fromisoformat(view["issued_at"]), track_url=view["track_url"],
                       green_channel=view["green_channel"])


def print_at_kiosk(session: Session, hall: HallCatalog, device: Device, ticket, base_url: str,
                   printer_policy) -> str | None:
    """Print; on a fault remember it on the device and tell managers and the windows. The
    stored spec is checked against ``printer_policy`` again (the settings may have narrowed)."""
    if not device.printer:
        fault = "本机未配置打印机"
    else:
        from printers.devices import try_print  # python-escpos loads only where a kiosk prints
        fault = try_print(device.printer, ticket_print(session, hall, ticket, base_url), printer_policy)
    device.printer_fault = fault or ""
    if fault:
        rooms = ("manager",) + tuple(f"window:{n}" for n in hall.windows_serving(ticket.queue_id))
        record(session, domain.Alert(hall_id=hall.id, rooms=rooms, payload={
            "kind": "printer_fault", "device": device.name or f"取号机{device.id}",
            "ticket": ticket.number, "message": f"取号机打印故障：{fault}"}))
    return fault
