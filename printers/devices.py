"""Printers from a spec string, and printing that never takes the ticket down with it."""
from __future__ import annotations

from printers.escpos_ticket import print_ticket
from printers.ticket import TicketPrint


class PrinterFault(Exception):
    pass


def open_printer(spec: str):
    """``usb:0x0416:0x5011``, ``network:HOST[:PORT]`` (9100), ``file:/dev/usb/lp0``, ``dummy``."""
    from escpos import printer as p

    kind, _, rest = (spec or "").partition(":")
    if kind == "dummy":
        return p.Dummy()
    if kind == "file" and rest:
        return p.File(rest)
    if kind == "network" and rest:
        host, _, port = rest.partition(":")
        return p.Network(host, port=int(port or 9100), timeout=3)
    if kind == "usb" and rest:
        vendor, _, product = rest.partition(":")
        return p.Usb(int(vendor, 16), int(product, 16))
    raise ValueError(f"打印机配置有误：{spec!r}（应为 usb:VID:PID、network:HOST[:PORT]、file:PATH 或 dummy）")


def try_print(spec: str, ticket: TicketPrint) -> str | None:
    """None when printed; otherwise a Chinese description of the fault. Never raises."""
    try:
        printer = open_printer(spec)
    except ValueError as exc:
        return str(exc)
    except Exception as exc:
        return f"打印机未连接：{exc}"
    try:
        if hasattr(printer, "open") and getattr(printer, "device", None) is None:
            printer.open()
        print_ticket(printer, ticket)
        printer.close()
        return None
    except Exception as exc:
        return f"打印机缺纸或故障：{exc or type(exc).__name__}"
