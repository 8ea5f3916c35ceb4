"""One instance secret, a separate key for each purpose (HKDF, RFC 5869).

The instance secret once both signed staff tokens and keyed the hashes of ID numbers: with
it, a masked ID (8 of 18 characters shown) and its hash gave back the full number in
seconds, and anyone able to mint tokens could also do that. Each purpose now gets its own
key derived from the secret, so a key that leaks for one purpose says nothing of another.
The secret itself stays in the instance folder (file mode 0600) and travels with backups:
without it no stored ID hash can be matched again.
"""
from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SALT = b"hall/keys/v1"


def derive(secret: str, purpose: str, length: int = 32) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=SALT,
                info=purpose.encode()).derive(secret.encode())


@dataclass(frozen=True)
class Keys:
    """The keys of one deployment, each for one purpose only."""
    tokens: str          # signs staff and device tokens
    identities: str      # keys the hashes of ID and document numbers

    @classmethod
    def from_secret(cls, secret: str) -> "Keys":
        return cls(**{name: derive(secret, name).hex() for name in ("tokens", "identities")})
