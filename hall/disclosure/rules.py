"""When an announcement is public, as a plain function of its status, period and the day."""
from __future__ import annotations

from datetime import date

from hall.errors import Forbidden, RuleBroken

STATUS_NAMES = {"pending": "待审核", "approved": "已审核发布", "rejected": "审核未通过", "withdrawn": "已撤回"}
CATEGORIES = {"notice": "通知公告", "publicity": "公示"}
MAX_PERIOD_DAYS = 366



def public_state(status: str, starts_on: date, ends_on: date, today: date) -> str | None:
    """``showing`` from its first to its last day (inclusive), ``scheduled`` before,
    ``archived`` after or once withdrawn; None while not approved (never public)."""
    if status == "withdrawn":
        return "archived"
    if status != "approved":
        return None
    if today < starts_on:
        return "scheduled"
    return "showing" if today <= ends_on else "archived"


def check_period(starts_on: date, ends_on: date, today: date) -> None:
    if ends_on < starts_on:
        raise RuleBroken("公示结束日期不能早于开始日期", "invalid_period")
    if ends_on < today:
        raise RuleBroken("公示期已过，不能再发布", "invalid_period")
    if (ends_on - starts_on).days >= MAX_PERIOD_DAYS:
        raise RuleBroken("公示期不得超过一年", "invalid_period")


def check_review(status: str, author_id: int, reviewer_id: int) -> None:
    """审核 before 公开: a second person approves; only a pending announcement is reviewed."""
    if status != "pending":
        raise RuleBroken(f"{STATUS_NAMES[status]}的公告不能再审核", "invalid_announcement_state", state=True)
    if author_id == reviewer_id:
        raise Forbidden("不能审核自己起草的公告，须由另一名负责人审核", code="review_own")
