"""Queue tickets on paper: 80 mm ESC/POS thermal printers and an 80 mm PDF.

Public API::

    TicketPrint                       what a ticket shows (frozen dataclass)
    print_ticket(printer, ticket)     drive a python-escpos printer object
    open_printer(spec)                usb:VID:PID | network:HOST[:PORT] | file:PATH | dummy
    try_print(spec, ticket)           None, or a Chinese fault text; never raises
    print_via(spec, ticket)           the same, raising PrinterFault / ValueError
    render_ticket_pdf(ticket)         80 mm PDF bytes
    register_cjk_font(), cjk_font_path()   the CJK font for any reportlab PDF
    qr_drawing(data, size)            a vector QR code for reportlab

The names load on first use: python-escpos and reportlab together take some 15 MB, which
a server process that never prints should not carry.
"""
from importlib import import_module

from printers.ticket import TicketPrint

_HOMES = {
    "print_ticket": "printers.escpos_ticket",
    "open_printer": "printers.devices", "try_print": "printers.devices",
    "print_via": "printers.devices", "PrinterFault": "printers.devices",
    "render_ticket_pdf": "printers.pdf_ticket",
    "register_cjk_font": "printers.fonts", "cjk_font_path": "printers.fonts",
    "qr_drawing": "printers.qr",
}

__all__ = ["TicketPrint", *_HOMES]


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'printers' has no attribute {name!r}")
