"""API keys, pure: how a key looks, what is kept of it, which scopes exist.

A key is ``hk_`` + 8 hex characters (its public prefix, which finds its row and names it in
lists) + ``_`` + 43 characters of ``secrets.token_urlsafe(32)`` (256 random bits). Only the
key's SHA-256 is stored: with that much entropy a fast hash cannot be searched backwards,
and it is compared with ``hmac.compare_digest``."""
from __future__ import annotations

import hashlib
import hmac
import secrets

from hall.errors import InvalidInput

PREFIX = "hk_"
SCOPES = {"applications:write": "提交网上申请（一网通办）", "applications:read": "查询网上申请"}
MAX_NAME = 100


def new_key() -> tuple[str, str]:
    """(key, prefix): the key, shown once, and its public part."""
    prefix = PREFIX + secrets.token_hex(4)
    return f"{prefix}_{secrets.token_urlsafe(32)}", prefix


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def prefix_of(key: str) -> str | None:
    """The public part of something offered as a key, or None when it cannot be one."""
    if not key.startswith(PREFIX) or len(key) > 100:
        return None
    prefix, sep, rest = key.partition("_")[2].partition("_")
    if not sep or len(prefix) != 8 or not rest or any(c not in "0123456789abcdef" for c in prefix):
        return None
    return PREFIX + prefix


def matches(key: str, stored_hash: str) -> bool:
    return hmac.compare_digest(key_hash(key), stored_hash)


def check_scopes(scopes) -> list[str]:
    """The scopes a new key is given: a non-empty list of known names, each once."""
    if not isinstance(scopes, list) or not scopes or not all(isinstance(s, str) for s in scopes):
        raise InvalidInput("scopes 须为非空的权限名称列表（如 applications:write）", code="invalid_field",
                           field="scopes")
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown:
        raise InvalidInput(f"未知的接口权限：{'、'.join(unknown)}（可用：{'、'.join(SCOPES)}）",
                           code="unknown_scope", unknown=unknown, known=list(SCOPES))
    return list(dict.fromkeys(scopes))


def check_name(name) -> str:
    if not isinstance(name, str) or not 1 <= len(name.strip()) <= MAX_NAME:
        raise InvalidInput(f"密钥名称须为1—{MAX_NAME}个字符（如：省一网通办平台）", code="invalid_field", field="name")
    return name.strip()
