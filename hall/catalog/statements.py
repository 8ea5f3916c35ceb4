"""The catalog's statements on the hot path: which hall a request is for and the version of
its catalog (every request), and who is at each window (the public window list)."""
from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from hall.auth.models import Staff
from hall.catalog.models import Hall, Window
from hall.db.prepared import Prepared
from hall.queueing.models import Ticket


class HallVersion(NamedTuple):
    """A hall and the version of its catalog (``hall.catalog.cache``)."""
    id: int
    catalog_version: int


class WindowOccupancy(NamedTuple):
    """A window's live state as the public sees it: who is there, what they serve."""
    number: int
    status: str
    staff_name: str | None      # None: nobody signed in
    staff_no: str | None
    photo_url: str | None
    ticket_number: str | None   # the ticket at the window, if any


_HALL = (Hall.id, Hall.catalog_version)
_FIRST_HALL = Prepared(select(*_HALL).order_by(Hall.id).limit(1), row=HallVersion)
_HALL_BY_CODE = Prepared(select(*_HALL).where(Hall.code == bindparam("code")), row=HallVersion)
_ALL_HALLS = Prepared(select(*_HALL).order_by(Hall.id), row=HallVersion)
_VERSION = Prepared(select(Hall.catalog_version).where(Hall.id == bindparam("hall_id")))

_CURRENT = Ticket.__table__
_OCCUPANCY = Prepared(select(Window.number, Window.status, Staff.name.label("staff_name"), Staff.staff_no,
                             Staff.photo_url, _CURRENT.c.number.label("ticket_number"))
                      .outerjoin(Staff, Staff.id == Window.staff_id)
                      .outerjoin(_CURRENT, _CURRENT.c.id == Window.current_ticket_id)
                      .where(Window.hall_id == bindparam("hall_id")).order_by(Window.number), row=WindowOccupancy)


def first_hall(session: Session) -> HallVersion | None:
    return _FIRST_HALL.first(session)


def hall_by_code(session: Session, code: str) -> HallVersion | None:
    return _HALL_BY_CODE.first(session, {"code": code})


def all_halls(session: Session) -> list[HallVersion]:
    return _ALL_HALLS.rows(session)


def catalog_version(session: Session, hall_id: int) -> int | None:
    """The version of a hall's catalog now (None: no such hall)."""
    return _VERSION.scalar(session, {"hall_id": hall_id})


def window_occupancy(session: Session, hall_id: int) -> list[WindowOccupancy]:
    """Every window of the hall, in number order."""
    return _OCCUPANCY.rows(session, {"hall_id": hall_id})
