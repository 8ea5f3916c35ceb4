"""Login, signed expiring bearer tokens naming a revocable session, lock-out."""
from __future__ import annotations

from datetime import timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from hall.auth.models import AuthSession, Staff
from hall.clock import utcnow
from hall.errors import DomainError, Unauthorized

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
_SALT = "hall-auth-v1"


class AccountLocked(DomainError):
    status = 403
    code = "account_locked"
    message = "密码错误次数过多，账号已临时锁定，请15分钟后再试"


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="pbkdf2:sha256:60000")


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


def login(session: Session, username: str, password: str, *, secret: str, ttl: int) -> tuple[str, Staff]:
    now = utcnow()
    staff = session.scalar(select(Staff).where(Staff.username == username))
    if staff is None or not staff.active:
        raise Unauthorized("用户名或密码错误", code="invalid_credentials")
    if staff.locked_until and staff.locked_until > now:
        raise AccountLocked()
    if not check_password_hash(staff.password_hash, password):
        staff.failed_logins += 1
        if staff.failed_logins >= MAX_FAILED_LOGINS:
            staff.locked_until = now + LOCKOUT
            staff.failed_logins = 0
        session.commit()  # the failure count must survive the error response
        raise Unauthorized("用户名或密码错误", code="invalid_credentials")
    staff.failed_logins = 0
    staff.locked_until = None
    auth = AuthSession(staff_id=staff.id, created_at=now, expires_at=now + timedelta(seconds=ttl))
    session.add(auth)
    session.flush()
    token = _serializer(secret).dumps({"sid": auth.id, "uid": staff.id})
    return token, staff


def staff_for_token(session: Session, token: str, *, secret: str, ttl: int) -> tuple[Staff, AuthSession]:
    try:
        data = _serializer(secret).loads(token, max_age=ttl)
    except SignatureExpired:
        raise Unauthorized("登录已过期，请重新登录", code="token_expired")
    except BadSignature:
        raise Unauthorized("登录凭证无效", code="invalid_token")
    auth = session.get(AuthSession, data.get("sid"))
    if auth is None or auth.staff_id != data.get("uid") or auth.revoked_at is not None \
            or auth.expires_at < utcnow():
        raise Unauthorized("登录已失效，请重新登录", code="token_revoked")
    staff = session.get(Staff, auth.staff_id)
    if staff is None or not staff.active:
        raise Unauthorized("账号已停用", code="account_disabled")
    return staff, auth


def logout(session: Session, auth: AuthSession) -> None:
    auth.revoked_at = utcnow()
