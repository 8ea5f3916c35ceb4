"""Styles, tables and escaped paragraphs for the hall's A4 PDFs (see the package docstring)."""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from printers.fonts import register_cjk_font


def text(value, style: ParagraphStyle) -> Paragraph:
    """A paragraph that prints ``value`` exactly: ``<``, ``>`` and ``&`` are characters, not markup."""
    return Paragraph(escape("" if value is None else str(value)), style)


def styles() -> dict:
    font = register_cjk_font()
    base = ParagraphStyle("base", fontName=font, fontSize=11.5, leading=19, wordWrap="CJK")
    return {"font": font, "base": base,
            "title": ParagraphStyle("title", parent=base, fontSize=20, leading=30, alignment=1, spaceAfter=4),
            "no": ParagraphStyle("no", parent=base, alignment=2, fontSize=10.5),
            "right": ParagraphStyle("right", parent=base, alignment=2)}


def table(rows, widths, font) -> Table:
    grid = Table(rows, colWidths=widths, repeatRows=1)
    grid.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), font, 10.5), ("GRID", (0, 0), (-1, -1), 0.6, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f0fb")), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return grid


def build(story, title: str) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=20 * mm,
                            bottomMargin=20 * mm, title=title)
    doc.build(story)
    return out.getvalue()
