"""Attack: revocation did not reach open sockets. After sign-out (or a password reset, or a
device revoked) the token was refused by the API, but the Socket.IO connection that joined
with it went on hearing its room: a stolen console kept watching the window, a stolen rating
pad kept receiving rating tokens and could use them from the phone channel. Now the socket
that joined with a session or device is disconnected when it ends (on every process sharing
Redis), and the rating tokens a revoked pad was sent are void."""
import threading
import time

import pytest

from tests.api.test_windows import take, windows_of
from tests.conftest import reset_postgres

API = "/api/v1"


def received(sc, name):
    return [m["args"][0] for m in sc.get_received() if m["name"] == name]


def token_of(headers):
    return headers["Authorization"].split()[1]


def test_signing_out_disconnects_that_tokens_socket_only(client, login, socket_client):
    number = windows_of(client)[0]
    signed_out, other = login(f"staff{number:02d}"), login(f"staff{number:02d}")
    watching = socket_client(f"window:{number}", token=token_of(signed_out))
    still = socket_client(f"window:{number}", token=token_of(other))
    assert received(watching, "state") and received(still, "state")
    assert client.post(f"{API}/auth/logout", headers=signed_out).status_code == 200
    assert not watching.is_connected()
    assert still.is_connected()
    # and the token cannot join again
    again = socket_client(f"window:{number}", token=token_of(signed_out))
    assert received(again, "join_error")[0]["error"]["code"] == "token_revoked"


def test_a_password_reset_disconnects_every_socket_of_the_account(client, login, socket_client):
    number = windows_of(client)[0]
    staff = login(f"staff{number:02d}")
    console = socket_client(f"window:{number}", token=token_of(staff))
    managers = socket_client("manager", token=token_of(login("manager")))
    assert client.post(f"{API}/admin/staff/staff{number:02d}/reset-password", headers=login("admin")).status_code == 200
    assert not console.is_connected()
    assert managers.is_connected()


def test_a_revoked_pad_is_disconnected_and_the_tokens_it_was_sent_are_void(client, login, socket_client, device):
    number = windows_of(client)[0]
    pad_token = device("rating_pad", number)
    pad = socket_client(f"rating_pad:{number}", device_token=pad_token)
    headers = login(f"staff{number:02d}")
    client.post(f"{API}/windows/{number}/sign-in", headers=headers)
    ticket = take(client)
    client.post(f"{API}/windows/{number}/call-next", headers=headers)
    assert client.post(f"{API}/tickets/{ticket['id']}/finish", headers=headers).status_code == 200
    sent = received(pad, "rating_requested")[0]["rating_token"]
    manager = login("manager")
    pad_id = next(d["id"] for d in client.get(f"{API}/devices", headers=manager).get_json()
                  if d["kind"] == "rating_pad" and d["window"] == number and not d["revoked_at"])
    assert client.post(f"{API}/devices/{pad_id}/revoke", headers=manager).status_code == 200
    assert not pad.is_connected()
    # whoever holds the pad cannot use what it was sent, not even as the phone channel
    used = client.post(f"{API}/ratings", json={"rating_token": sent, "level": 5})
    assert used.status_code == 404 and used.get_json()["error"]["code"] == "rating_token_not_found"
    # the citizen still rates from the ticket's own page
    fresh = client.get(f"{API}/tickets/by-token/{ticket['token']}").get_json()["rating_token"]
    assert fresh and fresh != sent
    assert client.post(f"{API}/ratings", json={"rating_token": fresh, "level": 4}).status_code == 201
    again = socket_client(f"rating_pad:{number}", device_token=pad_token)
    assert received(again, "join_error")[0]["error"]["code"] == "device_not_registered"


@pytest.mark.postgres
@pytest.mark.redis
def test_signing_out_on_process_a_disconnects_the_socket_on_process_b(live_servers, tmp_path, postgres_url,
                                                                       redis_url):
    import requests
    import socketio
    reset_postgres(postgres_url)
    a = live_servers(postgres_url, tmp_path, redis_url=redis_url)
    b = live_servers(postgres_url, tmp_path, redis_url=redis_url)
    login = requests.post(a.url + f"{API}/auth/login", json={"username": "manager", "password": "demo"}).json()
    joined, ended, gone = threading.Event(), threading.Event(), threading.Event()
    console = socketio.Client(reconnection=False)
    console.on("state", lambda data: joined.set())
    console.on("access_ended", lambda data: ended.set())
    console.on("disconnect", lambda *args: gone.set())
    console.connect(b.url, transports=["websocket"])
    try:
        console.emit("join", {"room": "manager", "token": login["token"]})
        assert joined.wait(10), "no state snapshot on join"
        started = time.monotonic()
        assert requests.post(a.url + f"{API}/auth/logout",
                             headers={"Authorization": "Bearer " + login["token"]}).status_code == 200
        assert gone.wait(10), "the signed-out socket on the other process is still connected"
        assert ended.is_set()
        assert time.monotonic() - started < 10
    finally:
        if console.connected:
            console.disconnect()
