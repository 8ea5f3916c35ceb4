"""差评 handling: verify (1 working day), rectify (15 working days), call back (100 %),
appeals that remove a malicious or mistaken rating only with a manager's approval.

Removing a rating clears ``RatingRequest.level`` (the level that counts in the monthly
report); the Rating row itself stays, so the record of what the citizen said is kept.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.auth.models import Staff
from hall.calendar.service import hall_calendar
from hall.catalog.cache import HallCatalog
from hall.catalog.models import Hall, Window
from hall.clock import local_date, utcnow
from hall.errors import Conflict, Forbidden, NotFound
from hall.events import domain
from hall.events.bus import record
from hall.ratings.models import Rating, RatingRequest, Rectification

VERIFY_DAYS, RECTIFY_DAYS = 1, 15
NEXT = {"verifying": "rectifying", "rectifying": "calling_back", "calling_back": "closed"}
STATUS_NAMES = {"verifying": "待核实", "rectifying": "整改中", "calling_back": "待回访", "closed": "已办结",
                "appealing": "申诉复核中", "removed": "申诉成立，已撤销"}


def open_for(session: Session, hall: Hall, req: RatingRequest, level: int, now: datetime) -> Rectification:
    cal = hall_calendar(session)
    day = local_date(now, hall.timezone)
    item = Rectification(hall_id=hall.id, request_id=req.id, window_id=req.window_id, staff_id=req.staff_id,
                         level=level, verify_due=cal.add_working_days(day, VERIFY_DAYS),
                         rectify_due=cal.add_working_days(day, RECTIFY_DAYS), created_at=now)
    session.add(item)
    rooms = ("manager",)
    if req.window_id:
        window = session.get(Window, req.window_id)
        rooms += (f"window:{window.number}",)
    record(session, domain.Alert(hall_id=hall.id, rooms=rooms, payload={"kind": "bad_rating", "message": "收到差评，请在1个工作日内核实"}))
    return item


def _get(session: Session, hall: HallCatalog, rectification_id: int) -> Rectification:
    item = session.get(Rectification, rectification_id)
    if item is None or item.hall_id != hall.id:
        raise NotFound("没有此差评整改记录", code="rectification_not_found")
    return item


def _advance(item: Rectification, expected: str) -> None:
    if item.status != expected:
        raise Conflict(f"当前状态为“{STATUS_NAMES[item.status]}”，不能进行此步骤", code="invalid_rectification_state")
    item.status = NEXT[expected]


def verify(session, hall, rectification_id: int, staff: Staff, finding: str, justified: bool,
           now: datetime | None = None) -> Rectification:
    item = _get(session, hall, rectification_id)
    _advance(item, "verifying")
    item.finding, item.justified, item.verified_at = finding, justified, now or utcnow()
    return item


def rectify(session, hall, rectification_id: int, staff: Staff, measures: str, now=None) -> Rectification:
    item = _get(session, hall, rectification_id)
    _advance(item, "rectifying")
    item.measures, item.rectified_at = measures, now or utcnow()
    return item


def call_back(session, hall, rectification_id: int, staff: Staff, result: str, now=None) -> Rectification:
    item = _get(session, hall, rectification_id)
    _advance(item, "calling_back")
    item.callback_result, item.called_back_at = result, now or utcnow()
    if item.status == "closed":
        window = session.get(Window, item.window_id) if item.window_id else None
        record(session, domain.Published(hall_id=hall.id, name="rectification.closed", data=lambda: {
            "id": item.id, "level": item.level, "window": window.number if window else None,
            "finding": item.finding, "justified": item.justified, "callback_result": item.callback_result,
            "closed_at": item.called_back_at.isoformat().replace("+00:00", "Z")}, occurred_at=item.called_back_at))
    return item


def appeal(session, hall, rectification_id: int, staff: Staff, reason: str) -> Rectification:
    item = _get(session, hall, rectification_id)
    if staff.role not in ("manager", "admin") and staff.id != item.staff_id:
        raise Forbidden("只有被评价的工作人员或管理人员可以申诉", code="not_rated_staff")
    if item.status in ("closed", "appealing", "removed"):
        raise Conflict("当前状态不能申诉", code="invalid_rectification_state")
    item.appeal_from, item.status, item.appeal_reason = item.status, "appealing", reason
    return item


def decide_appeal(session, hall, rectification_id: int, staff: Staff, approve: bool, reason: str) -> Rectification:
    item = _get(session, hall, rectification_id)
    if item.status != "appealing":
        raise Conflict("没有待复核的申诉", code="invalid_rectification_state")
    item.appeal_decided_by, item.appeal_decision = staff.id, ("成立：" if approve else "不成立：") + reason
    if approve:
        item.status = "removed"
        session.get(RatingRequest, item.request_id).level = None   # no longer counts
    else:
        item.status = item.appeal_from
    return item


def published(session: Session, hall: HallCatalog, since: datetime) -> list[dict]:
    """差评 and how each was handled, for the public board: the window, what was wrong, what
    was done and the call-back; never the citizen, and appeals upheld drop out."""
    rows = session.execute(select(Rectification, Window.number, Rating.reasons, Rating.rated_at)
                           .outerjoin(Window, Window.id == Rectification.window_id)
                           .join(Rating, Rating.request_id == Rectification.request_id)
                           .where(Rectification.hall_id == hall.id, Rectification.created_at >= since,
                                  Rectification.status != "removed")
                           .order_by(Rectification.created_at.desc()).limit(100)).all()
    return [{"rated_on": local_date(rated_at, hall.timezone).isoformat(), "window": number, "level": item.level,
             "reasons": reasons, "status": item.status, "status_name": STATUS_NAMES[item.status],
             "finding": item.finding, "measures": item.measures, "callback_result": item.callback_result}
            for item, number, reasons, rated_at in rows]
