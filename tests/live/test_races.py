"""Exactly once, always: real servers, real concurrent clients, SQLite and PostgreSQL."""
import threading
import time

import pytest
import socketio

from tests.conftest import reset_postgres
from tests.live.load import (QUEUE, call_all_concurrently, called_events_per_ticket, duplicates,
                             issue_concurrently, widen_queue)

WINDOWS = range(1, 9)


def assert_exactly_once(db_url, urls):
    tickets = issue_concurrently(urls, total=500, clients=16)
    numbers = [t["number"] for t in tickets]
    assert duplicates(numbers) == {}
    prefix = numbers[0][0]
    assert sorted(numbers) == [f"{prefix}{i:03d}" for i in range(1, 501)]  # 500 distinct, no gaps

    called = call_all_concurrently(urls, WINDOWS)
    ids = [c["id"] for c in called]
    assert duplicates(ids) == {}
    assert sorted(ids) == sorted(t["id"] for t in tickets)   # each called exactly once
    assert len({c["window"] for c in called}) == len(WINDOWS)  # every window took part
    per_ticket = called_events_per_ticket(db_url)
    assert set(per_ticket.values()) == {1}
    assert len(per_ticket) == 500


def test_sqlite_one_process_exactly_once(live_servers, tmp_path):
    db_url = f"sqlite:///{tmp_path / 'hall.sqlite3'}"
    server = live_servers(db_url, tmp_path)
    widen_queue(db_url, WINDOWS)
    assert_exactly_once(db_url, [server.url])


@pytest.mark.postgres
@pytest.mark.redis
def test_postgres_two_processes_sharing_redis_exactly_once(live_servers, tmp_path, postgres_url, redis_url):
    reset_postgres(postgres_url)
    a = live_servers(postgres_url, tmp_path, redis_url=redis_url)
    b = live_servers(postgres_url, tmp_path, redis_url=redis_url)
    widen_queue(postgres_url, WINDOWS)
    assert_exactly_once(postgres_url, [a.url, b.url])


@pytest.mark.postgres
@pytest.mark.redis
def test_a_display_on_process_b_hears_a_call_made_on_process_a(live_servers, tmp_path, postgres_url, redis_url):
    import requests
    reset_postgres(postgres_url)
    a = live_servers(postgres_url, tmp_path, redis_url=redis_url)
    b = live_servers(postgres_url, tmp_path, redis_url=redis_url)
    heard, state = [], threading.Event()
    display = socketio.Client(reconnection=False)
    display.on("state", lambda data: state.set())
    display.on("ticket_called", lambda data: heard.append(data))
    display.connect(b.url, transports=["websocket"])
    try:
        display.emit("join", {"room": "display"})
        assert state.wait(10), "no state snapshot on join"
        ticket = requests.post(a.url + "/api/v1/tickets", json={"queue_code": QUEUE}).json()
        window = next(w["number"] for w in requests.get(a.url + "/api/v1/windows").json() if QUEUE in w["queues"])
        http = requests.Session()
        token = http.post(a.url + "/api/v1/auth/login",
                          json={"username": f"staff{window:02d}", "password": "demo"}).json()["token"]
        http.headers["Authorization"] = "Bearer " + token
        http.post(f"{a.url}/api/v1/windows/{window}/sign-in")
        assert http.post(f"{a.url}/api/v1/windows/{window}/call-next").status_code == 200
        deadline = time.time() + 10
        while not heard and time.time() < deadline:
            time.sleep(0.05)
        assert heard == [{"number": ticket["number"], "window": window, "queue": QUEUE, "recall": False,
                          "text": f"请{ticket['number']}号到{window}号窗口办理"}]
    finally:
        display.disconnect()
