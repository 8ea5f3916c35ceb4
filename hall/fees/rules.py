"""统一收费 (DOMAIN rule 11), pure: an item's fee rule beside its published text, what a
window may charge against it, and the day's figures.

Money is integer fen (分) here and in the database; the API speaks yuan (元), as JSON
numbers with at most two decimals (``80``, ``12.5``), read from numbers or decimal strings
(``"80.00"``) and never through a float sum. Percentages are kept in hundredths of a
percent (``1%`` = 100), so ``1.5%`` is exact too.

A rule is one of
- ``none``: the item is free; nothing can be charged;
- ``fixed``: one amount (``每件80元`` → fixed [80]);
- ``choice``: one of several amounts (``住宅每件80元；非住宅每件550元`` → choice [80, 550]);
- ``percent``: a percentage of a base the applicant declares (``按计税价格的1%—3%缴纳`` →
  percent [1, 3]); the amount lies within low%–high% of the base, rounded to the fen.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from hall.errors import InvalidInput, Unprocessable

KINDS = ("none", "fixed", "choice", "percent")
KIND_NAMES = {"none": "不收费", "fixed": "固定金额", "choice": "可选金额", "percent": "按比例"}
METHODS = {"cash": "现金", "bank_card": "银行卡", "wechat": "微信支付", "alipay": "支付宝", "transfer": "对公转账"}
MAX_FEN = 10 ** 10          # 1亿元: no single fee is larger
MAX_BASE_FEN = 10 ** 12     # 100亿元: a declared base
MAX_AMOUNTS = 10
FREE_WORDS = ("免费", "不收费", "无", "无收费", "不收取费用", "")
RECEIPT = re.compile(r"^[0-9A-Za-z][0-9A-Za-z-]{3,39}$")   # 财政电子票据: 票据代码 + 号码, as printed

_YUAN = re.compile(r"^[0-9]{1,12}(\.[0-9]{1,2})?$")
_PERCENT = re.compile(r"^[0-9]{1,3}(\.[0-9]{1,2})?$")
_DASH = r"\s*(?:—|–|-|~|～|至|到|－)+\s*"
_TEXT_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*%?" + _DASH + r"(\d+(?:\.\d+)?)\s*%")
_TEXT_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_TEXT_YUAN = re.compile(r"(\d+(?:\.\d{1,2})?)\s*元")


# ---------------------------------------------------------------- money

def yuan(fen: int) -> int | float:
    """Fen as the API's yuan: ``8000`` → ``80``, ``1250`` → ``12.5`` (exact to the fen on the wire)."""
    return fen // 100 if fen % 100 == 0 else fen / 100


def yuan_text(fen: int) -> str:
    """Fen as printed: ``8000`` → ``80.00``."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100:,}.{fen % 100:02d}"


def _decimal(value, pattern) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        return None
    text = (format(value, "f") if isinstance(value, Decimal) else repr(value) if isinstance(value, float)
            else str(value)).strip()
    if isinstance(value, float) and "e" in text.lower():
        return None
    if not pattern.match(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def parse_fen(value, field_name: str = "amount", label: str = "金额", *, maximum: int = MAX_FEN) -> int:
    """Yuan (a number or a decimal string, at most two decimals) → fen; 400 otherwise."""
    amount = _decimal(value, _YUAN)
    if amount is None:
        raise InvalidInput(f"{label}应为元，最多两位小数（如 80 或 \"80.00\"）", code="invalid_amount", field=field_name)
    fen = int(amount * 100)
    if fen > maximum:
        raise InvalidInput(f"{label}超出范围（最多{yuan_text(maximum)}元）", code="invalid_amount", field=field_name)
    return fen


def parse_percent(value, field_name: str = "fee_rule.percent") -> int:
    """A percentage (``1``, ``"1.5"``) → hundredths of a percent."""
    number = _decimal(value, _PERCENT)
    if number is None or number > 100:
        raise Unprocessable("收费比例应为0—100之间的数，最多两位小数", code="invalid_fee_rule", field=field_name)
    return int(number * 100)


def percent_number(hundredths: int) -> int | float:
    return hundredths // 100 if hundredths % 100 == 0 else hundredths / 100


def percent_text(hundredths: int) -> str:
    return f"{percent_number(hundredths)}%"


# ---------------------------------------------------------------- the rule

@dataclass(frozen=True)
class FeeRule:
    kind: str = "none"
    amounts: tuple[int, ...] = ()                 # fen
    percent: tuple[int, int] | None = None        # hundredths of a percent: (low, high)

    def to_json(self) -> dict:
        """As the API shows it: ``{kind, amounts: [yuan], percent: [low, high]}``."""
        return {"kind": self.kind, "amounts": [yuan(a) for a in self.amounts],
                "percent": [percent_number(p) for p in self.percent] if self.percent else []}

    def stored(self) -> dict:
        """As the item's ``fee_rule`` column keeps it (integers only)."""
        return {"kind": self.kind, "amounts_fen": list(self.amounts),
                "percent_hundredths": list(self.percent) if self.percent else []}

    @classmethod
    def from_stored(cls, value: dict | None) -> "FeeRule":
        if not value:
            return NONE
        percent = value.get("percent_hundredths") or []
        return cls(value.get("kind", "none"), tuple(value.get("amounts_fen") or ()),
                   (percent[0], percent[1]) if len(percent) == 2 else None)

    @property
    def chargeable(self) -> bool:
        return self.kind != "none"

    def describe(self) -> str:
        """In a sentence: ``固定金额 80.00元``, ``按比例 1%—3%``."""
        if self.kind == "none":
            return "不收费"
        if self.kind == "percent":
            low, high = self.percent
            span = percent_text(low) if low == high else f"{percent_text(low)}—{percent_text(high)}"
            return f"按申报基数的{span}"
        return KIND_NAMES[self.kind] + " " + "、".join(f"{yuan_text(a)}元" for a in self.amounts)


NONE = FeeRule()


def _bad_rule(message: str, field_name: str = "fee_rule") -> Unprocessable:
    return Unprocessable(message, code="invalid_fee_rule", field=field_name)


def rule_from_json(value) -> FeeRule:
    """``{kind, amounts: [yuan], percent: [low, high]}`` → a checked ``FeeRule``; 422 with a
    Chinese message naming what is wrong."""
    if not isinstance(value, dict):
        raise _bad_rule("收费规则应为对象：{kind, amounts, percent}")
    kind = value.get("kind")
    kind = {v: k for k, v in KIND_NAMES.items()}.get(kind, kind)
    if kind not in KINDS:
        raise _bad_rule("收费规则类型应为 none（不收费）、fixed（固定金额）、choice（可选金额）或 percent（按比例）",
                        "fee_rule.kind")
    amounts, percent = value.get("amounts") or [], value.get("percent") or []
    if not isinstance(amounts, list) or not isinstance(percent, list):
        raise _bad_rule("收费金额和收费比例应为列表")
    if len(amounts) > MAX_AMOUNTS:
        raise _bad_rule(f"可选金额最多{MAX_AMOUNTS}个", "fee_rule.amounts")
    fen = []
    for a in amounts:
        try:
            fen.append(parse_fen(a, "fee_rule.amounts", "收费金额"))
        except InvalidInput as err:
            raise _bad_rule(err.message, "fee_rule.amounts") from None
    hundredths = tuple(parse_percent(p) for p in percent)
    if len(hundredths) == 1:
        hundredths = hundredths * 2     # one percentage: [20] is [20, 20]
    return check_rule(FeeRule(kind, tuple(fen), hundredths if hundredths else None))


def check_rule(rule: FeeRule) -> FeeRule:
    """The rule is whole: a fixed fee has one amount, a choice two or more different ones, a
    percentage a low and a high bound (low ≤ high ≤ 100%), a free item nothing."""
    if rule.kind == "none":
        if rule.amounts or rule.percent:
            raise _bad_rule("不收费的事项不能填写收费金额或比例")
        return rule
    if rule.kind in ("fixed", "choice"):
        if rule.percent:
            raise _bad_rule("固定金额或可选金额的收费规则不填写收费比例", "fee_rule.percent")
        if any(a <= 0 for a in rule.amounts):
            raise _bad_rule("收费金额应大于0元", "fee_rule.amounts")
        if rule.kind == "fixed" and len(rule.amounts) != 1:
            raise _bad_rule("固定金额的收费规则应填写一个金额", "fee_rule.amounts")
        if rule.kind == "choice" and (len(rule.amounts) < 2 or len(set(rule.amounts)) != len(rule.amounts)):
            raise _bad_rule("可选金额的收费规则应填写两个以上互不相同的金额", "fee_rule.amounts")
        return FeeRule(rule.kind, tuple(sorted(rule.amounts)) if rule.kind == "choice" else rule.amounts)
    if rule.amounts:
        raise _bad_rule("按比例收费的规则不填写固定金额", "fee_rule.amounts")
    if not rule.percent or len(rule.percent) != 2:
        raise _bad_rule("按比例收费应填写最低和最高比例，如 [1, 3]（单一比例写作 [20, 20]）", "fee_rule.percent")
    low, high = rule.percent
    if high <= 0 or low > high:
        raise _bad_rule("收费比例应为 最低 ≤ 最高，且最高比例大于0", "fee_rule.percent")
    return rule


# ---------------------------------------------------------------- the published text

def _number_hundredths(text: str) -> int:
    return int(Decimal(text) * 100)


def published_amounts(text: str) -> set[int]:
    """The yuan amounts a fee text publishes (``每件80元`` → {8000})."""
    return {_number_hundredths(m) for m in _TEXT_YUAN.findall(text or "")}


def published_percents(text: str) -> set[int]:
    found = set()
    for low, high in _TEXT_RANGE.findall(text or ""):
        found |= {_number_hundredths(low), _number_hundredths(high)}
    return found | {_number_hundredths(p) for p in _TEXT_PERCENT.findall(text or "")}


def is_free_text(text: str) -> bool:
    return (text or "").strip() in FREE_WORDS


def rule_from_text(text: str) -> FeeRule:
    """Read a published fee text into a rule (migrating the texts of existing halls): the yuan
    amounts it names (one → fixed, several → choice), else its first percentage (a range
    ``1%—3%`` or one figure ``20%``), else no fee. A text naming neither reads as ``none``:
    the hall enters the amount before it can charge."""
    if is_free_text(text):
        return NONE
    amounts = sorted(published_amounts(text))
    amounts = [a for a in amounts if 0 < a <= MAX_FEN][:MAX_AMOUNTS]
    if len(amounts) == 1:
        return FeeRule("fixed", (amounts[0],))
    if amounts:
        return FeeRule("choice", tuple(amounts))
    first_range, first_single = _TEXT_RANGE.search(text or ""), _TEXT_PERCENT.search(text or "")
    if first_range and (not first_single or first_range.start() <= first_single.start()):
        low, high = sorted((_number_hundredths(first_range.group(1)), _number_hundredths(first_range.group(2))))
        if 0 < high <= 10000:
            return FeeRule("percent", percent=(low, high))
    elif first_single:
        value = _number_hundredths(first_single.group(1))
        if 0 < value <= 10000:
            return FeeRule("percent", percent=(value, value))
    return NONE


def check_published(rule: FeeRule, text: str) -> None:
    """A rule charges only what the item publishes (六公开): a free text has no fee, and every
    amount or percentage of the rule is written in the text. 422 ``fee_rule_mismatch``."""
    if rule.kind == "none":
        return
    if is_free_text(text):
        raise Unprocessable(f"收费标准为“{(text or '').strip() or '免费'}”，收费规则不能收费；请先修改收费标准",
                            code="fee_rule_mismatch", field="fee_rule")
    if rule.kind in ("fixed", "choice"):
        unpublished = [a for a in rule.amounts if a not in published_amounts(text)]
        if unpublished:
            raise Unprocessable("收费规则中的金额未在收费标准中公布：" + "、".join(f"{yuan(a)}元" for a in unpublished),
                                code="fee_rule_mismatch", field="fee_rule")
    else:
        unpublished = [p for p in set(rule.percent) if p not in published_percents(text)]
        if unpublished:
            raise Unprocessable("收费规则中的比例未在收费标准中公布：" + "、".join(percent_text(p) for p in sorted(unpublished)),
                                code="fee_rule_mismatch", field="fee_rule")


# ---------------------------------------------------------------- the workbook's cell

def rule_cell(rule: FeeRule) -> str:
    """The 事项 sheet's 收费规则 cell: ``不收费``, ``固定:80``, ``可选:80,550``, ``比例:1-3``."""
    if rule.kind == "none":
        return "不收费"
    if rule.kind == "percent":
        return f"比例:{percent_number(rule.percent[0])}-{percent_number(rule.percent[1])}"
    return f"{'固定' if rule.kind == 'fixed' else '可选'}:" + ",".join(str(yuan(a)) for a in rule.amounts)


def rule_from_cell(value) -> dict | None:
    """The cell back into the API's ``fee_rule`` object; blank → None (read from the text)."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    words = {"不收费": "none", "免费": "none", "none": "none", "固定": "fixed", "fixed": "fixed",
             "可选": "choice", "choice": "choice", "比例": "percent", "percent": "percent"}
    match = re.match(r"^([^:：]+?)\s*(?:[:：]\s*(.*))?$", text, re.S)
    head, tail = (match.group(1), match.group(2) or "") if match else (text, "")
    kind = words.get(head.strip().lower())
    if kind is None:
        raise _bad_rule("收费规则应写作“不收费”“固定:80”“可选:80,550”或“比例:1-3”")
    parts = [p.strip() for p in re.split(r"[,，、;；/]+", tail) if p.strip()]
    if kind == "percent":
        bounds = [p.strip().rstrip("%") for p in re.split(_DASH, tail.strip()) if p.strip()]
        if len(bounds) == 1:
            bounds = bounds * 2
        return {"kind": kind, "amounts": [], "percent": bounds}
    return {"kind": kind, "amounts": parts, "percent": []}


# ---------------------------------------------------------------- charging

@dataclass(frozen=True)
class Allowed:
    """What may be charged: one of ``amounts``, or from ``low`` to ``high`` (fen)."""
    amounts: tuple[int, ...] = ()
    low: int | None = None
    high: int | None = None

    def to_json(self) -> dict:
        if self.amounts:
            return {"amounts": [yuan(a) for a in self.amounts]}
        return {"min": yuan(self.low), "max": yuan(self.high)}

    def describe(self) -> str:
        if self.amounts:
            return "、".join(f"{yuan_text(a)}元" for a in self.amounts)
        return f"{yuan_text(self.low)}元至{yuan_text(self.high)}元"


def _round_half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def allowed(rule: FeeRule, base_fen: int | None) -> Allowed:
    if rule.kind == "percent":
        low, high = rule.percent
        return Allowed(low=_round_half_up(base_fen * low, 10000), high=_round_half_up(base_fen * high, 10000))
    return Allowed(amounts=rule.amounts)


class NoFee(Unprocessable):
    code = "no_fee"
    message = "此事项不收费，不能收取任何费用"


def check_charge(rule: FeeRule, amount_fen: int, base_fen: int | None = None) -> Allowed:
    """The amount a window may take for one case: never for a free item (422 ``no_fee``),
    never other than the rule allows (422 ``fee_exceeded``, with what is allowed). A
    percentage needs the declared base (422 ``base_required``)."""
    if not rule.chargeable:
        raise NoFee()
    if amount_fen <= 0:
        raise InvalidInput("收费金额应大于0元", code="invalid_amount", field="amount")
    if rule.kind == "percent":
        if base_fen is None or base_fen <= 0:
            raise Unprocessable("按比例收费须申报计费基数（base，元）", code="base_required", field="base")
    limits = allowed(rule, base_fen)
    ok = amount_fen in limits.amounts if limits.amounts else limits.low <= amount_fen <= limits.high
    if not ok:
        raise Unprocessable(f"收费金额{yuan_text(amount_fen)}元不符合公布的收费标准（{rule.describe()}），"
                            f"应收：{limits.describe()}", code="fee_exceeded", allowed=limits.to_json())
    return limits


def check_method(method: str | None) -> str:
    if method not in METHODS:
        raise InvalidInput("支付方式应为：" + "、".join(f"{k}（{v}）" for k, v in METHODS.items()),
                           code="invalid_method", field="method")
    return method


def check_receipt_no(receipt_no: str | None, field_name: str = "receipt_no") -> str:
    value = (receipt_no or "").strip()
    if not RECEIPT.match(value):
        raise InvalidInput("财政电子票据号应为4—40位字母、数字或连字符", code="invalid_receipt_no", field=field_name)
    return value


def check_reason(reason: str | None) -> str:
    value = (reason or "").strip()
    if not value:
        raise InvalidInput("请填写退费原因", code="missing_field", field="reason")
    if len(value) > 500:
        raise InvalidInput("退费原因不能超过500字", code="invalid_field", field="reason")
    return value


# ---------------------------------------------------------------- the day's report

@dataclass(frozen=True)
class Line:
    """One payment row as the report counts it: a charge (positive) or a refund (negative)."""
    department: str
    window: int | None
    method: str
    amount_fen: int


@dataclass
class Figures:
    charges: int = 0
    charged_fen: int = 0
    refunds: int = 0
    refunded_fen: int = 0

    def add(self, amount_fen: int) -> None:
        if amount_fen >= 0:
            self.charges += 1
            self.charged_fen += amount_fen
        else:
            self.refunds += 1
            self.refunded_fen += -amount_fen

    @property
    def net_fen(self) -> int:
        return self.charged_fen - self.refunded_fen

    def to_json(self) -> dict:
        return {"charges": self.charges, "charged": yuan(self.charged_fen), "refunds": self.refunds,
                "refunded": yuan(self.refunded_fen), "net": yuan(self.net_fen), "net_fen": self.net_fen}


@dataclass
class DayReport:
    departments: dict = field(default_factory=dict)    # code -> (Figures, {window: Figures})
    methods: dict = field(default_factory=dict)        # method -> Figures
    total: Figures = field(default_factory=Figures)


def day_report(lines: list[Line]) -> DayReport:
    """Charges and refunds summed per department and window, per payment method, in fen."""
    report = DayReport()
    for line in lines:
        figures, windows = report.departments.setdefault(line.department, (Figures(), {}))
        figures.add(line.amount_fen)
        windows.setdefault(line.window, Figures()).add(line.amount_fen)
        report.methods.setdefault(line.method, Figures()).add(line.amount_fen)
        report.total.add(line.amount_fen)
    return report
