"""The ticket on an 80 mm ESC/POS thermal printer (48 columns at font A, 576 dots).

Chinese thermal printers print GB18030 in Chinese character mode (FS &); python-escpos's
code-page machinery ("magic encode") does not cover Chinese, so text goes out as raw
GB18030 bytes while sizes, alignment, the QR code (the printer's own GS ( k command) and the
cut go through the library. FS & is repeated before each text line because ESC @ and some
firmwares' size commands drop the mode; it is idempotent.

Sizes always go through GS ! (``custom_size``): it scales Chinese characters as well as
ASCII, whereas ESC ! (python-escpos's ``double_height``/``normal_textsize``) covers ASCII
only and does not undo a GS ! size, which would leave the rest of the ticket huge.
"""
from __future__ import annotations

from escpos.constants import QR_ECLEVEL_M

from printers.ticket import TicketPrint

CHINESE_MODE_ON = b"\x1c\x26"   # FS &
COLUMNS = 48                    # font A on 80 mm paper; a Chinese character takes two
QR_DOT_SIZE = 7                 # module size in dots: a ~40-char URL comes out ~25 mm wide


def display_width(text: str) -> int:
    """Columns the text takes at font A. In Chinese mode every multi-byte GB18030 character
    prints full width (two columns), including "ambiguous" ones such as · and ×."""
    return sum(1 if ord(ch) < 0x80 else 2 for ch in text)


def _greedy(text: str, columns: int) -> list[str]:
    lines, current, width = [], "", 0
    for ch in text:
        w = display_width(ch)
        if current and width + w > columns:
            lines.append(current)
            current, width = "", 0
        current += ch
        width += w
    return lines + [current] if current or not lines else lines


def wrap(text: str, columns: int) -> list[str]:
    """Split into lines of at most ``columns`` columns (by character: Chinese has no
    spaces), each centred by the printer; balanced so no lone orphan ends the text."""
    lines = _greedy(text, columns)
    for limit in range(-(-display_width(text) // len(lines)), columns):
        balanced = _greedy(text, limit)
        if len(balanced) == len(lines):
            return balanced
    return lines


def _text(printer, text: str, columns: int = COLUMNS) -> None:
    for line in wrap(text, columns):
        printer._raw(CHINESE_MODE_ON + (line + "\n").encode("gb18030"))


def _style(printer, width: int = 1, height: int = 1, bold: bool = False) -> None:
    printer.set(align="center", custom_size=True, width=width, height=height, bold=bold)


def print_ticket(printer, ticket: TicketPrint) -> None:
    """Send the whole ticket, ending with a cut, to a python-escpos printer object."""
    lines = ticket.lines()
    printer.hw("INIT")   # ESC @: no size or alignment left over from a half-printed ticket
    _style(printer, height=2, bold=True)
    _text(printer, lines["hall"])
    _style(printer)
    _text(printer, lines["queue"])
    if lines["green"]:
        printer.set(align="center", bold=True, invert=True)   # GS B: white on black
        _text(printer, f"  {lines['green']}  ")
        printer.set(bold=False, invert=False)
    printer._raw(b"\n")
    _style(printer, width=4, height=4, bold=True)
    _text(printer, lines["number"], COLUMNS // 4)
    _style(printer)
    printer._raw(b"\n")
    _style(printer, height=2)
    _text(printer, lines["ahead"])
    _style(printer)
    _text(printer, lines["estimate"])
    if lines["window"]:
        _text(printer, lines["window"])
    _text(printer, lines["time"])
    printer._raw(b"\n")
    printer.qr(ticket.track_url, ec=QR_ECLEVEL_M, size=QR_DOT_SIZE, native=True)
    printer._raw(b"\n")
    _text(printer, lines["qr_hint"])
    _text(printer, "-" * COLUMNS)
    _style(printer, bold=True)
    _text(printer, lines["notice"])
    printer.set(align="left", custom_size=True, width=1, height=1, bold=False)
    printer.cut()
