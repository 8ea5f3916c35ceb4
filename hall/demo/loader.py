"""Loads the demo hall (``hall.demo.data``, modelled on seed 004's centre) into an empty database."""
from __future__ import annotations

from sqlalchemy import func, null, select
from sqlalchemy.orm import Session

from hall.auth.models import Staff
from hall.auth.service import hash_password
from hall.catalog.models import Department, Hall, Item, Material, Queue, Window, WindowQueue


def pinyin_initials(text: str) -> str:
    """营业执照 → yyzz: what a kiosk user types to search. pypinyin's dictionaries take
    some 55 MB, so they load only while a catalog is being loaded."""
    from pypinyin import Style, lazy_pinyin

    return "".join(p[0] for p in lazy_pinyin(text, style=Style.FIRST_LETTER) if p and p[0].isalnum()).lower()


def is_empty(session: Session) -> bool:
    return (session.scalar(select(func.count()).select_from(Hall)) or 0) == 0


def load_demo(session: Session, password: str = "demo") -> list[Hall]:
    """The district centre of seed 004 and the township centre under it (``hall.demo.town``):
    two halls in one deployment."""
    from hall.demo import data, town

    return [load_hall(session, password, module) for module in (data, town)]


def _or_null(value):
    return null() if value is None else value


def load_hall(session: Session, password: str, data) -> Hall:
    """One hall from a module holding HALL, NOTICES, DEPARTMENTS, QUEUES, ITEMS, WINDOWS, STAFF."""
    d = data.HALL
    hall = Hall(code=d["code"], name=d["name"], timezone=d.get("timezone", "Asia/Shanghai"),
                address=d.get("address", ""), phone=d.get("phone", ""), notices=list(data.NOTICES),
                # null(): a plain None would be replaced by the column's default (09:00)
                opens_at=_or_null(d.get("opens_at", "09:00")), closes_at=_or_null(d.get("closes_at", "17:00")),
                ticket_cutoff_minutes=d.get("ticket_cutoff_minutes", 0), open_on=d.get("open_on", "working_days"))
    session.add(hall)
    session.flush()
    departments = {}
    for row in data.DEPARTMENTS:
        dept = Department(hall_id=hall.id, code=row["code"], name=row["name"],
                          short_name=row.get("short_name", ""))
        session.add(dept)
        departments[row["code"]] = dept
    queues = {}
    for row in data.QUEUES:
        queue = Queue(hall_id=hall.id, code=row["code"], prefix=row["prefix"], name=row["name"],
                      opens_at=row.get("opens_at", "08:30"), closes_at=row.get("closes_at", "17:30"),
                      daily_cap=row.get("daily_cap", 999),
                      default_service_minutes=row.get("default_service_minutes", 6))
        session.add(queue)
        queues[row["code"]] = queue
    session.flush()
    for row in data.ITEMS:
        item = Item(hall_id=hall.id, code=row["code"], name=row["name"],
                    department_id=departments[row["department"]].id, queue_id=queues[row["queue"]].id,
                    category=row.get("category", ""), kind=row["kind"], legal_days=row["legal_days"],
                    promised_days=row["promised_days"], fee=row.get("fee", "免费"),
                    fee_basis=row.get("fee_basis", ""), basis=row.get("basis", ""),
                    conditions=row.get("conditions", ""), steps=list(row.get("steps", [])),
                    deemed_approval=row.get("deemed_approval", False), joint=row.get("joint"),
                    pinyin_initials=pinyin_initials(row["name"]))
        session.add(item)
        session.flush()
        for position, m in enumerate(row["materials"]):
            session.add(Material(item_id=item.id, code=m["code"], name=m["name"], form=m.get("form", "原件"),
                                 copies=m.get("copies", 1), required=m.get("required", True),
                                 sample=m.get("sample", ""), guidance=m.get("guidance", ""),
                                 position=position))
    for row in data.WINDOWS:
        window = Window(hall_id=hall.id, number=row["number"], name=row["name"],
                        department_id=departments[row["department"]].id if row.get("department") else None)
        session.add(window)
        session.flush()
        for position, code in enumerate(row["queues"]):
            session.add(WindowQueue(window_id=window.id, queue_id=queues[code].id, position=position))
    for row in data.STAFF:   # each account's hash has its own salt
        hashed = hash_password(password)
        session.add(Staff(hall_id=hall.id, username=row["username"], name=row["name"],
                          staff_no=row["staff_no"], role=row["role"],
                          department_id=departments[row["department"]].id if row.get("department") else None,
                          home_window=row.get("window"), password_hash=hashed))
    session.flush()
    _announcements(session, hall, getattr(data, "ANNOUNCEMENTS", ()))
    return hall


def _announcements(session: Session, hall: Hall, rows) -> None:
    """Published the way a hall publishes: the manager drafts, the director approves."""
    from datetime import timedelta

    from hall.clock import local_date, utcnow
    from hall.disclosure.models import Announcement

    if not rows:
        return
    staff = {s.username: s.id for s in session.scalars(select(Staff).where(Staff.hall_id == hall.id))}
    now = utcnow()
    today = local_date(now, hall.timezone)
    for title, body, category, first, days in rows:
        starts = today + timedelta(days=first)
        title, body = (text(starts) if callable(text) else text for text in (title, body))
        session.add(Announcement(hall_id=hall.id, title=title, body=body, category=category, starts_on=starts,
                                 ends_on=starts + timedelta(days=days - 1), status="approved",
                                 author_id=staff["manager"], created_at=now - timedelta(days=max(1, -first + 1)),
                                 reviewer_id=staff["director"], reviewed_at=now - timedelta(days=max(0, -first))))
    session.flush()
