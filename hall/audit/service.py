"""Write and read the audit log. The database refuses UPDATE and DELETE on it (triggers in
the migration), so an entry, once written, stays as it was."""
from __future__ import annotations

from flask import current_app, g, has_request_context, request
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from hall.audit import statements
from hall.audit.models import AuditEntry
from hall.clock import local_iso, utcnow

UNCHANGING = ("GET", "HEAD", "OPTIONS")


def _entry(status: int) -> dict:
    staff = g.staff
    return {"at": utcnow(), "staff_id": staff.id, "username": staff.username, "role": staff.role,
            "method": request.method, "path": request.path[:300], "status": status,
            "remote_addr": (request.remote_addr or "")[:64]}


def _auditable() -> bool:
    return has_request_context() and g.get("staff") is not None and request.method not in UNCHANGING


def _before_commit(session: Session) -> None:
    """A staff write is logged in its own transaction: an action never stands without its line.
    Its status is the one the view declared (``refuse_after_commit``), else 200."""
    if _auditable() and not g.get("audit_written") and not g.get("audit_pending"):
        g.audit_pending = True
        statements.insert_entry(session, _entry(g.get("audit_status", 200)))


def _after_commit(_session: Session) -> None:
    if has_request_context() and g.get("audit_pending"):
        g.audit_pending, g.audit_written = False, True


def _after_rollback(_session: Session) -> None:
    if has_request_context():
        g.audit_pending = False


def attach(factory) -> None:
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_commit", _after_commit)
    event.listen(factory, "after_soft_rollback", lambda session, _tx: _after_rollback(session))


def record_request(response):
    """After every request: a staff write that committed nothing (refused, failed) is logged
    here, on its own, with the status it got."""
    if not _auditable() or g.get("audit_written"):
        return response
    session = g.get("db_session") or current_app.extensions["hall_db"]()
    try:
        session.rollback()   # whatever a failed request left half-done
        g.audit_status = response.status_code
        session.commit()     # _before_commit writes the line
    except Exception:  # the request is answered; a lost audit line is logged, never turned into an error
        current_app.logger.exception("audit entry not written for %s %s", request.method, request.path)
        session.rollback()
    finally:
        if "db_session" not in g:
            session.close()
    return response


def recent(session: Session, hall, limit: int = 200) -> list[dict]:
    """The newest entries of the hall's own staff."""
    from hall.auth.models import Staff

    entries = session.scalars(select(AuditEntry).join(Staff, Staff.id == AuditEntry.staff_id)
                              .where(Staff.hall_id == hall.id).order_by(AuditEntry.id.desc()).limit(limit))
    return [{"at": local_iso(e.at, hall.timezone), "username": e.username, "role": e.role, "method": e.method,
             "path": e.path, "status": e.status, "remote_addr": e.remote_addr} for e in entries]
