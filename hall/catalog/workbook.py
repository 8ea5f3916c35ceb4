"""The catalog as an .xlsx workbook (导入导出): one sheet each for 部门, 队列, 窗口, 事项 and
材料, Chinese column headings, read back by the importer in the same columns.

The workbook is a list of ``Sheet`` definitions (``SHEETS``): its name, its columns (field
and heading, how a value becomes a cell and back), how the hall's records become rows
(export), and how one row is applied (import), through the same service functions as the
admin API (``hall.catalog.admin``), so the same validation refuses the same input. Another
domain adds its sheet (人员, staff) as one more entry: ``register(sheet)``.

An import runs in a savepoint: every row is applied in sheet order (a window may serve a
queue the 队列 sheet creates); a refused row becomes ``{sheet, row, field, message}`` and
the import goes on to find the others; if any row was refused, or on a dry run, the
savepoint is rolled back and nothing is written.
"""
from __future__ import annotations

import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from sqlalchemy.orm import Session

from hall.catalog import admin
from hall.catalog import admin_rules as rules
from hall.catalog.cache import HallCatalog
from hall.errors import InvalidInput, RuleError
from hall.events.bus import PENDING
from hall.fees import rules as fee_rules

MAX_BYTES = 10 * 1024 * 1024
YES, NO = "是", "否"


@dataclass(frozen=True)
class Column:
    field: str
    heading: str
    width: int = 16
    to_cell: Callable = lambda v: v           # the record's value → the cell's
    from_cell: Callable = lambda v: v         # the cell's value → the body's


def _yes_no(value) -> str:
    return YES if value else NO


def _lines(value) -> str:
    return "\n".join(value or [])


def _reviewers_cell(joint) -> str:
    """[{department, days, deemed_consent}] → "wjj:7:是; sw:3:否"."""
    if not joint:
        return ""
    return "; ".join(f"{r['department']}:{r['days']}:{_yes_no(r.get('deemed_consent'))}" for r in joint["reviewers"])


def _reviewers_body(value) -> list | None:
    if value in (None, ""):
        return None
    reviewers = []
    for part in re.split(r"[;；\n]+", str(value)):
        if not part.strip():
            continue
        bits = [b.strip() for b in re.split(r"[:：]", part)]
        if len(bits) < 2:
            raise InvalidInput(f"联审部门应写作“部门编码:工作日:是否视为同意”，如 wjj:7:是；此处为：{part.strip()}",
                               code="invalid_reviewers", field="joint.reviewers")
        reviewers.append({"department": bits[0], "days": bits[1],
                          "deemed_consent": bits[2] if len(bits) > 2 else NO})
    return reviewers


@dataclass
class Batch:
    """One import's running state: counts, errors, and the material rows by item code."""
    created: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)
    materials: dict = field(default_factory=lambda: defaultdict(list))   # item code -> [(row, body)]
    material_items: set = field(default_factory=set)

    def fail(self, sheet: "Sheet", row: int, err: RuleError) -> None:
        name = str(err.extra.get("field") or "")
        self.errors.append({"sheet": sheet.name, "row": row, "field": sheet.heading_of(name),
                            "code": err.code, "message": err.message})


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    export: Callable[[Session, HallCatalog], list[dict]]
    # apply(session, hall, body, batch) → "created" | "updated"; None: the sheet only feeds another
    apply: Callable | None
    prepare: Callable | None = None            # prepare(sheet, rows, batch): before any sheet applies
    aliases: dict = field(default_factory=dict)   # a body's field (as errors name it) → a column's field

    def heading_of(self, name: str) -> str:
        name = self.aliases.get(name, name)
        for column in self.columns:
            if column.field == name or name.startswith(column.field + "."):
                return column.heading
        head = name.split(".")[0]
        return next((c.heading for c in self.columns if c.field == self.aliases.get(head, head)), name)


def _upsert(create, update, key: str, existing):
    def apply(session, hall, body, _batch):
        active = body.pop("active", None)
        if body.get(key) in existing(session, hall):
            update(session, hall, body[key], {**body, **({"active": active} if active is not None else {})})
            return "updated"
        create(session, hall, body)
        if active is False:
            update(session, hall, body[key], {"active": False})
        return "created"
    return apply


def _active_column() -> Column:
    return Column("active", "启用", 8, _yes_no, lambda v: True if v in (None, "") else rules.flag({"v": v}, "v", "启用", default=True))


def _window_apply(session, hall, body, batch):
    try:
        body["number"] = rules.integer(body, "number", "窗口号", minimum=1, maximum=999)
    except RuleError:
        pass        # the service says so again, with the row's other faults
    return _upsert(admin.create_window, admin.update_window, "number", admin.window_numbers)(session, hall, body, batch)


def _export_items(session, hall) -> list[dict]:
    rows = []
    for item in admin.list_items(session, hall):
        joint = item.pop("joint")
        rows.append({**item, "kind": rules.KIND_NAMES.get(item["kind"], item["kind"]),
                     "joint_lead": joint["lead"] if joint else "", "joint_reviewers": joint})
    return rows


def _export_materials(session, hall) -> list[dict]:
    return [{**m, "item": item["code"], "form": rules.FORMS.get(m["form"], m["form"])}
            for item in admin.list_items(session, hall) for m in item["materials"]]


def _prepare_materials(sheet: "Sheet", rows, batch: Batch) -> None:
    for number, body in rows:
        item = body.pop("item", None)
        if item in (None, ""):
            batch.fail(sheet, number, InvalidInput("请填写事项编码", field="item"))
            continue
        try:
            rules.material_spec(body, field="")
        except RuleError as err:
            err.extra["field"] = str(err.extra.get("field", "")).lstrip(".")
            batch.fail(sheet, number, err)
            continue
        batch.materials[str(item)].append((number, body))


def _item_apply(session, hall, body, batch):
    lead, reviewers = body.pop("joint_lead", None), body.pop("joint_reviewers", None)
    if lead not in (None, "") or reviewers:
        body["joint"] = {"lead": lead, "reviewers": reviewers or []}
    code = str(body.get("code") or "")
    batch.material_items.add(code)
    body["materials"] = [m for _row, m in batch.materials.get(code, [])]
    return _upsert(admin.create_item, admin.update_item, "code", admin.item_codes)(session, hall, body, batch)


DEPARTMENTS = Sheet("部门", (
    Column("code", "部门编码"), Column("name", "部门名称", 36), Column("short_name", "部门简称"), _active_column()),
    admin.list_departments,
    _upsert(admin.create_department, admin.update_department, "code",
            lambda s, h: admin.department_codes(s, h, active_only=False)))

QUEUES = Sheet("队列", (
    Column("code", "队列编码"), Column("prefix", "号码前缀", 10), Column("name", "队列名称", 24),
    Column("daily_cap", "每日限号", 10), Column("default_service_minutes", "默认办理时长（分钟）", 20),
    Column("opens_at", "开始取号", 10), Column("closes_at", "停止取号", 10), _active_column()),
    admin.list_queues,
    _upsert(admin.create_queue, admin.update_queue, "code", lambda s, h: admin.queue_codes(s, h, active_only=False)))

WINDOWS = Sheet("窗口", (
    Column("number", "窗口号", 8), Column("name", "窗口名称", 24),
    Column("department", "所属部门（空为综合窗口）", 22, lambda v: v or "", lambda v: v if v not in ("", None) else None),
    Column("queues", "业务队列（逗号分隔）", 28, lambda v: ", ".join(v)), _active_column(),
    Column("elderly_first", "老年人专窗", 10, _yes_no,
           lambda v: rules.flag({"elderly_first": v}, "elderly_first", "老年人专窗", default=False))),
    admin.list_windows, _window_apply)

ITEMS = Sheet("事项", (
    Column("code", "事项编码"), Column("name", "事项名称", 32), Column("department", "实施部门"),
    Column("kind", "办件类型", 10), Column("queue", "业务队列"), Column("category", "事项类别"),
    Column("legal_days", "法定时限（工作日）", 12), Column("promised_days", "承诺时限（工作日）", 12),
    Column("fee", "收费标准", 20),
    Column("fee_rule", "收费规则", 24,   # 不收费 / 固定:80 / 可选:80,550 / 比例:1-3 (hall.fees.rules.rule_cell)
           lambda v: fee_rules.rule_cell(fee_rules.rule_from_json(v)) if v else "", fee_rules.rule_from_cell),
    Column("fee_basis", "收费依据", 24), Column("basis", "设定依据", 36),
    Column("conditions", "办理条件", 36), Column("steps", "办理流程（每行一步）", 24, _lines),
    Column("deemed_approval", "逾期视为同意", 10, _yes_no),
    Column("limit_reason", "超时限理由", 24),
    Column("joint_lead", "联办牵头部门", 12, lambda v: v or "", lambda v: v if v not in ("", None) else None),
    Column("joint_reviewers", "联审部门（部门:工作日:是否视为同意）", 30, _reviewers_cell, _reviewers_body),
    _active_column()),
    _export_items, _item_apply,
    aliases={"joint": "joint_reviewers", "joint.lead": "joint_lead", "joint.reviewers": "joint_reviewers",
             "materials": "code"})

MATERIALS = Sheet("材料", (
    Column("item", "事项编码"), Column("code", "材料编码"), Column("name", "材料名称", 32),
    Column("required", "是否必须", 8, _yes_no), Column("form", "材料形式", 12), Column("copies", "份数", 8),
    Column("sample", "示范文本", 20), Column("guidance", "填写说明", 40)),
    _export_materials, None, prepare=_prepare_materials)

SHEETS: list[Sheet] = [DEPARTMENTS, QUEUES, WINDOWS, ITEMS, MATERIALS]


def register(sheet: Sheet, *, before: str | None = None) -> None:
    """Add a sheet (人员 …); ``before``: the name of the sheet it must be applied before."""
    if any(s.name == sheet.name for s in SHEETS):
        return
    index = next((i for i, s in enumerate(SHEETS) if s.name == before), len(SHEETS))
    SHEETS.insert(index, sheet)


# ---------------------------------------------------------------- export

def _workbook(rows_of: Callable[[Sheet], list[dict]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for sheet in SHEETS:
        ws = book.create_sheet(sheet.name)
        ws.append([c.heading for c in sheet.columns])
        for i, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=i)
            cell.font, cell.fill = bold, fill
            ws.column_dimensions[cell.column_letter].width = column.width
        ws.freeze_panes = "A2"
        for row in rows_of(sheet):
            ws.append([c.to_cell(row.get(c.field)) for c in sheet.columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export(session: Session, hall: HallCatalog) -> bytes:
    """The hall's catalog as an .xlsx workbook."""
    return _workbook(lambda sheet: sheet.export(session, hall))


TEMPLATE_EXAMPLES = {
    "部门": [{"code": "scjg", "name": "区市场监督管理局", "short_name": "市场监管", "active": True}],
    "队列": [{"code": "business", "prefix": "A", "name": "商事登记", "daily_cap": 300,
              "default_service_minutes": 8, "opens_at": "08:30", "closes_at": "17:00", "active": True}],
    "窗口": [{"number": 1, "name": "商事登记窗口", "department": "scjg", "queues": ["business"], "active": True,
              "elderly_first": False}],
    "事项": [{"code": "gtgsh-dj", "name": "个体工商户设立登记", "department": "scjg", "kind": "即办件",
              "queue": "business", "category": "商事登记", "legal_days": 15, "promised_days": 1, "fee": "免费",
              "steps": ["申请", "受理", "审核", "发照"], "deemed_approval": False, "active": True}],
    "材料": [{"item": "gtgsh-dj", "code": "sqs", "name": "个体工商户登记申请书", "required": True, "form": "原件",
              "copies": 1}],
}


def template() -> bytes:
    """An empty workbook with the headings and one example row a sheet."""
    return _workbook(lambda sheet: TEMPLATE_EXAMPLES.get(sheet.name, []))


# ---------------------------------------------------------------- import

def _cell(value):
    if isinstance(value, str):
        value = value.strip()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value


def read(data: bytes) -> dict[str, list[tuple[int, dict]]]:
    """{sheet name: [(row number, {field: value})]}: the known sheets, blank rows left out."""
    if len(data) > MAX_BYTES:
        raise InvalidInput("导入文件不能超过10MB", code="file_too_large", status=413)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:   # openpyxl raises many kinds for a file that is not a workbook
        raise InvalidInput("无法读取文件，请上传 .xlsx 格式的工作簿（可先下载模板）", code="invalid_workbook") from None
    sheets = {}
    for sheet in SHEETS:
        if sheet.name not in book.sheetnames:
            continue
        rows = book[sheet.name].iter_rows(values_only=True)
        headings = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        fields = {c.heading: c for c in sheet.columns}
        index = [(i, fields[h]) for i, h in enumerate(headings) if h in fields]
        parsed = []
        for number, values in enumerate(rows, start=2):
            values = [_cell(v) for v in values]
            if all(v in (None, "") for v in values):
                continue
            parsed.append((number, {c.field: values[i] if i < len(values) else None for i, c in index}))
        sheets[sheet.name] = parsed
    book.close()
    return sheets


def _body(sheet: Sheet, number: int, raw: dict, batch: Batch) -> dict | None:
    body = {}
    for column in sheet.columns:
        if column.field not in raw:
            continue
        try:
            body[column.field] = column.from_cell(raw[column.field])
        except RuleError as err:
            err.extra.setdefault("field", column.field)
            batch.fail(sheet, number, err)
            return None
    return body


def run(session: Session, hall: HallCatalog, data: bytes, *, dry_run: bool = False) -> dict:
    """Import a workbook into the hall: ``{created, updated, errors, dry_run, written}``;
    nothing is written while any row has an error, nor on a dry run."""
    sheets = read(data)
    if not sheets:
        raise InvalidInput("工作簿中没有可导入的工作表（部门、队列、窗口、事项、材料）", code="no_sheets")
    batch = Batch()
    bodies = {}
    for sheet in SHEETS:
        bodies[sheet.name] = [(n, b) for n, raw in sheets.get(sheet.name, [])
                              if (b := _body(sheet, n, raw, batch)) is not None]
    return apply_rows(session, hall, bodies, dry_run=dry_run, batch=batch)


def apply_rows(session: Session, hall: HallCatalog, bodies: dict[str, list[tuple[int, dict]]], *,
               dry_run: bool = False, batch: Batch | None = None) -> dict:
    """Apply rows as the importer reads them ({sheet name: [(row number, body)]}, the bodies
    with the API's fields: what ``read`` makes of a workbook, or the demo hall's data)."""
    batch = batch or Batch()
    pending = list(session.info.get(PENDING, []))
    savepoint = session.begin_nested()
    try:
        for sheet in SHEETS:
            if sheet.prepare is not None:
                sheet.prepare(sheet, bodies.get(sheet.name, []), batch)
        for sheet in SHEETS:
            if sheet.apply is None:
                continue
            for number, body in bodies.get(sheet.name, []):
                try:
                    with session.begin_nested():
                        outcome = sheet.apply(session, hall, dict(body), batch)
                except RuleError as err:
                    batch.fail(sheet, number, err)
                    continue
                if outcome == "created":
                    batch.created += 1
                else:
                    batch.updated += 1
        for code, rows in batch.materials.items():
            if code not in batch.material_items:
                for number, _body in rows:
                    batch.fail(MATERIALS, number, InvalidInput(f"事项表中没有此事项：{code}", code="unknown_item",
                                                               field="item"))
    finally:
        if batch.errors or dry_run:
            savepoint.rollback()
            session.info[PENDING] = pending     # the rolled-back rows announce nothing
        else:
            savepoint.commit()
    names = [s.name for s in SHEETS]
    batch.errors.sort(key=lambda e: (names.index(e["sheet"]), e["row"]))
    return {"created": batch.created, "updated": batch.updated, "errors": batch.errors, "dry_run": dry_run,
            "written": not batch.errors and not dry_run}
