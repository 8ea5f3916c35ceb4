"""Write and read the audit log. The database refuses UPDATE and DELETE on it (triggers in
the migration), so an entry, once written, stays as it was."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from hall.audit import statements
from hall.audit.models import AuditEntry
from hall.auth.models import Staff
from hall.clock import local_iso, utcnow
from hall.errors import REFUSAL_STATUS

UNCHANGING = ("GET", "HEAD", "OPTIONS")
LINE = "hall_audit_line"   # session.info: the staff request whose commits are logged


@dataclass
class RequestLine:
    """A staff member's write request, as the audit log records it; kept on its session."""
    staff: object
    method: str
    path: str
    remote_addr: str
    pending: bool = False   # its entry is in the transaction being committed
    written: bool = False


def start_line(session: Session, staff, method: str, path: str, remote_addr: str | None) -> None:
    """Log the commits of ``session`` as this staff request (writes only; once per session)."""
    if method not in UNCHANGING and LINE not in session.info:
        session.info[LINE] = RequestLine(staff, method, path[:300], (remote_addr or "")[:64])


def _entry(line: RequestLine, status: int) -> dict:
    staff = line.staff
    return {"at": utcnow(), "staff_id": staff.id, "username": staff.username, "role": staff.role,
            "method": line.method, "path": line.path, "status": status, "remote_addr": line.remote_addr}


def _before_commit(session: Session) -> None:
    """A staff write is logged in its own transaction: an action never stands without its line.
    Its status is the one the view declared (``refuse_after_commit``), else 200."""
    line = session.info.get(LINE)
    if line is not None and not line.written and not line.pending:
        line.pending = True
        statements.insert_entry(session, _entry(line, session.info.get(REFUSAL_STATUS, 200)))


def _after_commit(session: Session) -> None:
    line = session.info.get(LINE)
    if line is not None and line.pending:
        line.pending, line.written = False, True


def _after_rollback(session: Session) -> None:
    line = session.info.get(LINE)
    if line is not None:
        line.pending = False


def attach(factory) -> None:
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_commit", _after_commit)
    event.listen(factory, "after_soft_rollback", lambda session, _tx: _after_rollback(session))


def unlogged(session: Session) -> bool:
    """A staff write whose session committed nothing (refused, failed): not logged yet."""
    line = session.info.get(LINE)
    return line is not None and not line.written


def log_answer(session: Session, status: int) -> None:
    """Log an unlogged staff write on its own, with the status it was answered with:
    whatever it left half-done is rolled back first."""
    session.rollback()
    session.info[REFUSAL_STATUS] = status
    session.commit()     # _before_commit writes the line


def recent(session: Session, hall, limit: int = 200) -> list[dict]:
    """The newest entries of the hall's own staff."""
    entries = session.scalars(select(AuditEntry).join(Staff, Staff.id == AuditEntry.staff_id)
                              .where(Staff.hall_id == hall.id).order_by(AuditEntry.id.desc()).limit(limit))
    return [{"at": local_iso(e.at, hall.timezone), "username": e.username, "role": e.role, "method": e.method,
             "path": e.path, "status": e.status, "remote_addr": e.remote_addr} for e in entries]
