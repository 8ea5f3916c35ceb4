"""The catalog as the API shows it (rows and snapshots → JSON)."""
from __future__ import annotations

from hall.catalog.cache import HallCatalog


def hall(hall: HallCatalog) -> dict:
    """``GET /hall``: who the hall is and how to reach it."""
    return {"code": hall.code, "name": hall.name, "timezone": hall.timezone,
            "address": hall.address, "phone": hall.phone, "notices": hall.notices}


def hall_ref(hall: HallCatalog) -> dict:
    """The hall a device or record belongs to, in short."""
    return {"code": hall.code, "name": hall.name}
