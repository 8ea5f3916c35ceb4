"""One rating per service: a request is made when a service finishes; its token rates once."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hall.catalog.models import Hall, Item, Window
from hall.clock import utcnow
from hall.errors import Conflict, Forbidden, InvalidInput, NotFound
from hall.events import domain
from hall.events.bus import record
from hall.ratings.models import Rating, RatingRequest
from hall.ratings.rectification import open_for

LEVELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
BAD_LEVELS = (1, 2)
RATING_PERIOD = timedelta(days=7)
BAD_REASONS = ("态度不好", "办事效率低", "业务不熟练", "一次性告知不清楚", "等候时间过长", "其他")


def request_rating(session: Session, finished: domain.ServiceFinished) -> str:
    """A service finished: the citizen may rate it, at the window's pad now or from the
    ticket's page for ``RATING_PERIOD``. Runs in the finishing transaction (see
    ``hall.ratings.handlers``); the pad hears of it after the commit. Returns the token."""
    item = session.get(Item, finished.item_id) if finished.item_id else None
    req = RatingRequest(hall_id=finished.hall_id, token=secrets.token_urlsafe(16), ticket_id=finished.ticket_id,
                        item_id=item.id if item else None,
                        department_id=item.department_id if item else finished.window_department_id,
                        window_id=finished.window_id, staff_id=finished.staff_id, created_at=finished.at,
                        expires_at=finished.at + RATING_PERIOD)
    session.add(req)
    record(session, domain.RatingRequested(hall_id=finished.hall_id, window=finished.window_number,
                                           rating_token=req.token, staff=finished.staff))
    return req.token


def submit_rating(session: Session, token: str, level, reasons=None, comment=None,
                  channel: str = "pad", now: datetime | None = None, pad=None) -> Rating:
    """``pad``: the rating pad (a registered device) that sends it, which rates its own
    window's services only; None from the phone."""
    now = now or utcnow()
    if isinstance(level, bool) or not isinstance(level, int) or level not in LEVELS:
        raise InvalidInput("评价等级须为1到5的整数（5非常满意，1非常不满意）", code="invalid_level")
    reasons = reasons or []
    if not isinstance(reasons, list) or not all(isinstance(r, str) and len(r) <= 100 for r in reasons):
        raise InvalidInput("评价原因格式有误", code="invalid_reasons")
    if comment is not None and (not isinstance(comment, str) or len(comment) > 500):
        raise InvalidInput("评价内容不能超过500字", code="invalid_comment")
    req = session.scalar(select(RatingRequest).where(RatingRequest.token == token))
    if req is None:
        raise NotFound("评价码无效", code="rating_token_not_found")
    if pad is not None and (pad.hall_id != req.hall_id or session.get(Window, req.window_id).number != pad.window_number):
        raise Forbidden("此评价器不属于办理该业务的窗口", code="wrong_rating_pad")
    if session.scalar(select(Rating.id).where(Rating.request_id == req.id)):
        raise Conflict("此次服务已评价，一次服务只能评价一次", code="already_rated")
    if now > req.expires_at:
        raise Forbidden("已超过评价期限", code="rating_expired")
    rating = Rating(request_id=req.id, level=level, reasons=reasons, comment=comment or "",
                    channel=channel, rated_at=now)
    session.add(rating)
    req.level, req.channel = level, channel
    try:
        session.flush()
    except IntegrityError:  # a concurrent submission of the same token won
        session.rollback()
        raise Conflict("此次服务已评价，一次服务只能评价一次", code="already_rated")
    if level in BAD_LEVELS:
        open_for(session, session.get(Hall, req.hall_id), req, level, now)
    record(session, domain.Published(hall_id=req.hall_id, name="rating.created",
                                     data=lambda: rating_data(session, req, rating), occurred_at=now))
    return rating


def rating_data(session: Session, req: RatingRequest, rating: Rating) -> dict:
    """What the 好差评 platform asks of each rating: the case of that service (办件编号, where
    there was one), the item, department, window and staff member, channel, level, reasons."""
    from hall.auth.models import Staff
    from hall.cases.models import Case
    from hall.catalog.models import Department

    case = None
    if req.ticket_id is not None:
        query = select(Case).where(Case.ticket_id == req.ticket_id)
        query = query.order_by((Case.item_id != req.item_id), Case.id) if req.item_id else query.order_by(Case.id)
        case = session.scalar(query.limit(1))
    case_no = case.case_no if case else None
    item_id = req.item_id or (case.item_id if case else None)      # a ticket taken for a queue: the case's item
    department_id = (case.department_id if case and not req.item_id else None) or req.department_id
    item = session.get(Item, item_id) if item_id else None
    department = session.get(Department, department_id) if department_id else None
    window = session.get(Window, req.window_id) if req.window_id else None
    staff = session.get(Staff, req.staff_id) if req.staff_id else None
    return {"case_no": case_no, "item_code": item.code if item else None,
            "item_name": item.name if item else None,
            "department": department.code if department else None,
            "department_name": department.name if department else None,
            "window": window.number if window else None, "staff_no": staff.staff_no if staff else None,
            "channel": rating.channel, "level": rating.level, "level_name": LEVELS[rating.level],
            "reasons": list(rating.reasons or []), "rated_at": rating.rated_at.isoformat().replace("+00:00", "Z")}


def pending_for_window(session: Session, window: Window, now: datetime | None = None) -> str | None:
    """The newest unrated request of a window from the last 10 minutes, for a pad that reconnects."""
    now = now or utcnow()
    req = session.scalar(select(RatingRequest).where(RatingRequest.window_id == window.id,
                                                     RatingRequest.created_at > now - timedelta(minutes=10))
                         .order_by(RatingRequest.id.desc()).limit(1))
    if req is None or session.scalar(select(Rating.id).where(Rating.request_id == req.id)):
        return None
    return req.token


def void_sent_to_pad(session: Session, ended: domain.AccessEnded) -> None:
    """A rating pad was revoked (lost, stolen): the rating tokens it was sent are void. Every
    unrated, unexpired request of its window gets a new token; the citizen's ticket page
    reads the new one, whoever holds the pad has only old ones."""
    if ended.device_kind != "rating_pad" or ended.window is None:
        return
    window = session.scalar(select(Window.id).where(Window.hall_id == ended.hall_id, Window.number == ended.window))
    if window is None:
        return
    rated = select(Rating.request_id)
    for req in session.scalars(select(RatingRequest).where(RatingRequest.window_id == window,
                                                           RatingRequest.expires_at > utcnow(),
                                                           RatingRequest.id.not_in(rated))):
        req.token = secrets.token_urlsafe(16)
