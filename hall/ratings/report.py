"""The monthly star-rating report: PDF (table and chart), CSV and XLSX."""
from __future__ import annotations

import csv
import io

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from hall.pdf import text
from printers.fonts import register_cjk_font

COLUMNS = ["名次", "对象", "名称", "得分", "星级", "好评率", "按时办结率", "办件量", "扣分"]


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def table_rows(rows: list[dict], of: str) -> list[list]:
    return [[i, row[of], row["name"], f"{row['score']:.2f}", "★" * row["stars"],
             _pct(row["breakdown"]["indicators"]["好评率"]), _pct(row["breakdown"]["indicators"]["按时办结率"]),
             row["breakdown"]["indicators"]["services"], f"{row['breakdown']['deductions']:.1f}"]
            for i, row in enumerate(rows, start=1)]


def to_csv(rows: list[dict], of: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(table_rows(rows, of))
    return ("\ufeff" + out.getvalue()).encode("utf-8")   # BOM: Excel opens Chinese CSV correctly


def to_xlsx(sheets: dict[str, tuple[list[dict], str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for title, (rows, of) in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append(COLUMNS)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table_rows(rows, of):
            sheet.append(row)
        sheet.column_dimensions["C"].width = 24
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _chart(rows: list[dict], of: str, font: str) -> Drawing:
    top = rows[:20]
    drawing = Drawing(170 * mm, 70 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 12 * mm, 150 * mm, 50 * mm
    chart.data = [[r["score"] for r in top] or [0]]
    chart.categoryAxis.categoryNames = [f"{r[of]}" for r in top] or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = font
    chart.bars[0].fillColor = colors.HexColor("#0b4ea2")
    drawing.add(chart)
    drawing.add(String(85 * mm, 66 * mm, "得分（前20名）", fontName=font, fontSize=9, textAnchor="middle"))
    return drawing


def to_pdf(hall_name: str, month: str, closed: bool, windows: list[dict], staff: list[dict]) -> bytes:
    font = register_cjk_font()
    base = ParagraphStyle("b", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    title = ParagraphStyle("t", parent=base, fontSize=18, leading=28, alignment=1)
    story = [text(hall_name, title), text(f"{month} 窗口及工作人员星级评比", title),
             text(("评比已结束，结果已冻结。" if closed else "评比未结束，以下为实时计算结果。") +
                       "评分办法：好评率、按时办结率、考勤、工作效率加权计100分，投诉、责任追究、退件、效能监察问题扣分；"
                       "有投诉或责任追究的不得评为五星。", base)]
    for label, rows, of in (("窗口", windows, "window"), ("工作人员", staff, "staff")):
        story += [Spacer(1, 5 * mm), text(f"{label}评比结果", ParagraphStyle("h", parent=base, fontSize=13, leading=20)),
                  _chart(rows, of, font)]
        cell = ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11)
        body = [r[:2] + [text(str(r[2]), cell)] + r[3:] for r in table_rows(rows, of)]   # long names wrap
        table = Table([COLUMNS] + body, repeatRows=1,
                      colWidths=[10 * mm, 14 * mm, 42 * mm, 14 * mm, 18 * mm, 16 * mm, 20 * mm, 14 * mm, 12 * mm])
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, 8.5), ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f0fb")),
                                   ("TEXTCOLOR", (4, 1), (4, -1), colors.HexColor("#d98e04"))]))
        story.append(table)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm, topMargin=16 * mm,
                      bottomMargin=16 * mm, title=f"{month}星级评比").build(story)
    return out.getvalue()
