"""The audit log's one hot statement: writing an entry (on every staff write)."""
from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.orm import Session

from hall.audit.models import AuditEntry
from hall.db.prepared import Prepared

_INSERT = Prepared(insert(AuditEntry.__table__))


def insert_entry(session: Session, entry: dict) -> None:
    """Write one line (``at, staff_id, username, role, method, path, status, remote_addr``)."""
    _INSERT.run(session, entry)
