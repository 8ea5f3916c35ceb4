"""deploy/production.sh: two processes behind nginx, one PostgreSQL, one Redis.

production.sh puts its processes on the fixed ports 5001 and 5002. Two runs of this test at
once (two checkouts on one machine), or a run whose start failed and left its processes
behind, would meet the other's processes there: their database, their signed-in windows,
and a call answered 403 ``not_your_window``. So runs on one machine take turns (a file
lock), the processes are stopped even when the start fails, every run signs with its own
secret (a foreign process refuses its token), and the test checks that both ports answer
from this run's processes before it starts, and the answer of every setup step."""
import fcntl
import os
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
import requests
import socketio

from tests.conftest import ROOT, free_port, reset_postgres

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
PORTS = (5001, 5002)        # production.sh: 5000 + i for the i-th process
START_SECONDS = 120


def _answers(url: str) -> bool:
    try:
        return requests.get(url + "/api/v1/queues", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _pid_alive(pid_file: Path) -> bool:
    try:
        os.kill(int(pid_file.read_text()), 0)
    except (OSError, ValueError):
        return False
    return True


@pytest.fixture
def production(tmp_path, postgres_url, redis_url):
    if not shutil.which("nginx"):
        pytest.fail("nginx missing (scripts/setup.sh installs it)")
    with open(Path(tempfile.gettempdir()) / "hall-production-ports.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)        # waits for another run on this machine to finish
        for port in PORTS:
            assert not _answers(f"http://127.0.0.1:{port}"), f"port {port} is held by a hall process of another run"
        reset_postgres(postgres_url)
        port = free_port()
        run = tmp_path / "run"
        env = dict(os.environ, HALL_DATABASE_URL=postgres_url, HALL_REDIS_URL=redis_url,
                   HALL_SECRET_KEY="prod-test-" + secrets.token_hex(8), HALL_RUN_DIR=str(run),
                   HALL_INSTANCE_PATH=str(tmp_path), HALL_TICKET_RATE_LIMIT="off")
        script = ROOT / "deploy" / "production.sh"
        try:
            started = subprocess.run([str(script), "start", "--processes", "2", "--listen", str(port), "--demo"],
                                     env=env, capture_output=True, text=True, timeout=START_SECONDS)
            assert started.returncode == 0, f"production.sh start: {started.stdout}{started.stderr}"
            # production.sh waits 10 s at most for its processes; under load they may need longer
            pid_files = [run / f"hall-{p}.pid" for p in PORTS]
            deadline = time.monotonic() + START_SECONDS
            while not all(_answers(f"http://127.0.0.1:{p}") for p in PORTS):
                for pid_file in pid_files:
                    log = pid_file.with_suffix(".log")
                    assert _pid_alive(pid_file), f"{pid_file.name} exited: {log.read_text()[-3000:]}"
                assert time.monotonic() < deadline, "the hall processes did not answer in time"
                time.sleep(0.2)     # poll interval while waiting for both processes
            yield f"http://127.0.0.1:{port}", run
        finally:
            subprocess.run([str(script), "stop"], env=env, capture_output=True, timeout=60)


def test_two_processes_behind_nginx_act_as_one_hall(production):
    url, run = production
    assert len(list(Path(run).glob("hall-*.pid"))) == 2
    heard, joined, all_heard = [], threading.Event(), threading.Event()

    def on_call(data):
        heard.append(data)
        if len(heard) >= 4:
            all_heard.set()
    display = socketio.Client(reconnection=False)
    display.on("state", lambda data: joined.set())
    display.on("ticket_called", on_call)
    display.connect(url, transports=["websocket"])
    try:
        display.emit("join", {"room": "display"})
        assert joined.wait(30)
        taken = [requests.post(url + "/api/v1/tickets", json={"queue_code": "tax"}, timeout=10) for _ in range(6)]
        assert [t.status_code for t in taken] == [201] * 6, [t.text for t in taken]
        numbers = [t.json()["number"] for t in taken]
        assert numbers == [f"B{i:03d}" for i in range(1, 7)]        # data shared through PostgreSQL
        http = requests.Session()
        login = http.post(url + "/api/v1/auth/login", json={"username": "staff04", "password": "demo"}, timeout=10)
        assert login.status_code == 200, login.text
        http.headers["Authorization"] = "Bearer " + login.json()["token"]
        signed_in = http.post(url + "/api/v1/windows/4/sign-in", timeout=10)
        assert signed_in.status_code == 200, signed_in.text
        # nginx keeps one client on one process (ip_hash): call on each process directly, while
        # the display listens through nginx on one of them: it must hear every call
        for port in (5001, 5002, 5001, 5002):
            called = http.post(f"http://127.0.0.1:{port}/api/v1/windows/4/call-next", timeout=10)
            assert called.status_code == 200, (port, called.text)
        all_heard.wait(30)
        # every call is heard once; calls made within milliseconds of each other on two
        # processes may reach the screen in either order
        assert sorted(c["number"] for c in heard) == ["B001", "B002", "B003", "B004"]
    finally:
        display.disconnect()
