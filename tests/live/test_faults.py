"""A hall runs all day in front of the public: killed processes, Redis and PostgreSQL going
away and coming back. Real servers, real clients."""
import itertools
import threading
import time
import uuid

import pytest
import requests
import socketio
import sqlalchemy as sa

from hall.db import normalize_url
from tests.api.test_cases import APPLICANT, ITEM
from tests.conftest import PG_URL, reset_postgres
from tests.live.faults import OwnRedis, Relay
from tests.live.load import QUEUE, called_events_per_ticket, duplicates, widen_queue


class Staff:
    """A window's staff member talking to one server."""

    def __init__(self, url: str, window: int):
        self.url, self.window = url + "/api/v1", window
        self.http = requests.Session()
        token = self.http.post(self.url + "/auth/login", json={"username": f"staff{window:02d}",
                                                                "password": "demo"}, timeout=10).json()["token"]
        self.http.headers["Authorization"] = "Bearer " + token
        assert self.http.post(f"{self.url}/windows/{window}/sign-in", timeout=10).status_code == 200

    def post(self, path: str, **json):
        return self.http.post(self.url + path, json=json, timeout=10)


def db_rows(url: str, sql: str) -> list:
    engine = sa.create_engine(normalize_url(url))
    with engine.connect() as conn:
        rows = conn.execute(sa.text(sql)).all()
    engine.dispose()
    return rows


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_server_killed_and_started_again_has_every_ticket_case_and_rating(kind, live_servers, tmp_path, request):
    if kind == "postgres":
        request.getfixturevalue("postgres_url")
        reset_postgres(PG_URL)
    db = PG_URL if kind == "postgres" else f"sqlite:///{tmp_path / 'hall.sqlite3'}"
    server = live_servers(db, tmp_path)
    tickets = [requests.post(server.url + "/api/v1/tickets", json={"queue_code": "business"}).json()
               for _ in range(12)]
    staff = Staff(server.url, 2)
    called = staff.post("/windows/2/call-next").json()["ticket"]
    case = staff.post("/cases", ticket_id=called["id"], item_code=ITEM, applicant=APPLICANT,
                      materials=["M01", "M02", "M03", "M04", "M05"]).json()
    assert staff.post(f"/tickets/{called['id']}/finish").status_code == 200
    called_ticket = next(t for t in tickets if t["id"] == called["id"])
    rating_token = requests.get(f"{server.url}/api/v1/tickets/by-token/{called_ticket['token']}").json()["rating_token"]
    assert requests.post(server.url + "/api/v1/ratings", json={"rating_token": rating_token, "level": 4}).status_code == 201

    server.kill()                       # no shutdown: a power cut
    server.start()

    for ticket in tickets:
        again = requests.get(f"{server.url}/api/v1/tickets/by-token/{ticket['token']}").json()
        assert again["number"] == ticket["number"]
    progress = requests.get(f"{server.url}/api/v1/cases/{case['case_no']}/progress",
                            params={"query_code": case["query_code"]})
    assert progress.status_code == 200
    rated_again = requests.post(server.url + "/api/v1/ratings", json={"rating_token": rating_token, "level": 1})
    assert rated_again.status_code == 409
    assert rated_again.json()["error"]["code"] == "already_rated"
    # numbering goes on where it stopped
    assert requests.post(server.url + "/api/v1/tickets", json={"queue_code": "business"}).json()["number"] == "A013"


@pytest.mark.postgres
@pytest.mark.redis
def test_killing_one_of_two_processes_under_load_loses_and_doubles_nothing(live_servers, tmp_path, postgres_url,
                                                                           redis_url):
    reset_postgres(postgres_url)
    a = live_servers(postgres_url, tmp_path, redis_url=redis_url)
    b = live_servers(postgres_url, tmp_path, redis_url=redis_url, demo=False)
    windows = range(1, 7)
    widen_queue(postgres_url, windows)
    urls = [a.url, b.url]
    acknowledged, keys, errors, lock = {}, {}, [], threading.Lock()
    wanted = iter(range(300))

    def kiosk(index: int):
        """Takes tickets with an Idempotency-Key per ticket; on a dead server, the same key
        again on the other one, as the kiosk page does."""
        http = requests.Session()
        for n in iter(lambda: next(wanted, None), None):
            key = f"kiosk{index}-{n}-{uuid.uuid4().hex[:8]}"
            for url in itertools.islice(itertools.cycle(urls[index % 2:] + urls[:index % 2]), 6):
                try:
                    r = http.post(url + "/api/v1/tickets", json={"queue_code": QUEUE},
                                  headers={"Idempotency-Key": key}, timeout=10)
                except requests.ConnectionError:
                    continue
                if r.status_code in (200, 201):
                    with lock:
                        acknowledged[r.json()["id"]] = r.json()["number"]
                        keys.setdefault(key, set()).add(r.json()["id"])
                    break
            else:
                with lock:
                    errors.append(key)

    threads = [threading.Thread(target=kiosk, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    a.kill()                            # one process dies in the middle of it
    for t in threads:
        t.join()
    assert not errors
    assert all(len(ids) == 1 for ids in keys.values())          # a retried key gave the same ticket
    assert duplicates(acknowledged.values()) == {}
    stored = dict(db_rows(postgres_url, "SELECT id, number FROM ticket"))
    assert set(acknowledged) <= set(stored)                      # every ticket a kiosk showed exists

    called = []
    staff = [Staff(b.url, n) for n in windows]

    def window(s: Staff):
        while (r := s.post(f"/windows/{s.window}/call-next")).status_code == 200:
            called.append(r.json()["ticket"]["id"])
        assert r.json()["error"]["code"] == "queue_empty"
    threads = [threading.Thread(target=window, args=(s,)) for s in staff]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(called) == sorted(stored)                      # each one called, once
    assert set(called_events_per_ticket(postgres_url).values()) == {1}


@pytest.mark.postgres
def test_screens_resync_when_redis_comes_back(live_servers, tmp_path, postgres_url):
    reset_postgres(postgres_url)
    redis = OwnRedis().start()
    try:
        a = live_servers(postgres_url, tmp_path, redis_url=redis.url)
        b = live_servers(postgres_url, tmp_path, redis_url=redis.url, demo=False)
        states, heard = [], []
        display = socketio.Client(reconnection=True)
        display.on("state", lambda s: states.append(s))
        display.on("ticket_called", lambda c: heard.append(c["number"]))
        display.on("resync", lambda _data: display.emit("join", {"room": "display"}))   # as hall.js does
        display.connect(b.url, transports=["websocket"])
        display.emit("join", {"room": "display"})
        wait_for(lambda: states)
        staff = Staff(a.url, 4)

        redis.stop()
        number = requests.post(a.url + "/api/v1/tickets", json={"queue_code": "tax"}, timeout=10).json()["number"]
        assert staff.post("/windows/4/call-next").status_code == 200          # the API goes on serving
        time.sleep(1)
        assert number not in heard                                            # process B could not know

        redis.start()
        wait_for(lambda: any(c["number"] == number for s in states[1:] for c in s["recent_calls"]), 20)
        second = requests.post(a.url + "/api/v1/tickets", json={"queue_code": "tax"}, timeout=10).json()["number"]
        staff.post("/windows/4/call-next")
        wait_for(lambda: second in heard)                                     # and live again
        display.disconnect()
    finally:
        redis.stop()


@pytest.mark.postgres
def test_postgresql_going_away_gives_clean_errors_and_the_hall_recovers(live_servers, tmp_path, postgres_url):
    reset_postgres(postgres_url)
    relay = Relay().mend()
    server = live_servers(postgres_url.replace(":5432/", f":{relay.port}/"), tmp_path)
    staff = Staff(server.url, 4)
    assert requests.post(server.url + "/api/v1/tickets", json={"queue_code": "tax"}).status_code == 201

    relay.cut()                          # every connection dropped, new ones refused: a restart
    for _ in range(3):
        started = time.perf_counter()
        down = requests.post(server.url + "/api/v1/tickets", json={"queue_code": "tax"}, timeout=30)
        assert time.perf_counter() - started < 8                             # an answer, not a hang
        assert down.status_code == 503
        assert down.json()["error"]["code"] == "database_unavailable"
        assert "数据库" in down.json()["error"]["message"]
    assert requests.get(server.url + "/api/v1/queues", timeout=30).status_code == 503

    relay.mend()                         # PostgreSQL is back
    wait_for(lambda: requests.post(server.url + "/api/v1/tickets", json={"queue_code": "tax"}).status_code == 201, 15)
    assert requests.get(server.url + "/api/v1/queues").status_code == 200
    call = staff.post("/windows/4/call-next")
    assert call.status_code == 200, call.text
    assert call.json()["ticket"]["number"] == "B001"                          # nothing lost before it


def wait_for(condition, seconds: float = 10) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("waited in vain")


@pytest.mark.postgres
def test_after_a_quiet_restart_the_first_request_succeeds(live_servers, tmp_path, postgres_url):
    """PostgreSQL restarts while nobody uses the hall: idle connections are checked before use."""
    reset_postgres(postgres_url)
    relay = Relay().mend()
    server = live_servers(postgres_url.replace(":5432/", f":{relay.port}/"), tmp_path)
    staff = Staff(server.url, 4)
    assert requests.post(server.url + "/api/v1/tickets", json={"queue_code": "tax"}).status_code == 201
    relay.cut()
    relay.mend()
    time.sleep(6)                        # longer than a connection rests unchecked (db.IDLE_PING_SECONDS)
    assert requests.post(server.url + "/api/v1/tickets", json={"queue_code": "tax"}).status_code == 201
    assert staff.post("/windows/4/call-next").status_code == 200
    assert requests.get(server.url + "/api/v1/queues").status_code == 200
