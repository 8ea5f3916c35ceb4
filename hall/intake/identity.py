"""Citizen ID numbers and phone numbers: checked, masked for display, hashed to find a
person again. Pure functions."""
from __future__ import annotations

import hashlib
import hmac

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def valid_id_number(value: str) -> bool:
    """A citizen ID number (GB 11643-1999): 17 digits and a check character."""
    if len(value) != 18 or not value[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == value[17].upper()


def mask_id(value: str) -> str:
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    return value[:3] + "****" + value[-4:] if len(value) >= 7 else "****"


def id_hash(secret: str, value: str) -> str:
    """A keyed hash: the same person can be found again, the number cannot be read back."""
    return hmac.new(secret.encode(), value.upper().encode(), hashlib.sha256).hexdigest()


def phone_hash(secret: str, phone: str) -> str:
    """A phone number's keyed hash (its digits only), to count one phone's bookings; "" for none."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    return id_hash(secret, "phone:" + digits) if digits else ""
