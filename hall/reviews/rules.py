"""Pure joint-review rules: how department opinions combine into the case's outcome."""
from __future__ import annotations

from dataclasses import dataclass

from hall.errors import RuleBroken

OPINIONS = {"approve": "approved", "reject": "rejected", "site_inspection": "site_inspection"}
CLOSED = ("approved", "rejected", "deemed_approved")
STATUS_NAMES = {"pending": "待审查", "approved": "同意", "rejected": "不同意", "site_inspection": "现场勘查中",
                "deemed_approved": "超时默许"}


@dataclass(frozen=True)
class Opinion:
    department: str
    status: str
    reason: str = ""
    basis: str = ""


def outcome(opinions: list[Opinion]) -> tuple[str | None, str]:
    """(case status, reason) once every department has closed its task, else (None, "").
    Any rejection rejects the case with every rejecting department's reasons together;
    otherwise all approvals (deemed consent included) approve it."""
    if not opinions or any(o.status not in CLOSED for o in opinions):
        return None, ""
    rejected = [o for o in opinions if o.status == "rejected"]
    if rejected:
        return "rejected", "；".join(f"{o.department}：{o.reason}（依据：{o.basis}）" for o in rejected)
    deemed = [o.department for o in opinions if o.status == "deemed_approved"]
    return "approved", "各部门审查同意" + (f"（{'、'.join(deemed)}超时默许）" if deemed else "")


class OpinionRefused(RuleBroken, ValueError):
    """A department's opinion the rules refuse (a bad value, or the department's task is
    closed already); its text names its code as well."""

    def __str__(self) -> str:
        return f"{self.message} ({self.code})"


def check_opinion(current: str, opinion: str, reason: str, basis: str) -> str:
    if opinion not in OPINIONS:
        raise OpinionRefused("opinion 须为 approve、reject 或 site_inspection", "invalid_opinion")
    if current in CLOSED:
        raise OpinionRefused("本部门已作出审查意见", "review_closed", state=True)
    if opinion == "reject" and (not reason or not basis):
        raise OpinionRefused("不同意须说明理由和依据（reason、basis）", "basis_required")
    return OPINIONS[opinion]
