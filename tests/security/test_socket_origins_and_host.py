"""Attacks: any Origin joined Socket.IO (a page of another site, with a console's token it got
hold of, could listen to the rooms from a staff member's browser), and the ``track_url`` on a
ticket (its QR code, the printed slip) was built from the request's ``Host`` header, so one
forged request put another site's address on a citizen's ticket. Now only the hall's own
origins (and those ``HALL_SOCKET_ORIGINS`` names) connect, and links are built from
``HALL_PUBLIC_URL`` (else the server's own address), never from ``Host``."""
import shutil

from tests.conftest import _app_for, dispose

HANDSHAKE = "/socket.io/?EIO=4&transport=polling"


def test_a_page_of_another_site_cannot_open_a_socket(client):
    assert client.get(HANDSHAKE, headers={"Origin": "https://evil.example"}).status_code == 400
    assert client.get(HANDSHAKE, headers={"Origin": "http://localhost"}).status_code == 200
    assert client.get(HANDSHAKE).status_code == 200           # a screen's own program sends no Origin


def test_the_public_url_and_the_named_origins_may(template_db, tmp_path):
    shutil.copy(template_db, tmp_path / "hall.sqlite3")
    app = _app_for(f"sqlite:///{tmp_path / 'hall.sqlite3'}", tmp_path, HALL_PUBLIC_URL="https://hall.example.gov.cn",
                   HALL_SOCKET_ORIGINS="https://screens.example.gov.cn, https://big.example.gov.cn")
    try:
        client = app.test_client()
        for origin in ("https://hall.example.gov.cn", "https://screens.example.gov.cn", "https://big.example.gov.cn"):
            assert client.get(HANDSHAKE, headers={"Origin": origin}).status_code == 200, origin
        assert client.get(HANDSHAKE, headers={"Origin": "https://evil.example"}).status_code == 400
        ticket = client.post("/api/v1/tickets", json={"queue_code": "business"},
                             headers={"Host": "evil.example"}).get_json()
        assert ticket["track_url"] == f"https://hall.example.gov.cn/t/{ticket['token']}"
    finally:
        dispose(app)


def test_a_forged_host_header_does_not_reach_the_tickets_link(client):
    ticket = client.post("/api/v1/tickets", json={"queue_code": "business"}, headers={"Host": "evil.example"})
    assert ticket.status_code == 201
    body = ticket.get_json()
    assert "evil.example" not in body["track_url"]
    assert body["track_url"] == f"http://localhost/t/{body['token']}"
