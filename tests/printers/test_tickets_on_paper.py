"""Thermal (ESC/POS bytes) and PDF tickets."""
import shutil
import subprocess
from datetime import datetime, timedelta, timezone

import pytest
from escpos.printer import Dummy

from printers import TicketPrint
from printers.devices import open_printer, try_print
from printers.escpos_ticket import print_ticket
from printers.pdf_ticket import render_ticket_pdf

TICKET = TicketPrint(hall_name="新林区政务服务中心", queue_name="商事登记", number="A023", waiting_ahead=5,
                     estimated_wait_minutes=36,
                     issued_at=datetime(2026, 11, 23, 9, 5, tzinfo=timezone(timedelta(hours=8))),
                     track_url="http://127.0.0.1:5000/t/abcDEF123456")


def test_escpos_ticket_sends_gb18030_text_a_native_qr_and_a_cut():
    printer = Dummy()
    print_ticket(printer, TICKET)
    out = printer.output
    assert "A023".encode("gb18030") in out
    assert "您前面还有 5 人等候".encode("gb18030") in out
    assert "新林区政务服务中心".encode("gb18030") in out
    assert b"\x1c\x26" in out                       # Chinese character mode
    qr = out.index(b"\x1d\x28\x6b")                  # GS ( k: the printer's own QR command
    assert TICKET.track_url.encode() in out[qr:]
    assert b"\x1dV" in out                           # GS V: cut


def test_printer_specs():
    assert isinstance(open_printer("dummy"), Dummy)
    with pytest.raises(ValueError):
        open_printer("serial-ish:COM1")


def test_a_printer_fault_is_reported_not_raised(tmp_path):
    fault = try_print("network:127.0.0.1:9", TICKET)
    assert fault and fault.startswith("打印机")
    assert try_print("nonsense", TICKET).startswith("打印机配置有误")
    path = tmp_path / "lp0"
    assert try_print(f"file:{path}", TICKET) is None
    assert "A023".encode("gb18030") in path.read_bytes()


def test_pdf_ticket_is_80mm_with_an_embedded_cjk_font(tmp_path):
    pdf = render_ticket_pdf(TICKET)
    assert pdf.startswith(b"%PDF")
    assert b"WenQuanYiZenHei" in pdf
    assert b"226.7" in pdf  # 80 mm page width in points
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext missing (poppler-utils)")
    path = tmp_path / "t.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "A023" in text and "您前面还有" in text and "过号无效" in text
    subprocess.run(["pdftoppm", "-png", "-r", "100", str(path), str(tmp_path / "page")], check=True)
    assert (tmp_path / "page-1.png").stat().st_size > 5000
