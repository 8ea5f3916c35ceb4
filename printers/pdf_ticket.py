"""The same ticket as an 80 mm PDF (reportlab, embedded CJK font), for kiosks without a
thermal printer, "download my ticket" on the track page, and the screenshots.

Laid out like the thermal ticket: a column of centred lines, the number very large, the
QR code, then the notice under a dashed tear line. The page is 80 mm wide and at least
130 mm long; a long notice makes it longer rather than clipping.
"""
from __future__ import annotations

import io

from reportlab.graphics import renderPDF
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from printers.fonts import register_cjk_font
from printers.qr import qr_drawing
from printers.ticket import TicketPrint

WIDTH, MIN_HEIGHT = 80 * mm, 130 * mm
MARGIN = 6 * mm
TEXT_WIDTH = WIDTH - 2 * MARGIN
QR_SIZE = 32 * mm
BOLD_STROKE = 0.5   # wqy-zenhei has no bold face: fill + a thin outline (text mode 2)


def _fit(font: str, text: str, size: float, smallest: float = 7) -> float:
    """Shrink the size until one line of ``text`` fits the text width."""
    while size > smallest and stringWidth(text, font, size) > TEXT_WIDTH:
        size -= 0.5
    return size


def _wrap(font: str, text: str, size: float) -> list[str]:
    """Break by character (Chinese has no spaces) into lines that fit the text width,
    balanced so the last line is not a lone orphan of one or two characters."""
    def greedy(limit: int) -> list[str]:
        lines, current = [], ""
        for ch in text:
            if current and (len(current) >= limit or
                            stringWidth(current + ch, font, size) > TEXT_WIDTH):
                lines.append(current)
                current = ""
            current += ch
        return lines + [current] if current else lines

    lines = greedy(len(text))
    balanced = greedy(-(-len(text) // max(1, len(lines))))
    return balanced if len(balanced) == len(lines) else lines


def _layout(ticket: TicketPrint, font: str) -> list[tuple]:
    """The ticket from the top down as (kind, gap above in pt, height in pt, payload)."""
    lines = ticket.lines()
    ops: list[tuple] = []

    def text(gap_mm, size, value, bold=False, fit=True):
        if value:
            size = _fit(font, value, size) if fit else size
            ops.append(("text", gap_mm * mm, size, (value, size, bold)))

    if _fit(font, lines["hall"], 13) >= 10:
        text(0, 13, lines["hall"], bold=True)
    else:   # a long official name: two lines rather than a tiny one
        for i, line in enumerate(_wrap(font, lines["hall"], 11)):
            text(0 if i == 0 else 1.5, 11, line, bold=True)
    ops.append(("rule", 3 * mm, 0, None))
    text(6.5, 11, lines["queue"])
    if lines["green"]:
        ops.append(("badge", 3 * mm, 5.5 * mm, lines["green"]))
    text(4 if lines["green"] else 3, 50, lines["number"], bold=True)
    text(9, 11, lines["ahead"])
    text(3.5, 11, lines["estimate"])
    text(3.5, 10, lines["window"])
    text(4.5, 8.5, lines["time"])
    ops.append(("qr", 4 * mm, QR_SIZE, ticket.track_url))
    text(1.5, 8.5, lines["qr_hint"])
    ops.append(("dash", 4 * mm, 0, None))
    for i, line in enumerate(_wrap(font, lines["notice"], 9.5)):
        text(5 if i == 0 else 1.6, 9.5, line, bold=True, fit=False)
    return ops


def render_ticket_pdf(ticket: TicketPrint) -> bytes:
    """One 80 mm page, font embedded (subset), returned as PDF bytes."""
    font = register_cjk_font()
    ops = _layout(ticket, font)
    top = 7 * mm
    needed = top + sum(gap + size for _kind, gap, size, _payload in ops) + 7 * mm
    height = max(MIN_HEIGHT, needed)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(WIDTH, height))
    pdf.setTitle(f"{ticket.hall_name} 排队号票 {ticket.number}")
    pdf.setAuthor(ticket.hall_name)
    centre = WIDTH / 2
    y = height - top
    for kind, gap, size, payload in ops:
        y -= gap + size   # y becomes the bottom (text: baseline) of this element
        if kind == "text":
            value, size, bold = payload
            pdf.setFont(font, size)
            pdf.setLineWidth(BOLD_STROKE * size / 12)
            pdf.drawCentredString(centre, y, value, mode=2 if bold else 0)
        elif kind == "rule":
            pdf.setLineWidth(0.6)
            pdf.line(MARGIN, y, WIDTH - MARGIN, y)
        elif kind == "dash":
            pdf.setLineWidth(0.6)
            pdf.setDash(2, 2)
            pdf.line(MARGIN, y, WIDTH - MARGIN, y)
            pdf.setDash()
        elif kind == "badge":
            pdf.setFont(font, 9)
            w = stringWidth(payload, font, 9) + 6 * mm
            pdf.setFillColorRGB(0.05, 0.45, 0.2)   # green on screen, dark grey on a mono printer
            pdf.roundRect(centre - w / 2, y, w, size, 1.5 * mm, stroke=0, fill=1)
            pdf.setFillColorRGB(1, 1, 1)
            pdf.drawCentredString(centre, y + 1.6 * mm, payload)
            pdf.setFillColorRGB(0, 0, 0)
        elif kind == "qr":
            renderPDF.draw(qr_drawing(payload, size), pdf, centre - size / 2, y)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
