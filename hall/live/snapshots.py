"""Full ``state`` snapshots, one per kind of room, sent on ``join`` so a screen that
reconnects is never stale. (A window's is its console, ``hall.queueing.console``.)"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.assessments.published import published as published_assessments
from hall.assist import service as assist
from hall.auth.models import Staff
from hall.catalog import service as catalog
from hall.catalog.cache import HallCatalog
from hall.catalog.models import Department
from hall.catalog.schemas import staff_card
from hall.clock import local_iso, utcnow
from hall.errors import NotFound
from hall.queueing import schemas as queueing_schemas, service as queueing
from hall.queueing.console import window_state
from hall.ratings.monthly import star_windows
from hall.ratings.service import pending_for_window
from hall.reviews.service import tasks_for_department


def display_state(session: Session, hall: HallCatalog) -> dict:
    return {
        "room": "display",
        "hall": {"name": hall.name, "code": hall.code},
        "now": local_iso(utcnow(), hall.timezone),
        "queues": queueing.list_queues(session, hall),
        "windows": catalog.list_windows(session, hall),
        "recent_calls": queueing.recent_calls(session, hall),
        "notices": hall.notices,
        "star_windows": star_windows(session, hall),
        "assessments": published_assessments(session, hall),   # 月度自评, 季度互评, 年度总评 as published
    }


def rating_pad_state(session: Session, hall: HallCatalog, number: int) -> dict:
    window = catalog.window_by_number(session, hall, number)
    staff = session.get(Staff, window.staff_id) if window.staff_id else None
    return {
        "room": f"rating_pad:{number}",
        "hall": {"name": hall.name},
        "window": catalog.window_view(session, hall, number),
        "staff": staff_card(staff) if staff else None,
        "pending_rating_token": pending_for_window(session, window),
    }


def ticket_state(session: Session, hall: HallCatalog, token: str) -> dict:
    ticket = queueing.ticket_by_token(session, token)
    return {"room": f"ticket:{token}", "ticket": queueing_schemas.ticket_view(session, hall, ticket)}


def manager_state(session: Session, hall: HallCatalog) -> dict:
    """What a manager's screen starts from: live queues and windows."""
    return {"room": "manager", "hall": {"name": hall.name, "code": hall.code},
            "now": local_iso(utcnow(), hall.timezone),
            "queues": queueing.list_queues(session, hall), "windows": catalog.list_windows(session, hall)}


def reviewer_state(session: Session, hall: HallCatalog, dept_code: str) -> dict:
    department = session.scalar(select(Department).where(Department.hall_id == hall.id, Department.code == dept_code))
    if department is None:
        raise NotFound("没有此部门", code="department_not_found")
    return {"room": f"reviewer:{dept_code}", "hall": {"name": hall.name},
            "department": {"code": department.code, "name": department.name},
            "cases": tasks_for_department(session, hall, department)}


def kiosk_state(session: Session, hall: HallCatalog, device) -> dict:
    """A kiosk's own: its call for a helper still open, if any."""
    return {"room": "kiosk", "assist": assist.kiosk_open_request(session, hall, device)}


def state_for_room(session: Session, hall: HallCatalog, room: str, device=None) -> dict:
    kind, _, arg = room.partition(":")
    if room == "kiosk":
        return kiosk_state(session, hall, device)
    if room == "helpers":
        return assist.helpers_state(session, hall)
    if room == "display":
        return display_state(session, hall)
    if room == "manager":
        return manager_state(session, hall)
    if kind == "reviewer":
        return reviewer_state(session, hall, arg)
    if kind == "window":
        return window_state(session, hall, int(arg))
    if kind == "rating_pad":
        return rating_pad_state(session, hall, int(arg))
    if kind == "ticket":
        return ticket_state(session, hall, arg)
    raise ValueError(room)
