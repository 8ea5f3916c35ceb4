"""挂牌服务 photos: a staff member's picture on the window screen and the lobby board.

Only JPEG and PNG, told by their first bytes (not by a name or a header a client chose), at
most 2 MB; stored under the instance folder by content, so a new photo gets a new address
and no screen shows a cached old one."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.auth.accounts import account
from hall.catalog.models import Window
from hall.errors import InvalidInput, RuleError
from hall.events import domain
from hall.events.bus import record

MAX_BYTES = 2 * 1024 * 1024
URL_PREFIX = "/api/v1/staff-photos/"
NAME = re.compile(r"^\d+-[0-9a-f]{16}\.(jpg|png)$")


class PhotoTooLarge(RuleError):
    status = 413
    code = "body_too_large"
    message = "照片不能超过2MB"


def image_kind(data: bytes) -> str:
    """"jpg" or "png" by the file's signature; anything else is refused."""
    if data[:3] == b"\xff\xd8\xff":
        return "jpg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    raise InvalidInput("照片须为JPEG或PNG图片", code="invalid_image", field="photo")


def set_photo(session: Session, hall, username: str, data: bytes, folder: Path) -> str:
    if len(data) > MAX_BYTES:
        raise PhotoTooLarge()
    if not data:
        raise InvalidInput("请上传照片", code="missing_field", field="photo")
    kind = image_kind(data)
    staff = account(session, hall, username)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{staff.id}-{hashlib.sha256(data).hexdigest()[:16]}.{kind}"
    (folder / name).write_bytes(data)
    staff.photo_url = URL_PREFIX + name
    session.flush()
    for number in session.scalars(select(Window.number).where(Window.staff_id == staff.id)):
        record(session, domain.WindowChanged(hall_id=hall.id, number=number))   # its screen and the board
    return staff.photo_url


def stored(folder: Path, name: str) -> Path | None:
    """The stored file of a photo address's name, or None (never a path outside the folder)."""
    path = folder / name
    return path if NAME.match(name) and path.is_file() else None
