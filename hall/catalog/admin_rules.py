"""Setting up a hall's catalog: what an admin's or manager's input must look like (pure).

Each ``*_spec`` function reads one JSON object (an API body, or one row of an imported
workbook) into a frozen spec, or raises a ``RuleError`` naming the ``field`` at fault, with
a Chinese message and a stable code. Checks that need the rest of the catalog take it as
plain sets of codes (``check_*``), so the API and the importer refuse the same things.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from hall.catalog.models import HALL_LEVELS, ITEM_KINDS
from hall.catalog.rules import check_limit_reason
from hall.errors import Conflict, InvalidInput, NotFound, Unprocessable
from hall.fees.rules import FeeRule, check_published, rule_from_json, rule_from_text

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
PREFIX = re.compile(r"^[A-Z][A-Z0-9]?$")
# a material's form: the contract's words and how the hall prints them
FORMS = {"original": "原件", "copy": "复印件", "either": "原件或复印件", "both": "原件及复印件"}
FORM_WORDS = {v: k for k, v in FORMS.items()}
KIND_NAMES = {"instant": "即办件", "committed": "承诺件", "joint": "联办件", "report": "上报件"}


@dataclass(frozen=True)
class DepartmentSpec:
    code: str
    name: str
    short_name: str = ""


@dataclass(frozen=True)
class QueueSpec:
    code: str
    prefix: str
    name: str
    daily_cap: int = 999
    default_service_minutes: float = 6.0
    opens_at: str = "08:30"     # when the queue hands out numbers
    closes_at: str = "17:30"


@dataclass(frozen=True)
class WindowSpec:
    number: int
    name: str
    department: str | None    # None: a comprehensive window (综合受理)
    queues: tuple[str, ...]
    elderly_first: bool = False   # 老年人专窗: calls elderly tickets first (after urgent and green)


@dataclass(frozen=True)
class MaterialSpec:
    code: str
    name: str
    required: bool = True
    form: str = "original"
    copies: int = 1
    sample: str = ""
    guidance: str = ""


@dataclass(frozen=True)
class ReviewerSpec:
    department: str
    days: int
    deemed_consent: bool = False


@dataclass(frozen=True)
class JointSpec:
    lead: str
    reviewers: tuple[ReviewerSpec, ...]


@dataclass(frozen=True)
class ItemSpec:
    code: str
    name: str
    department: str
    kind: str
    queue: str
    legal_days: int
    promised_days: int
    fee: str = "免费"
    fee_basis: str = ""
    basis: str = ""
    conditions: str = ""
    category: str = ""
    steps: tuple[str, ...] = ()
    materials: tuple[MaterialSpec, ...] = ()
    joint: JointSpec | None = None
    deemed_approval: bool = False
    limit_reason: str = ""
    fee_rule: FeeRule = FeeRule()


@dataclass(frozen=True)
class HallSpec:
    code: str
    name: str
    level: str
    parent: str | None


# ---------------------------------------------------------------- reading fields

def _bad(field: str, message: str, code: str = "invalid_input"):
    return InvalidInput(message, code=code, field=field)


def text(body: dict, field: str, label: str, *, required: bool = True, max_len: int = 200,
         default: str = "") -> str:
    value = body.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _bad(field, f"请填写{label}", "missing_field")
        return default
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise _bad(field, f"{label}应为文字")
    value = str(value).strip()
    if len(value) > max_len:
        raise _bad(field, f"{label}不能超过{max_len}个字")
    return value


def code(body: dict, field: str = "code", label: str = "编码") -> str:
    value = text(body, field, label, max_len=40)
    if not CODE.match(value):
        raise _bad(field, f"{label}只能由字母、数字、下划线、点和连字符组成：{value}", "invalid_code")
    return value


def integer(body: dict, field: str, label: str, *, minimum: int = 0, maximum: int = 100000,
            default: int | None = None) -> int:
    value = body.get(field)
    if value is None or value == "":
        if default is None:
            raise _bad(field, f"请填写{label}", "missing_field")
        return default
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool):
        raise _bad(field, f"{label}应为整数")
    if not minimum <= value <= maximum:
        raise _bad(field, f"{label}应在{minimum}到{maximum}之间")
    return value


def number(body: dict, field: str, label: str, *, default: float) -> float:
    value = body.get(field)
    if value is None or value == "":
        return default
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise _bad(field, f"{label}应为数字") from None
    if not 0 < value <= 480:
        raise _bad(field, f"{label}应大于0且不超过480")
    return value


def flag(body: dict, field: str, label: str, *, default: bool) -> bool:
    value = body.get(field)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip() in ("是", "true", "1", "必须", "否", "false", "0", "视情况"):
        return value.strip() in ("是", "true", "1", "必须")
    raise _bad(field, f"{label}应为“是”或“否”")


def clock_time(body: dict, field: str, label: str, default: str) -> str:
    value = body.get(field)
    if value is None or value == "":
        return default
    if hasattr(value, "strftime"):        # a spreadsheet's time cell
        value = value.strftime("%H:%M")
    value = str(value).strip()
    if not re.match(r"^([01]\d|2[0-3]):[0-5]\d$", value):
        raise _bad(field, f"{label}应写作“时:分”，如 08:30", "invalid_time")
    return value


def text_list(body: dict, field: str, label: str) -> tuple[str, ...]:
    value = body.get(field)
    if value is None or value == "":
        return ()
    if isinstance(value, str):          # a spreadsheet cell: one step a line
        value = [line for line in value.splitlines()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _bad(field, f"{label}应为文字列表")
    return tuple(v.strip() for v in value if v.strip())


# ---------------------------------------------------------------- one record each

def department_spec(body: dict) -> DepartmentSpec:
    return DepartmentSpec(code(body, "code", "部门编码"), text(body, "name", "部门名称", max_len=100),
                          text(body, "short_name", "部门简称", required=False, max_len=40))


def queue_spec(body: dict) -> QueueSpec:
    prefix = text(body, "prefix", "号码前缀", max_len=2).upper()
    if not PREFIX.match(prefix):
        raise _bad("prefix", "号码前缀应为一个大写字母，可再跟一个字母或数字", "invalid_prefix")
    opens = clock_time(body, "opens_at", "开始取号时间", "08:30")
    closes = clock_time(body, "closes_at", "停止取号时间", "17:30")
    if opens >= closes:
        raise _bad("closes_at", "停止取号时间应晚于开始取号时间", "invalid_hours")
    return QueueSpec(code(body, "code", "队列编码"), prefix, text(body, "name", "队列名称", max_len=100),
                     integer(body, "daily_cap", "每日限号", minimum=1, maximum=100000, default=999),
                     number(body, "default_service_minutes", "默认办理时长（分钟）", default=6.0), opens, closes)


def window_spec(body: dict) -> WindowSpec:
    queues = body.get("queues")
    if isinstance(queues, str):      # a spreadsheet cell: codes separated by commas
        queues = [q.strip() for q in re.split(r"[,，、\s]+", queues) if q.strip()]
    if not isinstance(queues, list) or not queues or not all(isinstance(q, str) and q for q in queues):
        raise _bad("queues", "请为窗口选择至少一个业务队列", "missing_field")
    if len(set(queues)) != len(queues):
        raise _bad("queues", "窗口的业务队列有重复")
    department = body.get("department")
    department = text(body, "department", "所属部门", required=False, max_len=40) or None \
        if department is not None else None
    return WindowSpec(integer(body, "number", "窗口号", minimum=1, maximum=999),
                      text(body, "name", "窗口名称", max_len=100), department, tuple(queues),
                      flag(body, "elderly_first", "老年人专窗", default=False))


def material_spec(body: dict, field: str = "materials") -> MaterialSpec:
    if not isinstance(body, dict):
        raise _bad(field, "材料应为对象")
    form = text(body, "form", "材料形式", required=False, max_len=20, default="original")
    form = FORM_WORDS.get(form, form)
    if form not in FORMS:
        raise _bad(f"{field}.form", "材料形式应为 original（原件）、copy（复印件）或 either（原件或复印件）",
                   "invalid_form")
    try:
        return MaterialSpec(code(body, "code", "材料编码"), text(body, "name", "材料名称"),
                            flag(body, "required", "是否必须", default=True), form,
                            integer(body, "copies", "份数", minimum=1, maximum=99, default=1),
                            text(body, "sample", "示范文本", required=False),
                            text(body, "guidance", "填写说明", required=False, max_len=1000))
    except InvalidInput as err:
        err.extra["field"] = f"{field}.{err.extra.get('field')}"
        raise


def joint_spec(body: dict | None) -> JointSpec:
    if not isinstance(body, dict):
        raise Unprocessable("联办件须配置牵头部门和联审部门", code="joint_without_reviewers", field="joint")
    lead = text(body, "lead", "牵头部门", max_len=40) if body.get("lead") else None
    if lead is None:
        raise _bad("joint.lead", "请填写联办件的牵头部门", "missing_field")
    reviewers = body.get("reviewers", body.get("co"))
    if not reviewers:
        raise Unprocessable("联办件至少需要一个联审部门", code="joint_without_reviewers", field="joint.reviewers")
    if not isinstance(reviewers, list) or not all(isinstance(r, dict) for r in reviewers):
        raise _bad("joint.reviewers", "联审部门应为列表")
    specs = []
    for r in reviewers:
        department = text(r, "department", "联审部门", max_len=40)
        if department == lead:
            raise _bad("joint.reviewers", "牵头部门不能同时是联审部门", "lead_reviews_itself")
        specs.append(ReviewerSpec(department, integer(r, "days", "联审时限（工作日）", minimum=1, maximum=365),
                                  flag(r, "deemed_consent", "逾期视为同意", default=False)))
    if len({s.department for s in specs}) != len(specs):
        raise _bad("joint.reviewers", "联审部门有重复")
    return JointSpec(lead, tuple(specs))


def item_spec(body: dict) -> ItemSpec:
    kind = text(body, "kind", "办件类型", max_len=20)
    kind = {v: k for k, v in KIND_NAMES.items()}.get(kind, kind)
    if kind not in ITEM_KINDS:
        raise _bad("kind", "办件类型应为 instant（即办件）、committed（承诺件）、joint（联办件）或 report（上报件）",
                   "invalid_kind")
    legal = integer(body, "legal_days", "法定时限（工作日）", minimum=0, maximum=365)
    promised = integer(body, "promised_days", "承诺时限（工作日）", minimum=0, maximum=365)
    check_days(legal, promised)
    materials = body.get("materials") or []
    if not isinstance(materials, list):
        raise _bad("materials", "材料应为列表")
    mats = tuple(material_spec(m) for m in materials)
    if len({m.code for m in mats}) != len(mats):
        raise Conflict("同一事项的材料编码有重复", code="duplicate_material", field="materials")
    joint = joint_spec(body.get("joint")) if kind == "joint" else None
    fee = text(body, "fee", "收费标准", required=False, default="免费", max_len=500)
    return ItemSpec(code(body, "code", "事项编码"), text(body, "name", "事项名称"),
                    text(body, "department", "实施部门", max_len=40), kind,
                    text(body, "queue", "业务队列", max_len=40), legal, promised,
                    fee,
                    text(body, "fee_basis", "收费依据", required=False, max_len=1000),
                    text(body, "basis", "设定依据", required=False, max_len=2000),
                    text(body, "conditions", "办理条件", required=False, max_len=2000),
                    text(body, "category", "事项类别", required=False, max_len=40),
                    text_list(body, "steps", "办理流程"), mats, joint,
                    flag(body, "deemed_approval", "逾期视为同意", default=False),
                    check_limit_reason(kind, promised, text(body, "limit_reason", "超时限理由", required=False,
                                                            max_len=500)),
                    fee_rule_spec(body.get("fee_rule"), fee))


def fee_rule_spec(value, fee: str) -> FeeRule:
    """统一收费: the structured fee beside the published text. Left out, it is read from the
    text (``每件80元`` → fixed [80]); given, it must be whole and charge only what the text
    publishes (422 ``invalid_fee_rule`` / ``fee_rule_mismatch``)."""
    rule = rule_from_text(fee) if value is None else rule_from_json(value)
    check_published(rule, fee)
    return rule


def hall_spec(body: dict) -> HallSpec:
    level = text(body, "level", "大厅层级", max_len=20)
    level = {"市级": "city", "县级": "county", "区县": "county", "乡镇": "township", "街道": "township"}.get(level, level)
    if level not in HALL_LEVELS:
        raise _bad("level", "大厅层级应为 city（市级）、county（县级）或 township（乡镇、街道）", "invalid_level")
    parent = text(body, "parent", "上级大厅", required=False, max_len=40) or None
    if level != "city" and parent is None:
        raise _bad("parent", "县级和乡镇大厅须填写上级大厅", "missing_field")
    return HallSpec(code(body, "code", "大厅编码"), text(body, "name", "大厅名称", max_len=100), level, parent)


# ---------------------------------------------------------------- against the catalog

def check_days(legal_days: int, promised_days: int) -> None:
    if promised_days > legal_days:
        raise Unprocessable(f"承诺时限（{promised_days}个工作日）不能超过法定时限（{legal_days}个工作日）",
                            code="promised_exceeds_legal", field="promised_days")


def check_unique(kind: str, field: str, value, taken) -> None:
    """A new code (number, prefix) must not be one the hall already has."""
    if value in taken:
        raise Conflict(f"{kind}“{value}”已存在", code=f"duplicate_{field}", field=field)


def check_department(department: str | None, known: set[str], field: str = "department") -> None:
    if department is not None and department not in known:
        raise Unprocessable(f"没有此部门：{department}", code="unknown_department", field=field)


def check_window(spec: WindowSpec, departments: set[str], queues: set[str]) -> None:
    check_department(spec.department, departments)
    for q in spec.queues:
        if q not in queues:
            raise Unprocessable(f"窗口服务的业务队列不存在：{q}", code="unknown_queue", field="queues")


def check_item(spec: ItemSpec, departments: set[str], queues: set[str]) -> None:
    check_department(spec.department, departments)
    if spec.queue not in queues:
        raise Unprocessable(f"没有此业务队列：{spec.queue}", code="unknown_queue", field="queue")
    if spec.joint is not None:
        check_department(spec.joint.lead, departments, "joint.lead")
        for r in spec.joint.reviewers:
            check_department(r.department, departments, "joint.reviewers")


def check_level(level: str, parent_level: str | None) -> None:
    """A county hall sits under a city one, a township under a county one."""
    wanted = {"county": "city", "township": "county"}.get(level)
    if wanted is not None and parent_level != wanted:
        raise Unprocessable("上级大厅层级不符：县级大厅的上级应为市级，乡镇大厅的上级应为县级",
                            code="wrong_parent_level", field="parent")


def missing(kind: str, value) -> NotFound:
    return NotFound(f"没有此{kind}：{value}", code="not_found")
