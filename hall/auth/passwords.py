"""What a password must be (pure): 8 characters or more, not the username; and the
temporary one an admin hands out on a reset."""
from __future__ import annotations

import secrets

from hall.errors import InvalidInput

MIN_LENGTH = 8
# no 0/O, 1/l/I: read off a screen and typed at a window
_TEMPORARY_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def check_new_password(password: str, username: str) -> None:
    if len(password) < MIN_LENGTH:
        raise InvalidInput(f"新密码至少{MIN_LENGTH}个字符", code="password_too_short", field="new_password")
    if password.strip().lower() == username.strip().lower():
        raise InvalidInput("新密码不能与用户名相同", code="password_is_username", field="new_password")


def temporary_password(length: int = 12) -> str:
    return "".join(secrets.choice(_TEMPORARY_ALPHABET) for _ in range(length))
