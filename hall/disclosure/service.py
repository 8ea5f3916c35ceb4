"""Announcements through their review, and what the public board shows."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hall.auth.models import Staff
from hall.catalog.schemas import staff_card
from hall.catalog.service import list_items, list_windows
from hall.clock import local_date, utcnow
from hall.disclosure import rules, schemas
from hall.disclosure.models import Announcement
from hall.errors import Conflict, InvalidInput, NotFound
from hall.ratings import monthly, rectification, stars


def today_in(hall) -> date:
    return local_date(utcnow(), hall.timezone)


def draft(session: Session, hall, author: Staff, *, title: str, body: str, category: str, starts_on: date,
          ends_on: date) -> Announcement:
    if category not in rules.CATEGORIES:
        raise InvalidInput("类别须为 notice（通知公告）或 publicity（公示）", code="invalid_category", field="category")
    rules.check_period(starts_on, ends_on, today_in(hall))
    item = Announcement(hall_id=hall.id, title=title, body=body, category=category, starts_on=starts_on,
                        ends_on=ends_on, author_id=author.id, created_at=utcnow())
    session.add(item)
    session.flush()
    return item


def _get(session: Session, hall, announcement_id: int) -> Announcement:
    item = session.scalar(select(Announcement).where(Announcement.id == announcement_id,
                                                     Announcement.hall_id == hall.id).with_for_update())
    if item is None:
        raise NotFound("没有这条公告", code="announcement_not_found")
    return item


def review(session: Session, hall, announcement_id: int, reviewer: Staff, approve: bool, note: str) -> Announcement:
    item = _get(session, hall, announcement_id)
    rules.check_review(item.status, item.author_id, reviewer.id)
    if approve:
        rules.check_period(item.starts_on, item.ends_on, today_in(hall))
    item.status = "approved" if approve else "rejected"
    item.reviewer_id, item.reviewed_at, item.review_note = reviewer.id, utcnow(), note
    return item


def withdraw(session: Session, hall, announcement_id: int, staff: Staff) -> Announcement:
    """Ends a publication early; the record stays, archived with who withdrew it and when."""
    item = _get(session, hall, announcement_id)
    if item.status != "approved" or rules.public_state(item.status, item.starts_on, item.ends_on,
                                                       today_in(hall)) == "archived":
        raise Conflict("只能撤回正在公示或待公示的公告", code="invalid_announcement_state")
    item.status, item.withdrawn_by, item.withdrawn_at = "withdrawn", staff.id, utcnow()
    return item


def public(session: Session, hall, which: str = "showing") -> list[dict]:
    """``showing``: within their period today; ``archived``: past or withdrawn, with their dates."""
    today = today_in(hall)
    query = select(Announcement).where(Announcement.hall_id == hall.id)
    if which == "showing":
        query = query.where(Announcement.status == "approved", Announcement.starts_on <= today,
                            Announcement.ends_on >= today).order_by(Announcement.starts_on.desc())
    else:
        query = query.where(or_(Announcement.status == "withdrawn",
                                (Announcement.status == "approved") & (Announcement.ends_on < today))) \
            .order_by(Announcement.ends_on.desc()).limit(200)
    return views(session, hall, session.scalars(query).all(), public=True)


def listing(session: Session, hall) -> list[dict]:
    items = session.scalars(select(Announcement).where(Announcement.hall_id == hall.id)
                            .order_by(Announcement.id.desc()).limit(500)).all()
    return views(session, hall, items)


def view(session: Session, hall, item: Announcement) -> dict:
    return views(session, hall, [item])[0]


def views(session: Session, hall, items: list[Announcement], *, public: bool = False) -> list[dict]:
    """Announcements as the public (or, with ``public`` false, the managers) see them; the
    names of who wrote, approved and withdrew them are read once for all."""
    today = today_in(hall)
    ids = {i for item in items for i in (item.author_id, item.reviewer_id, item.withdrawn_by) if i}
    names = dict(session.execute(select(Staff.id, Staff.name).where(Staff.id.in_(ids))).all()) if ids else {}
    return [schemas.announcement(hall, item, today, names, public) for item in items]


def board(session: Session, hall) -> dict:
    """Everything the public disclosure board shows, in one answer for its screens."""
    today = today_in(hall)
    month = f"{today:%Y-%m}"
    last = monthly.last_closed_month(session, hall)
    since = utcnow() - timedelta(days=90)
    hall_figures, window_figures = monthly.hall_and_window_indicators(session, hall, month)
    return {"hall": {"code": hall.code, "name": hall.name, "timezone": hall.timezone}, "today": today.isoformat(),
            "guides": list_items(session, hall), "windows": windows_with_staff(session, hall),
            "indicators": {"month": month, "hall": hall_figures, "windows": window_figures,
                           "targets": stars.against_targets(hall_figures)},
            "stars": {"month": last, "windows": monthly.results(session, hall, last, "window")[0] if last else [],
                      "staff": monthly.results(session, hall, last, "staff")[0] if last else []},
            "bad_ratings": rectification.published(session, hall, since),
            "announcements": public(session, hall, "showing")}


def windows_with_staff(session: Session, hall) -> list[dict]:
    """挂牌服务: each window with its current state and the cards (name, number, photo) of the
    staff who work there, whether signed in now or not."""
    cards: dict[int, list] = {}
    for staff in session.scalars(select(Staff).where(Staff.hall_id == hall.id, Staff.home_window.is_not(None),
                                                     Staff.active).order_by(Staff.staff_no)):
        cards.setdefault(staff.home_window, []).append(staff_card(staff))
    return [row | {"staff_cards": cards.get(row["number"], [])} for row in list_windows(session, hall)]
