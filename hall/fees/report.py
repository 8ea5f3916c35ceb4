"""收费日报: the day's fees per department and window as an A4 PDF (the hall's CJK font, like
every document in ``hall.pdf``) and as an XLSX workbook. Both print the report's figures,
which are summed in fen (``hall.fees.rules.day_report``); cells hold exact decimals."""
from __future__ import annotations

import io
from decimal import Decimal

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from hall.fees.rules import yuan_text
from hall.pdf import build, styles, table, text

HEADINGS = ["部门", "窗口", "收费笔数", "收费金额（元）", "退费笔数", "退费金额（元）", "实收金额（元）"]
DETAIL = ["时间", "办件编号", "事项", "窗口", "类型", "金额（元）", "支付方式", "财政电子票据号", "经办人"]


def _fen(value) -> int:
    """The report's yuan figure back to fen, exactly (it was made from fen)."""
    return int(Decimal(str(value)) * 100)


def _money(value) -> str:
    return yuan_text(_fen(value))


def _window(w: dict) -> str:
    return f"{w['window']}号 {w['name']}" if w["window"] is not None else w["name"]


def summary_rows(report: dict) -> list[list]:
    rows = []
    for d in report["departments"]:
        for w in d["windows"]:
            rows.append([d["name"], _window(w), w["charges"], w["charged"], w["refunds"], w["refunded"], w["net"]])
        rows.append([f"{d['name']} 小计", "", d["charges"], d["charged"], d["refunds"], d["refunded"], d["net"]])
    t = report["total"]
    rows.append(["合计", "", t["charges"], t["charged"], t["refunds"], t["refunded"], t["net"]])
    return rows


def detail_rows(report: dict) -> list[list]:
    return [[p["paid_at"][11:19], p["case_no"], p["item_name"], p["window"] if p["window"] is not None else "",
             "退费" if p["kind"] == "refund" else "收费", p["amount"], p["method_name"], p["receipt_no"] or "",
             (p["staff"] or {}).get("name", "")] for p in report["payments"]]


def to_pdf(report: dict) -> bytes:
    s = styles()
    small = ParagraphStyle("small", parent=s["base"], fontSize=9, leading=12)
    cell = (lambda value: text(value, small))
    title = f"收费日报（{report['date']}）"
    money = (3, 5, 6)
    summary = [[cell(_money(c) if i in money else c) for i, c in enumerate(row)] for row in summary_rows(report)]
    methods = [[cell(m["name"]), cell(m["charges"]), cell(_money(m["charged"])), cell(m["refunds"]),
                cell(_money(m["refunded"])), cell(_money(m["net"]))] for m in report["methods"]]
    story = [text(report["hall"]["name"], s["title"]), text(title, s["title"]),
             text(f"统计日期：{report['date']}　单位：元　实收金额为收费金额减退费金额（退费计入退费当日）", s["no"]),
             Spacer(1, 3 * mm),
             table([[cell(h) for h in HEADINGS]] + summary,
                   [34 * mm, 36 * mm, 14 * mm, 22 * mm, 14 * mm, 22 * mm, 24 * mm], s["font"]),
             Spacer(1, 5 * mm), text("按支付方式", s["base"]), Spacer(1, 2 * mm),
             table([[cell(h) for h in ("支付方式", "收费笔数", "收费金额（元）", "退费笔数", "退费金额（元）", "实收金额（元）")]]
                   + (methods or [[cell("当日无收费")] + [cell("—")] * 5]),
                   [30 * mm, 22 * mm, 30 * mm, 22 * mm, 30 * mm, 32 * mm], s["font"])]
    if report["payments"]:
        story += [Spacer(1, 5 * mm), text("收费明细", s["base"]), Spacer(1, 2 * mm),
                  table([[cell(h) for h in ("时间", "办件编号", "事项", "窗口", "类型", "金额（元）", "支付方式",
                                            "财政电子票据号")]] +
                        [[cell(r[0][:5]), cell(r[1]), cell(r[2]), cell(r[3]), cell(r[4]), cell(_money(r[5])),
                          cell(r[6]), cell(r[7] or "—")] for r in detail_rows(report)],
                        [13 * mm, 36 * mm, 28 * mm, 10 * mm, 11 * mm, 20 * mm, 18 * mm, 30 * mm], s["font"])]
    story += [Spacer(1, 10 * mm), text("制表人：__________　　审核人：__________　　财务负责人：__________", s["right"]),
              text(f"{report['hall']['name']}", s["right"])]
    return build(story, title)


def to_xlsx(report: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    summary = book.active
    summary.title = "收费日报"
    summary.append([f"{report['hall']['name']} 收费日报 {report['date']}（单位：元）"])
    summary.append(HEADINGS)
    for row in summary_rows(report):
        summary.append([Decimal(_fen(c)) / 100 if i in (3, 5, 6) else c for i, c in enumerate(row)])
    detail = book.create_sheet("收费明细")
    detail.append(DETAIL)
    for row in detail_rows(report):
        detail.append([Decimal(_fen(c)) / 100 if i == 5 else c for i, c in enumerate(row)])
    methods = book.create_sheet("支付方式")
    methods.append(["支付方式", "收费笔数", "收费金额（元）", "退费笔数", "退费金额（元）", "实收金额（元）"])
    for m in report["methods"]:
        methods.append([m["name"], m["charges"], Decimal(_fen(m["charged"])) / 100, m["refunds"],
                        Decimal(_fen(m["refunded"])) / 100, Decimal(_fen(m["net"])) / 100])
    for sheet, header_row in ((summary, 2), (detail, 1), (methods, 1)):
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
        for column in "ABCDEFGHI":
            sheet.column_dimensions[column].width = 18
        for row in sheet.iter_rows(min_row=header_row + 1):
            for cell in row:
                if isinstance(cell.value, Decimal):
                    cell.number_format = "#,##0.00"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
