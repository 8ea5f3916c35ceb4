"""Ratings' records as the API shows them."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.auth.models import Staff
from hall.catalog.cache import HallCatalog
from hall.catalog.models import Window
from hall.clock import local_iso
from hall.ratings.rectification import STATUS_NAMES
from hall.ratings.models import Rating, Rectification


def rectification(session: Session, hall: HallCatalog, item: Rectification) -> dict:
    window = session.get(Window, item.window_id) if item.window_id else None
    staff = session.get(Staff, item.staff_id) if item.staff_id else None
    rating = session.scalar(select(Rating).where(Rating.request_id == item.request_id))
    return {"id": item.id, "status": item.status, "status_name": STATUS_NAMES[item.status], "level": item.level,
            "reasons": rating.reasons if rating else [], "comment": rating.comment if rating else "",
            "window": window.number if window else None,
            "staff": {"name": staff.name, "staff_no": staff.staff_no} if staff else None,
            "verify_due": item.verify_due.isoformat(), "rectify_due": item.rectify_due.isoformat(),
            "finding": item.finding, "justified": item.justified, "measures": item.measures,
            "callback_result": item.callback_result, "appeal_reason": item.appeal_reason,
            "appeal_decision": item.appeal_decision, "light": item.light,
            "created_at": local_iso(item.created_at, hall.timezone)}
