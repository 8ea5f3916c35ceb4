"""Printing at a kiosk, the PDF ticket and QR code, and the offline call voice."""
from pathlib import Path

from hall.devices.models import Device
from hall.devices.service import add_device
from printers.policy import PrinterPolicy
from tests.conftest import db_session


def bench_printers(app, folder) -> PrinterPolicy:
    """This test's printer bench: a folder of its own and a port on loopback."""
    policy = PrinterPolicy.from_settings(folders=str(folder), networks="127.0.0.0/8", ports="9")
    app.extensions["hall_printer_policy"] = policy
    return policy


def register_kiosk(app, printer: str, policy: PrinterPolicy) -> str:
    from hall.web import current_hall
    session = db_session(app)
    with app.app_context():
        _device, token = add_device(session, current_hall(session), "kiosk", name="一楼取号机", printer=printer,
                                    printer_policy=policy)
    session.commit()
    session.close()
    return token


def take(client, kiosk=None):
    """A ticket, taken at ``kiosk`` (its device token: only that kiosk prints it)."""
    headers = {"X-Device-Token": kiosk} if kiosk else None
    return client.post("/api/v1/tickets", json={"queue_code": "business"}, headers=headers).get_json()


def test_kiosk_prints_gb18030_on_its_printer(client, app, tmp_path):
    paper = tmp_path / "lp0"
    token = register_kiosk(app, f"file:{paper}", bench_printers(app, tmp_path))
    ticket = take(client, token)
    response = client.post(f"/api/v1/tickets/{ticket['id']}/print", headers={"X-Device-Token": token})
    assert response.get_json() == {"printed": True, "fault": None}
    assert ticket["number"].encode("gb18030") in paper.read_bytes()


def test_a_printer_fault_keeps_the_ticket_and_tells_managers(client, app, socket_client, login, tmp_path):
    token = register_kiosk(app, "network:127.0.0.1:9", bench_printers(app, tmp_path))
    stranger = socket_client("manager")
    assert [m["args"][0]["error"]["code"] for m in stranger.get_received() if m["name"] == "join_error"] \
        == ["unauthorized"]
    manager = socket_client("manager", token=login("manager")["Authorization"][7:])
    ticket = take(client, token)
    body = client.post(f"/api/v1/tickets/{ticket['id']}/print", headers={"X-Device-Token": token}).get_json()
    assert body["printed"] is False
    assert body["fault"].startswith("打印机")
    alerts = [m["args"][0] for m in manager.get_received() if m["name"] == "alert"]
    assert alerts
    assert alerts[0]["kind"] == "printer_fault"
    assert alerts[0]["ticket"] == ticket["number"]
    session = db_session(app)
    assert session.query(Device).one().printer_fault.startswith("打印机")
    session.close()
    assert client.get(f"/api/v1/tickets/by-token/{ticket['token']}").get_json()["status"] == "waiting"


def test_printing_needs_a_registered_kiosk(client):
    ticket = take(client)
    for headers in ({}, {"X-Device-Token": "forged"}):
        response = client.post(f"/api/v1/tickets/{ticket['id']}/print", headers=headers)
        assert response.status_code == 403
        assert response.get_json()["error"]["code"] == "device_not_registered"


def test_pdf_ticket_and_qr_code(client):
    ticket = take(client)
    pdf = client.get(f"/api/v1/tickets/by-token/{ticket['token']}/ticket.pdf")
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    qr = client.get(f"/api/v1/tickets/by-token/{ticket['token']}/qr.png")
    assert qr.mimetype == "image/png"
    assert qr.data.startswith(b"\x89PNG")
    assert client.get("/api/v1/tickets/by-token/nope/qr.png").status_code == 404


def test_call_voice_is_rendered_once_and_cached(client, app):
    url = "/api/v1/voice?text=请A001号到3号窗口办理"
    first = client.get(url)
    assert first.status_code == 200
    assert first.mimetype == "audio/wav"
    assert first.data.startswith(b"RIFF")
    cached = list((Path(app.instance_path) / "voice-cache").glob("*.wav"))
    assert len(cached) == 1
    mtime = cached[0].stat().st_mtime_ns
    assert client.get(url).data == first.data
    assert cached[0].stat().st_mtime_ns == mtime
    chime = client.get("/api/v1/voice/chime")
    assert chime.data.startswith(b"RIFF")


def test_voice_refuses_anything_but_a_short_phrase(client):
    for text in ("", "<script>alert(1)</script>", "请" * 41):
        response = client.get("/api/v1/voice", query_string={"text": text})
        assert response.status_code == 400
        assert response.get_json()["error"]["code"] == "invalid_voice_text"
