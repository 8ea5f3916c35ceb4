"""Attack: a manager account (or a stolen one) registers a kiosk whose printer setting is a
weapon: ``file:`` any path the server (often root) can write, ``network:`` any host and
port, with fault texts that tell open ports from closed ones. Both are refused now, and a
fault reads the same whatever failed underneath."""
import socket
from datetime import datetime

import pytest

from printers import TicketPrint, try_print
from printers.policy import DEFAULT_POLICY, PrinterPolicy

API = "/api/v1"


def register(client, headers, printer: str):
    return client.post(f"{API}/devices", json={"kind": "kiosk", "name": "取号机", "printer": printer},
                       headers=headers)


@pytest.mark.parametrize("spec", ["file:{victim}", "file:/dev/usb/../../{victim}", "file:/etc/cron.d/hall"])
def test_a_kiosk_printer_cannot_name_any_file(client, login, tmp_path, spec):
    victim = tmp_path / "victim"
    victim.write_text("precious")
    response = register(client, login("manager"), spec.format(victim=str(victim).lstrip("/") if "usb/.." in spec
                                                               else victim))
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_printer"
    assert victim.read_text() == "precious"


@pytest.mark.parametrize("spec", ["network:127.0.0.1:22", "network:127.0.0.1:9100", "network:8.8.8.8:9100",
                                  "network:192.168.1.20:22", "network:localhost"])
def test_a_kiosk_printer_cannot_connect_anywhere(client, login, spec):
    response = register(client, login("manager"), spec)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_printer"
    assert "打印机配置有误" in response.get_json()["error"]["message"]


def test_a_printer_in_the_halls_network_on_the_raw_port_is_accepted(client, login):
    response = register(client, login("manager"), "network:192.168.1.20:9100")
    assert response.status_code == 201, response.get_json()


def test_a_printer_inside_the_allowed_folder_is_accepted_even_by_symlink_only_inside(tmp_path):
    policy = PrinterPolicy.from_settings(folders=str(tmp_path / "usb"))
    (tmp_path / "usb").mkdir()
    (tmp_path / "usb" / "lp0").write_bytes(b"")
    (tmp_path / "usb" / "escape").symlink_to(tmp_path / "outside")
    assert policy.file_path(str(tmp_path / "usb" / "lp0")).endswith("/usb/lp0")
    with pytest.raises(ValueError):
        policy.file_path(str(tmp_path / "usb" / "escape"))


def test_faults_read_the_same_for_a_refused_port_and_a_missing_device(tmp_path):
    with socket.socket() as s:        # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    policy = PrinterPolicy.from_settings(folders=str(tmp_path), networks="127.0.0.0/8", ports=[str(closed)])
    ticket = TicketPrint(hall_name="h", queue_name="q", number="A001", waiting_ahead=0, estimated_wait_minutes=0,
                         issued_at=datetime.now().astimezone(), track_url="http://x/t/1")
    refused = try_print(f"network:127.0.0.1:{closed}", ticket, policy)
    missing = try_print(f"file:{tmp_path}/no-such-dir/lp0", ticket, policy)
    assert refused.replace(f"network:127.0.0.1:{closed}", "SPEC") == missing.replace(f"file:{tmp_path}/no-such-dir/lp0",
                                                                                      "SPEC")
    assert "拒绝" not in refused and "超时" not in refused


def test_the_default_policy_is_the_private_ranges_on_port_9100():
    assert DEFAULT_POLICY.ports == (9100,)
    assert DEFAULT_POLICY.network_address("10.1.2.3", 9100) == "10.1.2.3"
    with pytest.raises(ValueError):
        DEFAULT_POLICY.network_address("127.0.0.1", 9100)
