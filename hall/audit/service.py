"""Write and read the audit log. The database refuses UPDATE and DELETE on it (triggers in
the migration), so an entry, once written, stays as it was."""
from __future__ import annotations

from flask import current_app, g, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.audit.models import AuditEntry
from hall.clock import local_iso, utcnow

UNCHANGING = ("GET", "HEAD", "OPTIONS")


def record_request(response):
    """After every request: a staff member's successful or refused write is logged."""
    staff = g.get("staff")
    if staff is None or request.method in UNCHANGING:
        return response
    # The request's own session: views commit before answering, so a rollback here only drops
    # what a failed request left half-done, and no second connection waits on SQLite's lock.
    session = g.get("db_session") or current_app.extensions["hall_db"]()
    try:
        session.rollback()
        session.add(AuditEntry(at=utcnow(), staff_id=staff.id, username=staff.username, role=staff.role,
                               method=request.method, path=request.path[:300], status=response.status_code,
                               remote_addr=(request.remote_addr or "")[:64]))
        session.commit()
    except Exception:  # the action is done; a lost audit line is logged, never turned into an error
        current_app.logger.exception("audit entry not written for %s %s", request.method, request.path)
        session.rollback()
    finally:
        if "db_session" not in g:
            session.close()
    return response


def recent(session: Session, tz: str, limit: int = 200) -> list[dict]:
    return [{"at": local_iso(e.at, tz), "username": e.username, "role": e.role, "method": e.method,
             "path": e.path, "status": e.status, "remote_addr": e.remote_addr}
            for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))]
