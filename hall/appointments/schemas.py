"""Appointments as the citizen sees them."""
from __future__ import annotations

from hall.appointments.models import Appointment
from hall.catalog.models import Item


def view(appointment: Appointment, item: Item) -> dict:
    return {"appointment_code": appointment.code, "item_code": item.code, "item_name": item.name,
            "date": appointment.day.isoformat(), "start": appointment.start, "end": appointment.end,
            "status": appointment.status, "applicant": {"name": appointment.applicant_name,
                                                        "id_number": appointment.id_masked,
                                                        "kind": appointment.applicant_kind}}
