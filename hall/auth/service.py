"""Login, signed expiring bearer tokens naming a revocable session, lock-out."""
from __future__ import annotations

import logging
from datetime import timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from hall.auth import passwords, statements
from hall.audit.service import start_line
from hall.auth.models import AuthSession, LoginLock, Staff
from hall.clock import utcnow
from hall.errors import REFUSAL_STATUS, Forbidden, InvalidInput, Unauthorized
from hall.events import domain
from hall.events.bus import record

log = logging.getLogger(__name__)

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
MAX_VERIFIED_TOKENS = 4096
_SALT = "hall-auth-v1"


class AccountLocked(Forbidden):
    status = 403
    code = "account_locked"
    message = "密码错误次数过多，本机已暂停登录此账号，请15分钟后再试"


PASSWORD_METHOD = "scrypt:32768:8:1"   # werkzeug's scrypt; a random salt of its own for every hash
_NOBODY = generate_password_hash("no account has this password", method=PASSWORD_METHOD)


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=PASSWORD_METHOD)


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


def login(session: Session, username: str, password: str, *, secret: str, ttl: int,
          address: str | None = None) -> tuple[str, Staff]:
    """Unknown names and wrong passwords answer alike, in as long, and count alike towards
    the lock of this address (``LoginLock``); a wrong password is audited on its account."""
    now = utcnow()
    address = (address or "")[:64]
    staff = session.scalar(select(Staff).where(Staff.username == username))
    lock = session.get(LoginLock, (username[:60], address))
    if lock is not None and lock.locked_until and lock.locked_until > now:
        check_password_hash(_NOBODY, password)
        raise AccountLocked()
    known = staff is not None and staff.active
    if not check_password_hash(staff.password_hash if known else _NOBODY, password) or not known:
        _failed(session, lock, username, address, now)
        if known:
            start_line(session, staff, "POST", "/api/v1/auth/login", address)
            session.info[REFUSAL_STATUS] = 401
        log.warning("failed login for %r from %s", username[:60], address or "?")
        session.commit()  # the failure count (and its audit line) must survive the error response
        raise Unauthorized("用户名或密码错误", code="invalid_credentials")
    if lock is not None:
        session.delete(lock)
    auth = AuthSession(staff_id=staff.id, created_at=now, expires_at=now + timedelta(seconds=ttl))
    session.add(auth)
    session.flush()
    token = _serializer(secret).dumps({"sid": auth.id, "uid": staff.id})
    return token, staff


_A = AuthSession.__table__


def _token_payload(token: str, secret: str, ttl: int, verified: dict | None) -> dict:
    """The signed payload of a token. ``verified`` remembers tokens whose signature was
    checked (a console sends the same token all day); their expiry and revocation are
    checked against the login session on every request all the same."""
    data = verified.get(token) if verified is not None else None
    if data is not None:
        return data
    try:
        data = _serializer(secret).loads(token, max_age=ttl)
    except SignatureExpired:
        raise Unauthorized("登录已过期，请重新登录", code="token_expired")
    except BadSignature:
        raise Unauthorized("登录凭证无效", code="invalid_token")
    if not isinstance(data, dict) or not isinstance(data.get("sid"), int):
        raise Unauthorized("登录凭证无效", code="invalid_token")
    if verified is not None:
        if len(verified) >= MAX_VERIFIED_TOKENS:
            verified.clear()
        verified[token] = data
    return data


def staff_for_token(session: Session, token: str, *, secret: str, ttl: int,
                    verified: dict | None = None) -> tuple[statements.SignedInStaff, int]:
    """(the staff row, the login session's id) for a bearer token, or Unauthorized."""
    data = _token_payload(token, secret, ttl, verified)
    staff = statements.staff_for_session(session, data["sid"])
    if staff is None or staff.session_staff_id != data.get("uid") or staff.session_revoked_at is not None \
            or staff.session_expires_at < utcnow():
        raise Unauthorized("登录已失效，请重新登录", code="token_revoked")
    if not staff.active:
        raise Unauthorized("账号已停用", code="account_disabled")
    return staff, data["sid"]


def _failed(session: Session, lock: LoginLock | None, username: str, address: str, now) -> None:
    if lock is None:
        lock = LoginLock(username=username[:60], address=address)
        session.add(lock)
    lock.failures = (lock.failures or 0) + 1
    if lock.failures >= MAX_FAILED_LOGINS:
        lock.locked_until, lock.failures = now + LOCKOUT, 0


def change_password(session: Session, staff_id: int, session_id: int, old_password: str, new_password: str) -> None:
    """The staff member's own change: the old password proves it is them; their other login
    sessions end (whoever else knew the old password is signed out)."""
    staff = session.get(Staff, staff_id)
    if not check_password_hash(staff.password_hash, old_password):
        raise Forbidden("原密码不正确", code="wrong_password", field="old_password")
    passwords.check_new_password(new_password, staff.username)
    if check_password_hash(staff.password_hash, new_password):
        raise InvalidInput("新密码不能与原密码相同", code="password_unchanged", field="new_password")
    staff.password_hash = hash_password(new_password)
    staff.must_change_password = False
    end_sessions(session, staff.hall_id, _A.c.staff_id == staff_id, _A.c.id != session_id)


def reset_password(session: Session, staff: Staff) -> str:
    """An admin's reset: a temporary password (shown once), changed at the next login; every
    login session of the account ends and a lock-out is lifted."""
    temporary = passwords.temporary_password()
    staff.password_hash = hash_password(temporary)
    staff.must_change_password = True
    session.execute(delete(LoginLock).where(LoginLock.username == staff.username))
    end_sessions(session, staff.hall_id, _A.c.staff_id == staff.id)
    return temporary


def create_admin(session: Session, hall_id: int, username: str, password: str, name: str) -> Staff:
    """The deployment's first (or another) admin account, from the command line."""
    if session.scalar(select(Staff).where(Staff.username == username)) is not None:
        raise InvalidInput("该用户名已存在", code="duplicate_username", field="username")
    passwords.check_new_password(password, username)
    staff = Staff(hall_id=hall_id, username=username, name=name, staff_no=username, role="admin",
                  password_hash=hash_password(password))
    session.add(staff)
    session.flush()
    return staff


def end_sessions(session: Session, hall_id: int, *where) -> None:
    """Revoke the open login sessions ``where`` names (of one staff member of ``hall_id``):
    their tokens are refused from now on, and their open sockets are disconnected once this
    commits (``AccessEnded``, ``hall.live.rooms``)."""
    ids = tuple(session.connection().scalars(select(_A.c.id).where(*where, _A.c.revoked_at.is_(None))))
    if not ids:
        return
    session.connection().execute(update(_A).where(_A.c.id.in_(ids)).values(revoked_at=utcnow()))
    record(session, domain.AccessEnded(hall_id=hall_id, sessions=ids))


def logout(session: Session, session_id: int, hall_id: int) -> None:
    end_sessions(session, hall_id, _A.c.id == session_id)


def hall_staff(session: Session, hall, *, staff_no: str | None = None, username: str | None = None) -> Staff | None:
    """An active staff member of the hall a request's body names by staff number (or, for an
    owner, by username); nothing named: None; someone unknown: 400 ``unknown_staff``."""
    if not staff_no and not username:
        return None
    column, value = (Staff.staff_no, staff_no) if staff_no else (Staff.username, username)
    staff = session.scalar(select(Staff).where(Staff.hall_id == hall.id, column == value, Staff.active))
    if staff is None:
        raise InvalidInput("本中心没有该工作人员", code="unknown_staff", field="staff_no" if staff_no else "owner")
    return staff
