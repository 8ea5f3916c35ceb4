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
from hall.cases.models import Accountability
from hall.catalog.models import Hall, Window
from hall.clock import local_date, local_iso, utcnow
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


def _get(session: Session, hall: Hall, rectification_id: int) -> Rectification:
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


def view(session: Session, hall: Hall, item: Rectification) -> dict:
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


def sweep(session: Session, hall: Hall, cal, as_of: datetime, default_level: int | None) -> dict:
    """Lights and one accountability record per overdue step; default ratings once the
    rating period has passed (when the hall configures one)."""
    today = local_date(as_of, hall.timezone)
    summary = {"rectification_overdue": 0, "default_ratings": 0}
    have = set(session.scalars(select(Accountability.dedup_key).where(
        Accountability.hall_id == hall.id, Accountability.kind == "rectification_overdue")))
    for item in session.scalars(select(Rectification).where(
            Rectification.hall_id == hall.id, Rectification.status.in_(("verifying", "rectifying", "calling_back")))):
        due = item.verify_due if item.status == "verifying" else item.rectify_due
        item.light = cal.light(today, local_date(item.created_at, hall.timezone), due)
        key = f"rectification_overdue:{item.id}:{item.status}"
        if item.light == "red" and key not in have:
            # verifying and rectifying are the hall's managers' duty: the record names no window
            # staff member, so it does not count against the rated person's stars
            session.add(Accountability(hall_id=hall.id, kind="rectification_overdue", staff_id=None,
                                       created_at=as_of, dedup_key=key,
                                       detail=f"差评整改“{STATUS_NAMES[item.status]}”超过期限{due.isoformat()}"))
            summary["rectification_overdue"] += 1
    if default_level:
        for req in session.scalars(select(RatingRequest).where(
                RatingRequest.hall_id == hall.id, RatingRequest.level.is_(None), RatingRequest.expires_at < as_of,
                ~select(Rating.id).where(Rating.request_id == RatingRequest.id).exists())):
            session.add(Rating(request_id=req.id, level=default_level, channel="default", rated_at=as_of))
            req.level, req.channel = default_level, "default"
            summary["default_ratings"] += 1
    return summary


def published(session: Session, hall: Hall, since: datetime) -> list[dict]:
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
