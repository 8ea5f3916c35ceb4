"""Loads the demo hall (``hall.demo.data``, modelled on seed 004's centre) into an empty database."""
from __future__ import annotations

from sqlalchemy import func, null, select
from sqlalchemy.orm import Session

from hall.auth.models import Staff
from hall.auth.service import hash_password
from hall.catalog.models import Department, Hall


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
    load_catalog(session, hall, data)
    departments = {d.code: d for d in session.scalars(select(Department).where(Department.hall_id == hall.id))}
    for row in data.STAFF:   # each account's hash has its own salt
        hashed = hash_password(password)
        session.add(Staff(hall_id=hall.id, username=row["username"], name=row["name"],
                          staff_no=row["staff_no"], role=row["role"],
                          department_id=departments[row["department"]].id if row.get("department") else None,
                          home_window=row.get("window"), password_hash=hashed))
    session.flush()
    _announcements(session, hall, getattr(data, "ANNOUNCEMENTS", ()))
    return hall


def catalog_rows(data) -> dict[str, list[tuple[int, dict]]]:
    """A demo module's catalog as the importer's rows ({sheet: [(row, body)]}), numbered as
    they would be in a workbook (row 1 holds the headings)."""
    def numbered(rows):
        return list(enumerate(rows, start=2))

    items, materials = [], []
    for row in data.ITEMS:
        items.append({k: v for k, v in row.items() if k != "materials"})
        materials += [{**m, "item": row["code"], "form": m.get("form", "原件")} for m in row["materials"]]
    return {"部门": numbered(dict(d) for d in data.DEPARTMENTS), "队列": numbered(dict(q) for q in data.QUEUES),
            "窗口": numbered(dict(w) for w in data.WINDOWS), "事项": numbered(items), "材料": numbered(materials)}


def load_catalog(session: Session, hall: Hall, data) -> None:
    """The hall's departments, queues, windows and items, through the workbook importer, so
    that every demo start runs it; a row it refuses is a fault in the demo data."""
    from hall.catalog import workbook
    from hall.catalog.cache import build

    answer = workbook.apply_rows(session, build(session, hall.id), catalog_rows(data))
    if answer["errors"]:
        raise ValueError(f"the demo catalog of {hall.code} does not import: {answer['errors'][:5]}")


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
