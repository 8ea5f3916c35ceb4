"""Printers from a spec string, and printing that never takes the ticket down with it.

Specs (stored per kiosk in ``Device.printer``)::

    usb:0x0416:0x5011        USB vendor:product (hex), needs pyusb
    network:HOST[:PORT]      raw TCP, port 9100 by default
    file:/dev/usb/lp0        a device node (Linux usblp / parallel port)
    dummy                    escpos.printer.Dummy, keeps the bytes in memory
"""
from __future__ import annotations

import socket

from printers.escpos_ticket import print_ticket
from printers.ticket import TicketPrint

NETWORK_TIMEOUT = 3.0   # seconds; a kiosk must not hang on a dead printer
USB_TIMEOUT_MS = 5000   # pyusb's default 0 would wait forever on a jammed printer
SPEC_HELP = "应为 usb:VID:PID、network:HOST[:PORT]、file:PATH 或 dummy"


class PrinterFault(Exception):
    """The printer could not be reached or failed while printing; ``str()`` is Chinese,
    ready to show to hall staff."""


def _hex_id(value: str, spec: str) -> int:
    try:
        number = int(value, 16)
    except ValueError:
        number = -1
    if not 0 < number <= 0xFFFF:
        raise ValueError(f"打印机配置有误：{spec!r} 中的 USB 编号 {value!r} 不是十六进制数（如 0x0416）")
    return number


def open_printer(spec: str):
    """A python-escpos printer object for ``spec``; it connects on first use.

    Raises ``ValueError`` for a malformed or unknown spec."""
    from escpos import printer as p

    kind, _, rest = (spec or "").strip().partition(":")
    if kind == "dummy" and not rest:
        return p.Dummy()
    if kind == "file" and rest:
        return p.File(rest)
    if kind == "network" and rest:
        host, _, port = rest.partition(":")
        if not host or (port and not (port.isdigit() and 0 < int(port) < 65536)):
            raise ValueError(f"打印机配置有误：{spec!r} 的主机或端口无效（network:HOST[:PORT]）")
        return p.Network(host, port=int(port or 9100), timeout=NETWORK_TIMEOUT)
    if kind == "usb" and rest:
        vendor, _, product = rest.partition(":")
        vid, pid = _hex_id(vendor, spec), _hex_id(product, spec)
        if not p.Usb.is_usable():
            raise PrinterFault("打印机未连接：未安装 USB 驱动库 pyusb")
        return p.Usb(vid, pid, timeout=USB_TIMEOUT_MS)
    raise ValueError(f"打印机配置有误：{spec!r}（{SPEC_HELP}）")


def _reason(exc: BaseException) -> str:
    """A short description of a low-level error, Chinese for the common ones."""
    causes = [exc, exc.__cause__, exc.__context__]
    for cause in causes:
        if isinstance(cause, ConnectionRefusedError):
            return "连接被拒绝"
        if isinstance(cause, (socket.timeout, TimeoutError)):
            return "连接超时"
        if isinstance(cause, FileNotFoundError):
            return "设备不存在"
        if isinstance(cause, PermissionError):
            return "无权限访问设备"
    for cause in causes:
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def print_via(spec: str, ticket: TicketPrint) -> None:
    """Connect, print and cut, then disconnect. Raises ``ValueError`` for a bad spec and
    ``PrinterFault`` for anything that goes wrong at the printer."""
    printer = open_printer(spec)
    try:
        try:
            printer.device   # the property connects (python-escpos opens lazily)
        except Exception as exc:
            raise PrinterFault(f"打印机未连接：{spec}（{_reason(exc)}）") from exc
        try:
            print_ticket(printer, ticket)
        except Exception as exc:
            raise PrinterFault(f"打印机缺纸或故障：{spec}（{_reason(exc)}）") from exc
    finally:
        try:
            printer.close()
        except Exception:
            pass


def try_print(spec: str, ticket: TicketPrint) -> str | None:
    """None when printed; otherwise a Chinese description of the fault. Never raises:
    the ticket is already issued, a printer failure must not take it back."""
    try:
        print_via(spec, ticket)
        return None
    except (PrinterFault, ValueError) as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - deliberately everything
        return f"打印机故障：{_reason(exc)}"
