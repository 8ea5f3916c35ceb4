"""The same ticket as an 80 mm PDF (reportlab, embedded CJK font)."""
from __future__ import annotations

import io

from reportlab.graphics import renderPDF
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from printers.fonts import register_cjk_font
from printers.qr import qr_drawing
from printers.ticket import TicketPrint

WIDTH, HEIGHT = 80 * mm, 112 * mm


def render_ticket_pdf(ticket: TicketPrint) -> bytes:
    font = register_cjk_font()
    lines = ticket.lines()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(WIDTH, HEIGHT))
    pdf.setTitle(f"{ticket.hall_name} 排队号票 {ticket.number}")
    centre = WIDTH / 2
    y = HEIGHT - 5 * mm
    # (gap above in mm, font size, text): the ticket from the top down to the QR code
    rows = [(7, 11, lines["hall"]), (7, 10, lines["queue"]), (17, 44, lines["number"]),
            (9, 10, lines["ahead"]), (5.5, 10, lines["estimate"]), (5.5, 10, lines["window"]),
            (5.5, 8.5, lines["time"])]
    for gap, size, text in rows:
        if text:
            y -= gap * mm
            pdf.setFont(font, size)
            pdf.drawCentredString(centre, y, text)
    size = 30 * mm
    y -= size + 3 * mm
    renderPDF.draw(qr_drawing(ticket.track_url, size), pdf, centre - size / 2, y)
    y -= 4 * mm
    pdf.drawCentredString(centre, y, lines["qr_hint"])
    y -= 4 * mm
    pdf.setDash(2, 2)
    pdf.line(6 * mm, y, WIDTH - 6 * mm, y)
    y -= 5 * mm
    pdf.setFont(font, 9)
    pdf.drawCentredString(centre, y, lines["notice"])
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
