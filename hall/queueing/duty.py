"""Who answers for a window at a moment: the staff member signed in there, else the one whose
home window it is (an empty window still has someone responsible for it)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hall.auth.models import Staff
from hall.catalog.models import Window
from hall.queueing.models import WindowSession


def on_duty(session: Session, window: Window, at: datetime) -> Staff | None:
    staff_id = session.scalar(select(WindowSession.staff_id).where(
        WindowSession.window_id == window.id, WindowSession.signed_in_at <= at,
        or_(WindowSession.signed_out_at.is_(None), WindowSession.signed_out_at > at))
        .order_by(WindowSession.signed_in_at.desc()).limit(1))
    if staff_id is not None:
        return session.get(Staff, staff_id)
    return session.scalar(select(Staff).where(Staff.hall_id == window.hall_id, Staff.home_window == window.number,
                                              Staff.role == "staff", Staff.active).limit(1))
