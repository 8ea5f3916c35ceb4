"""Pure case rules: the state machine, extension bounds, numbering. (ID checks and masking:
``hall.intake.identity``.)"""
from __future__ import annotations

from datetime import date

from hall.errors import RuleBroken
from hall.intake.numbering import hall_prefix

OPEN = ("accepted", "paused", "reviewing", "forwarded")
STATUS_NAMES = {"accepted": "已受理", "paused": "暂停计时", "reviewing": "审查中", "forwarded": "已上报上级审批",
                "approved": "已批准",
                "deemed_approved": "超时默认批准", "rejected": "不予许可", "completed": "已办结"}
KIND_NAMES = {"instant": "即办件", "committed": "承诺件", "joint": "联办件", "report": "上报件"}

TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "pause": (("accepted", "reviewing"), "paused"),
    "resume": (("paused",), "accepted"),
    "extend": (OPEN, None),               # keeps the status
    "approve": (("accepted", "reviewing"), "approved"),
    "reject": (("accepted", "reviewing"), "rejected"),
    "deem": (("accepted", "reviewing"), "deemed_approved"),
    "complete": (("approved", "deemed_approved", "rejected"), "completed"),
    # 上报件 (DOMAIN rule 9): forwarded to the higher level, which answers
    "forward": (("accepted",), "forwarded"),
    "higher_approve": (("forwarded",), "approved"),
    "higher_reject": (("forwarded",), "rejected"),
}
ACTION_NAMES = {"pause": "暂停计时", "resume": "恢复计时", "extend": "延期", "approve": "批准",
                "reject": "不予许可", "deem": "超时默认批准", "complete": "办结", "forward": "上报",
                "higher_approve": "登记上级批准", "higher_reject": "登记上级不予许可"}

# 行政许可法 art. 42 and 45: 20 working days + 10 with approval; joint handling 45 + 15.
MAX_EXTENSION = {"joint": 15}
DEFAULT_MAX_EXTENSION = 10
# 急事急办 (DOMAIN rule 10): a same-day or next-working-day limit. The case is due by the next
# working day after acceptance (or after it was marked urgent) at the latest.
URGENT_DAYS = 1
PAUSE_REASONS = ("现场勘查", "专家评审", "听证", "检验", "检测", "检疫", "鉴定", "招标", "拍卖")


class CaseRuleError(RuleBroken):
    """A case rule said no: 409 when the case's status forbids the step, 400 otherwise."""

    def __init__(self, message: str, code: str):
        super().__init__(message, code, state=code in STATE_CODES)


STATE_CODES = ("invalid_case_state", "urgent_not_for_joint", "already_urgent", "not_a_report_case",
               "decided_by_higher_level")   # 409, the rest 400


def next_status(status: str, action: str) -> str:
    allowed, target = TRANSITIONS[action]
    if status not in allowed:
        raise CaseRuleError(f"{STATUS_NAMES.get(status, status)}的办件不能{ACTION_NAMES[action]}", "invalid_case_state")
    return target or status


def check_extension(kind: str, already: int, more: int) -> None:
    limit = MAX_EXTENSION.get(kind, DEFAULT_MAX_EXTENSION)
    if more <= 0:
        raise CaseRuleError("延期天数必须为正整数", "invalid_extension")
    if already + more > limit:
        raise CaseRuleError(f"延期合计不得超过{limit}个工作日（已延期{already}个工作日）", "extension_over_limit")


def deadline_passed(deadline, today) -> bool:
    """Rule 16: an extension is approved before the deadline runs out (its last day included),
    never after: an overdue case stays red and its accountability record stands."""
    return today > deadline


def check_pause_reason(reason: str) -> None:
    """The clock stops only for the special procedures the law lists."""
    if not any(word in reason for word in PAUSE_REASONS):
        raise CaseRuleError("暂停计时仅限现场勘查、专家评审、听证、检验、检测、检疫、鉴定、招标、拍卖等特别程序",
                            "invalid_pause_reason")


def missing_materials(required: list[str], handed_in: list[str]) -> list[str]:
    given = set(handed_in)
    return [code for code in required if code not in given]


def case_number(hall_code: str, day: date, seq: int) -> str:
    return f"{hall_prefix(hall_code)}{day:%Y%m%d}{seq:04d}"


def notice_number(hall_code: str, day: date, seq: int) -> str:
    return f"{hall_prefix(hall_code)}GZ{day:%Y%m%d}{seq:04d}"


def urgent_promised_days(promised_days: int, used_days: int = 0) -> int:
    """The promised working days of a case marked urgent once ``used_days`` working days of
    its limit have gone: due at the latest ``URGENT_DAYS`` working days from now, never
    later than it already was (an instant item stays on the same day)."""
    return min(promised_days, used_days + URGENT_DAYS)


def check_urgent(kind: str, status: str, already: bool, reason: str | None) -> str:
    """A manager marks an open case urgent, with a reason (the text recorded)."""
    if status not in OPEN:
        raise CaseRuleError(f"{STATUS_NAMES.get(status, status)}的办件不能标记急事急办", "invalid_case_state")
    if kind == "joint":
        raise CaseRuleError("联办件的时限由各部门联审时限决定，不能标记急事急办", "urgent_not_for_joint")
    if already:
        raise CaseRuleError("此办件已标记急事急办", "already_urgent")
    text = (reason or "").strip()
    if not text:
        raise CaseRuleError("急事急办必须说明理由", "reason_required")
    return text


# 上报件: the higher level's own limit, in working days from acceptance (the statutory 20 + 10
# at most, as any permit)
MAX_HIGHER_LIMIT = 30


def check_forward(kind: str, status: str, to: str | None, limit_days) -> tuple[str, str, int]:
    """上报件 (DOMAIN rule 9): only a report item's case is forwarded, once, to a named higher
    level with that level's limit. (the status after, the level, the limit)."""
    if kind != "report":
        raise CaseRuleError("只有上报件可以上报上级审批", "not_a_report_case")
    target = next_status(status, "forward")
    name = (to or "").strip()
    if not name:
        raise CaseRuleError("请写明上报的上级机关（to）", "missing_higher_level")
    if not isinstance(limit_days, int) or isinstance(limit_days, bool) or not 1 <= limit_days <= MAX_HIGHER_LIMIT:
        raise CaseRuleError(f"上级审批时限须为1至{MAX_HIGHER_LIMIT}个工作日", "invalid_higher_limit")
    return target, name, limit_days


def check_decider(kind: str, status: str) -> None:
    """A report case is decided by the higher level: the window records that answer (after
    forwarding it), it never decides itself."""
    if kind == "report":
        raise CaseRuleError("上报件由上级机关审批：请先上报，收到上级答复后登记", "decided_by_higher_level")


def higher_answer(status: str, decision: str) -> str:
    if decision not in ("approve", "reject"):
        raise CaseRuleError("decision 须为 approve 或 reject", "invalid_decision")
    return next_status(status, "higher_" + decision)


# Provisional deadlines: counted over a year whose holidays nobody had entered yet.
def counted_over(accepted_on: date, deadline: date, year: int) -> bool:
    """The count from acceptance to the deadline ran through ``year``: entering that year's
    notice may move the deadline (the days outside the span never enter the count)."""
    return accepted_on.year <= year <= deadline.year


def recomputed_step(year: int, old: date, new: date, known_before: bool,
                    still_provisional: bool = False) -> str | None:
    """What the case's history says when a year's holidays were entered and its deadline
    counted again: a moved deadline always, an unchanged one only when it had been provisional
    (a corrected notice that changes nothing needs no line)."""
    if new != old:
        return (f"已录入{year}年节假日安排，办理期限由{old.isoformat()}调整为{new.isoformat()}"
                + ("（仍为暂定期限）" if still_provisional else ""))
    if not known_before and not still_provisional:
        return f"已录入{year}年节假日安排，办理期限{new.isoformat()}确定（不再是暂定期限）"
    return None


def provisional_alert(case_no: str, deadline: date, years: list[int]) -> str:
    names = "、".join(f"{y}年" for y in years)
    return (f"办件{case_no}的办理期限{deadline.isoformat()}为暂定：{names}的节假日安排尚未录入，"
            f"请在管理后台“节假日”中录入国务院办公厅通知，录入后自动重新计算")
