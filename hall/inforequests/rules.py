"""依申请公开 time limits (政府信息公开条例 art. 33): reply within 20 working days of receipt;
with the approval of the disclosure office's head, and notice to the applicant before the
limit runs out, once more by at most 20 working days."""
from __future__ import annotations

from datetime import date

from hall.errors import RuleBroken

STATUTORY_DAYS = 20
MAX_EXTENSION_DAYS = 20
REPLY_TYPES = {"disclose": "予以公开", "partial": "部分公开", "withhold": "不予公开"}
NEEDS_BASIS = ("partial", "withhold")
STATUS_NAMES = {"registered": "已登记", "extended": "已延期", "replied": "已答复"}
OPEN = ("registered", "extended")



def check_extension(status: str, already: int, days: int, today: date, deadline: date) -> None:
    if status not in OPEN:
        raise RuleBroken("已答复的申请不能延期", "invalid_request_state", state=True)
    if already:
        raise RuleBroken("答复期限只能延长一次", "extension_used", state=True)
    if days <= 0 or days > MAX_EXTENSION_DAYS:
        raise RuleBroken(f"延长的期限最长不得超过{MAX_EXTENSION_DAYS}个工作日", "extension_over_limit")
    if today > deadline:
        raise RuleBroken("答复期限已过，不能再延期", "extension_too_late", state=True)


def check_reply(status: str, reply_type: str, basis: str) -> None:
    if status not in OPEN:
        raise RuleBroken("该申请已答复", "already_replied", state=True)
    if reply_type not in REPLY_TYPES:
        raise RuleBroken("答复类型须为 disclose（予以公开）、partial（部分公开）或 withhold（不予公开）",
                                   "invalid_reply_type")
    if reply_type in NEEDS_BASIS and not basis.strip():
        raise RuleBroken("部分公开或不予公开须写明法律依据和理由", "basis_required")


def number(hall_prefix: str, day: date, seq: int) -> str:
    return f"{hall_prefix}YSQ{day:%Y%m%d}{seq:04d}"
