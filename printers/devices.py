"""Printers from a spec string, and printing that never takes the ticket down with it.

Specs (stored per kiosk in ``Device.printer``)::

    usb:0x0416:0x5011        USB vendor:product (hex), needs pyusb
    network:HOST[:PORT]      raw TCP, port 9100 by default
    file:/dev/usb/lp0        a device node (Linux usblp / parallel port)
    dummy                    escpos.printer.Dummy, keeps the bytes in memory

Where ``file:`` and ``network:`` may point is the hall's ``PrinterPolicy``
(``printers.policy``). A fault reads the same whatever went wrong underneath (refused,
timed out, no such device), so the text cannot be used to probe ports or paths; the
cause goes to the server log for the technician.
"""
from __future__ import annotations

import logging

from printers.escpos_ticket import print_ticket
from printers.policy import DEFAULT_POLICY, RAW_PORT, PrinterPolicy
from printers.ticket import TicketPrint

log = logging.getLogger(__name__)

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


def _host_and_port(rest: str) -> tuple[str, str]:
    """``host``, ``host:port``, ``[v6]`` or ``[v6]:port``; a bare IPv6 address has no port."""
    if rest.startswith("["):
        host, _, tail = rest[1:].partition("]")
        return host, tail.removeprefix(":")
    if rest.count(":") > 1:
        return rest, ""
    host, _, port = rest.partition(":")
    return host, port


def open_printer(spec: str, policy: PrinterPolicy = DEFAULT_POLICY):
    """A python-escpos printer object for ``spec``; it connects on first use.

    Raises ``ValueError`` for a malformed or unknown spec, and its subclass
    ``PrinterNotAllowed`` for a file or address the policy does not allow."""
    from escpos import printer as p

    kind, _, rest = (spec or "").strip().partition(":")
    if kind == "dummy" and not rest:
        return p.Dummy()
    if kind == "file" and rest:
        return p.File(policy.file_path(rest))
    if kind == "network" and rest:
        host, port = _host_and_port(rest)
        if not host or (port and not (port.isdigit() and 0 < int(port) < 65536)):
            raise ValueError(f"打印机配置有误：{spec!r} 的主机或端口无效（network:HOST[:PORT]）")
        port_number = int(port or RAW_PORT)
        return p.Network(policy.network_address(host, port_number), port=port_number, timeout=NETWORK_TIMEOUT)
    if kind == "usb" and rest:
        vendor, _, product = rest.partition(":")
        vid, pid = _hex_id(vendor, spec), _hex_id(product, spec)
        if not p.Usb.is_usable():
            raise PrinterFault("打印机未连接：未安装 USB 驱动库 pyusb")
        return p.Usb(vid, pid, timeout=USB_TIMEOUT_MS)
    raise ValueError(f"打印机配置有误：{spec!r}（{SPEC_HELP}）")


def print_via(spec: str, ticket: TicketPrint, policy: PrinterPolicy = DEFAULT_POLICY) -> None:
    """Connect, print and cut, then disconnect. Raises ``ValueError`` for a bad spec and
    ``PrinterFault`` for anything that goes wrong at the printer."""
    printer = open_printer(spec, policy)
    try:
        try:
            printer.device   # the property connects (python-escpos opens lazily)
        except Exception as exc:
            log.warning("printer %s did not connect: %r", spec, exc)
            raise PrinterFault(f"打印机未连接：{spec}（请检查电源和连线）") from exc
        try:
            print_ticket(printer, ticket)
        except Exception as exc:
            log.warning("printer %s failed while printing: %r", spec, exc)
            raise PrinterFault(f"打印机缺纸或故障：{spec}（请检查纸张和打印机）") from exc
    finally:
        try:
            printer.close()
        except Exception:
            pass


def try_print(spec: str, ticket: TicketPrint, policy: PrinterPolicy = DEFAULT_POLICY) -> str | None:
    """None when printed; otherwise a Chinese description of the fault. Never raises:
    the ticket is already issued, a printer failure must not take it back."""
    try:
        print_via(spec, ticket, policy)
        return None
    except (PrinterFault, ValueError) as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - deliberately everything
        log.exception("printer %s failed", spec)
        return f"打印机故障：{spec}（请检查打印机）"
