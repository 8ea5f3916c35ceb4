"""The statement every staff request runs: who a bearer token's login session belongs to."""
from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from hall.auth.models import AuthSession, Staff
from hall.catalog.models import Hall
from hall.db.prepared import Prepared


class SignedInStaff(NamedTuple):
    """A staff member's row (the ``staff`` columns) with their login session's state and the
    version of their hall's catalog (``hall.catalog.service.current_hall`` uses it)."""
    id: int
    hall_id: int
    username: str
    name: str
    staff_no: str
    role: str
    department_id: int | None
    home_window: int | None
    photo_url: str
    password_hash: str
    failed_logins: int
    locked_until: datetime | None
    active: bool
    must_change_password: bool
    session_staff_id: int
    session_expires_at: datetime
    session_revoked_at: datetime | None
    hall_catalog_version: int


_S, _A = Staff.__table__, AuthSession.__table__
_STAFF_FOR_SESSION = Prepared(select(*_S.c, _A.c.staff_id.label("session_staff_id"),
                                     _A.c.expires_at.label("session_expires_at"),
                                     _A.c.revoked_at.label("session_revoked_at"),
                                     Hall.catalog_version.label("hall_catalog_version"))
                              .join(_S, _S.c.id == _A.c.staff_id).join(Hall, Hall.id == _S.c.hall_id)
                              .where(_A.c.id == bindparam("sid")), row=SignedInStaff)


def staff_for_session(session: Session, session_id: int) -> SignedInStaff | None:
    """The staff member of a login session, one query; None for an unknown session."""
    return _STAFF_FOR_SESSION.first(session, {"sid": session_id})
