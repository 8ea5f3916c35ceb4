"""The thermal ticket as ESC/POS bytes, printer specs, and faults that never raise."""
import socket
from datetime import datetime

import pytest
from escpos.printer import Dummy

from printers import PrinterFault, TicketPrint, open_printer, print_ticket, print_via, try_print
from printers.escpos_ticket import COLUMNS, display_width, wrap
from printers.policy import PrinterPolicy

GS_SIZE = b"\x1d!"          # GS ! n: character size, for ASCII and Chinese alike
QR_COMMAND = b"\x1d\x28\x6b"  # GS ( k: the printer's own 2D-code command


def printed(ticket) -> bytes:
    printer = Dummy()
    print_ticket(printer, ticket)
    return printer.output


def test_text_goes_out_as_gb18030_in_chinese_mode(ticket):
    out = printed(ticket)
    assert out.startswith(b"\x1b@")                       # ESC @ first: no leftover state
    assert b"\x1c\x26" in out                             # FS &: Chinese character mode
    for text in ("A023", "新林区政务服务中心", "商事登记", "您前面还有 5 人等候", "预计等候约 36 分钟",
                 "2026-11-23 09:05", "扫码查看排队进度", "过号无效，请重新取号"):
        assert text.encode("gb18030") in out, text
    assert "您前面还有".encode("utf-8") not in out


def test_the_number_is_big_and_the_size_is_reset_after_it(ticket):
    out = printed(ticket)
    number = out.index("A023".encode("gb18030"))
    assert out.rfind(GS_SIZE, 0, number) == out.rfind(GS_SIZE + b"\x33", 0, number)   # 4x width, 4x height
    after = out.index("您前面还有".encode("gb18030"))
    sizes = [out[i + 2] for i in range(number, after) if out.startswith(GS_SIZE, i)]
    assert sizes
    assert sizes[-1] != 0x33   # later lines are not 4x


def test_native_qr_with_the_track_url_then_a_cut(ticket):
    out = printed(ticket)
    qr = out.index(QR_COMMAND)
    assert ticket.track_url.encode() in out[qr:]
    assert out.index("扫码查看排队进度".encode("gb18030")) > qr
    assert b"\x1dV" in out[-4:]                           # GS V: the cut comes last


def test_long_lines_are_wrapped_to_48_columns(long_ticket):
    assert all(display_width(line) <= COLUMNS for line in wrap(long_ticket.notice, COLUMNS))
    assert "".join(wrap(long_ticket.notice, COLUMNS)) == long_ticket.notice
    out = printed(long_ticket)
    assert "请到 3、5 号窗口等候".encode("gb18030") in out
    assert "绿色通道".encode("gb18030") in out


def test_issued_at_must_be_aware():
    with pytest.raises(ValueError):
        TicketPrint(hall_name="h", queue_name="q", number="A001", waiting_ahead=0, estimated_wait_minutes=0,
                    issued_at=datetime(2026, 11, 23, 9, 5), track_url="http://x/t/1")


def bench_policy(folder=None) -> PrinterPolicy:
    """A printer bench on loopback and TEST-NET-1, and a folder of the test's own."""
    return PrinterPolicy.from_settings(folders=str(folder or "/dev/usb"), networks="127.0.0.0/8,192.0.2.0/24",
                                       ports=["9", "9100", "4242", str(_closed_port())])


def test_printer_specs():
    assert isinstance(open_printer("dummy"), Dummy)
    network = open_printer("network:192.168.1.7")
    assert (network.host, network.port) == ("192.168.1.7", 9100)
    assert open_printer("network:192.0.2.7:4242", bench_policy()).port == 4242
    assert open_printer("network:[fd00::7]:9100").host == "fd00::7"
    assert open_printer("file:/dev/usb/lp0").devfile == "/dev/usb/lp0"
    for bad in ("serial:COM1", "", "network:", "network:host:99999", "usb:zz:0x5011", "usb:0x0416"):
        with pytest.raises(ValueError):
            open_printer(bad)


def _closed_port() -> int:
    with socket.socket() as s:   # bind, then free it: nothing listens there afterwards
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_printer_fault_is_reported_not_raised(ticket):
    policy = bench_policy("/nonexistent-dir")
    for spec in ("network:127.0.0.1:9", f"network:127.0.0.1:{policy.ports[-1]}"):
        fault = try_print(spec, ticket, policy)
        assert fault, fault
        assert fault.startswith("打印机未连接"), fault
    with pytest.raises(PrinterFault):
        print_via("network:127.0.0.1:9", ticket, policy)
    assert try_print("nonsense", ticket).startswith("打印机配置有误")
    assert try_print("file:/nonexistent-dir/lp0", ticket, policy).startswith("打印机未连接")


def test_a_failure_while_printing_is_a_fault(ticket, monkeypatch):
    def jammed(self, msg):
        raise OSError(5, "Input/output error")
    monkeypatch.setattr(Dummy, "_raw", jammed)
    assert try_print("dummy", ticket).startswith("打印机缺纸或故障")


def test_printing_to_a_device_file(ticket, tmp_path):
    path = tmp_path / "lp0"
    assert try_print(f"file:{path}", ticket, bench_policy(tmp_path)) is None
    data = path.read_bytes()
    assert "A023".encode("gb18030") in data
    assert QR_COMMAND in data
