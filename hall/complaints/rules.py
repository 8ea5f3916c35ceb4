"""Complaint rules: kinds with their numbering and handling limits, findings that count
against a window, the citizen's satisfaction with the reply."""
from __future__ import annotations

from datetime import date

from hall.errors import RuleBroken

# kind → (number prefix, name, working days to reply)
KINDS = {"complaint": ("TS", "投诉", 5), "suggestion": ("JY", "建议", 10),
         "mailbox": ("XX", "局长信箱", 10), "question": ("ZX", "在线问答", 2)}
FINDINGS = {"justified": "属实", "partly": "部分属实", "unjustified": "不属实"}
COUNTED_FINDINGS = ("justified", "partly")    # these count against the window and staff member
SATISFACTION = {3: "满意", 2: "基本满意", 1: "不满意"}
STATUS_NAMES = {"received": "已受理", "assigned": "办理中", "replied": "已答复", "rated": "已评价"}
OPEN = ("received", "assigned")



def check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise RuleBroken("类型须为 complaint（投诉）、suggestion（建议）、mailbox（局长信箱）或 question（在线问答）",
                                 "invalid_kind")


def limit_days(kind: str) -> int:
    return KINDS[kind][2]


def number(hall_prefix: str, kind: str, day: date, seq: int) -> str:
    return f"{hall_prefix}{KINDS[kind][0]}{day:%Y%m%d}{seq:04d}"


def check_reply(status: str, kind: str, finding: str | None) -> None:
    """A reply closes an open item once; a complaint's reply says whether it was founded."""
    if status not in OPEN:
        raise RuleBroken("该事项已答复，不能重复答复", "already_replied", state=True)
    if kind == "complaint" and finding not in FINDINGS:
        raise RuleBroken("答复投诉须给出核查结论：justified（属实）、partly（部分属实）或 unjustified（不属实）",
                                 "finding_required")
    if kind != "complaint" and finding is not None:
        raise RuleBroken("只有投诉需要核查结论", "invalid_finding")


def check_satisfaction(status: str, level) -> None:
    if status == "rated":
        raise RuleBroken("已评价过，不能重复评价", "already_rated", state=True)
    if status != "replied":
        raise RuleBroken("答复后才能评价", "not_replied", state=True)
    if level not in SATISFACTION:
        raise RuleBroken("满意度须为 3（满意）、2（基本满意）或 1（不满意）", "invalid_level")
