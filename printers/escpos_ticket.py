"""The ticket on an 80 mm ESC/POS thermal printer.

Chinese thermal printers print GB18030 in Chinese character mode (FS &); python-escpos's
code-page machinery does not cover Chinese, so text goes out as raw GB18030 bytes while
layout, QR (the printer's own GS ( k command) and the cut use the library.
"""
from __future__ import annotations

from printers.ticket import TicketPrint

CHINESE_MODE_ON = b"\x1c\x26"   # FS &
LINE = "-" * 48


def _text(printer, text: str) -> None:
    printer._raw(CHINESE_MODE_ON + (text + "\n").encode("gb18030"))


def print_ticket(printer, ticket: TicketPrint) -> None:
    lines = ticket.lines()
    printer.set(align="center", normal_textsize=True, bold=True)
    _text(printer, lines["hall"])
    printer.set(align="center", normal_textsize=True, bold=False)
    _text(printer, lines["queue"])
    printer.set(align="center", custom_size=True, width=4, height=4, bold=True)
    _text(printer, lines["number"])
    printer.set(align="center", normal_textsize=True, bold=False)
    _text(printer, lines["ahead"])
    _text(printer, lines["estimate"])
    if lines["window"]:
        _text(printer, lines["window"])
    _text(printer, lines["time"])
    printer.set(align="center")
    printer.qr(ticket.track_url, size=6, native=True)
    _text(printer, lines["qr_hint"])
    _text(printer, LINE)
    _text(printer, lines["notice"])
    printer.cut()
