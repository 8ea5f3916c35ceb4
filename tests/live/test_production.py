"""deploy/production.sh: two processes behind nginx, one PostgreSQL, one Redis."""
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests
import socketio

from tests.conftest import ROOT, free_port, reset_postgres

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def production(tmp_path, postgres_url, redis_url):
    if not shutil.which("nginx"):
        pytest.fail("nginx missing (scripts/setup.sh installs it)")
    reset_postgres(postgres_url)
    port = free_port()
    env = dict(os.environ, HALL_DATABASE_URL=postgres_url, HALL_REDIS_URL=redis_url, HALL_SECRET_KEY="prod-test",
               HALL_RUN_DIR=str(tmp_path / "run"), HALL_INSTANCE_PATH=str(tmp_path), HALL_TICKET_RATE_LIMIT="off")
    script = ROOT / "deploy" / "production.sh"
    subprocess.run([str(script), "start", "--processes", "2", "--listen", str(port), "--demo"], env=env, check=True,
                   capture_output=True, timeout=120)
    yield f"http://127.0.0.1:{port}", tmp_path / "run"
    subprocess.run([str(script), "stop"], env=env, capture_output=True, timeout=60)


def test_two_processes_behind_nginx_act_as_one_hall(production):
    url, run = production
    assert len(list(Path(run).glob("hall-*.pid"))) == 2
    heard, joined = [], threading.Event()
    display = socketio.Client(reconnection=False)
    display.on("state", lambda data: joined.set())
    display.on("ticket_called", lambda data: heard.append(data))
    display.connect(url, transports=["websocket"])
    try:
        display.emit("join", {"room": "display"})
        assert joined.wait(10)
        numbers = [requests.post(url + "/api/v1/tickets", json={"queue_code": "tax"}).json()["number"] for _ in range(6)]
        assert numbers == [f"B{i:03d}" for i in range(1, 7)]        # data shared through PostgreSQL
        http = requests.Session()
        http.headers["Authorization"] = "Bearer " + http.post(url + "/api/v1/auth/login", json={
            "username": "staff04", "password": "demo"}).json()["token"]
        http.post(url + "/api/v1/windows/4/sign-in")
        # nginx keeps one client on one process (ip_hash): call on each process directly, while
        # the display listens through nginx on one of them: it must hear every call
        for port in (5001, 5002, 5001, 5002):
            assert http.post(f"http://127.0.0.1:{port}/api/v1/windows/4/call-next").status_code == 200
        deadline = time.time() + 10
        while len(heard) < 4 and time.time() < deadline:
            time.sleep(0.05)
        # every call is heard once; calls made within milliseconds of each other on two
        # processes may reach the screen in either order
        assert sorted(c["number"] for c in heard) == ["B001", "B002", "B003", "B004"]
    finally:
        display.disconnect()
