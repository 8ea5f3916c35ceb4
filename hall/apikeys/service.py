"""Making, listing and revoking API keys, and finding the key a request carries.

Every change made through the API is a staff write and so lands in the audit log
(``hall.audit``); a key made with the CLI names no staff member (``created_by`` None)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hall.apikeys import rules
from hall.apikeys.models import ApiKey
from hall.clock import local_iso, utcnow
from hall.errors import Forbidden, NotFound, Unauthorized

TOUCH_EVERY = timedelta(minutes=1)   # last_used_at is written at most this often per key


class InvalidApiKey(Unauthorized):
    code = "invalid_api_key"
    message = "接口密钥无效"


class RevokedApiKey(Unauthorized):
    code = "api_key_revoked"
    message = "接口密钥已被吊销"


class MissingScope(Forbidden):
    code = "missing_scope"
    message = "接口密钥没有此项权限"


def create(session: Session, hall_id: int, name, scopes, *, staff_id: int | None = None,
           now: datetime | None = None) -> tuple[ApiKey, str]:
    """(row, key): the key is returned here once and never again."""
    key, prefix = rules.new_key()
    row = ApiKey(hall_id=hall_id, name=rules.check_name(name), prefix=prefix, key_hash=rules.key_hash(key),
                 scopes=rules.check_scopes(scopes), created_at=now or utcnow(), created_by=staff_id)
    session.add(row)
    session.flush()
    return row, key


def listing(session: Session, hall) -> list[dict]:
    rows = session.scalars(select(ApiKey).where(ApiKey.hall_id == hall.id).order_by(ApiKey.id.desc()))
    return [view(hall, r) for r in rows]


def view(hall, row: ApiKey) -> dict:
    """A key as lists show it: never the key, never its hash."""
    return {"id": row.id, "name": row.name, "prefix": row.prefix, "scopes": row.scopes,
            "scope_names": [rules.SCOPES.get(s, s) for s in row.scopes],
            "created_at": local_iso(row.created_at, hall.timezone),
            "last_used_at": local_iso(row.last_used_at, hall.timezone),
            "revoked_at": local_iso(row.revoked_at, hall.timezone), "revoked": row.revoked_at is not None}


def revoke(session: Session, hall, key_id: int, staff_id: int, now: datetime | None = None) -> ApiKey:
    row = session.get(ApiKey, key_id)
    if row is None or row.hall_id != hall.id:
        raise NotFound("没有此接口密钥", code="api_key_not_found")
    if row.revoked_at is None:   # revoking twice is harmless: the first moment stands
        row.revoked_at, row.revoked_by = now or utcnow(), staff_id
        session.flush()
    return row


def key_for(session: Session, key: str, scope: str | tuple[str, ...], now: datetime | None = None) -> ApiKey:
    """The live key ``key`` is, if it has ``scope`` (one of them, for a tuple): 401 for an
    unknown or revoked key, 403 without the scope. ``last_used_at`` is written (committed at once) at most every minute."""
    prefix = rules.prefix_of(key)
    row = session.scalar(select(ApiKey).where(ApiKey.prefix == prefix)) if prefix else None
    if row is None or not rules.matches(key, row.key_hash):
        raise InvalidApiKey()
    if row.revoked_at is not None:
        raise RevokedApiKey()
    wanted = (scope,) if isinstance(scope, str) else scope
    if not set(wanted) & set(row.scopes):
        names = "或".join(f"“{rules.SCOPES.get(s, s)}”（{s}）" for s in wanted)
        raise MissingScope(f"接口密钥没有{names}权限", scope=wanted[0])
    now = now or utcnow()
    seen = row.last_used_at
    if seen is not None and seen.tzinfo is None:   # a driver that dropped the zone stored UTC
        seen = seen.replace(tzinfo=timezone.utc)
    if seen is None or now - seen >= TOUCH_EVERY:
        session.execute(update(ApiKey).where(ApiKey.id == row.id).values(last_used_at=now))
        session.commit()
    return row
