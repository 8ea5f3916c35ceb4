"""Display fan-out and memory: 200 screens in the `display` room.

    python bench/display_fanout.py

Prepares a demo hall (``hall init-db --demo``), starts one server on it (SQLite, gevent, as
in production; a production server never loads the demo itself), connects 200 lobby screens
over websockets, makes 50 calls through the HTTP API and measures, for every screen, the
delay from the call's HTTP response to its `ticket_called`. Then it reads the server's
resident memory with the 200 screens still connected. Targets (issue 8): p99 under 100 ms,
under 150 MB per process.

The screens speak Engine.IO 4 / Socket.IO 5 over one websocket each, as the browsers do, one
greenlet per screen in this process, so that the figure is the server's, not the cost of 200
client objects with their threads.
"""
from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
import requests  # noqa: E402
import websocket  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.conftest import LiveServer  # noqa: E402

SCREENS, CALLS = 200, 50
TARGET_P99_MS, TARGET_RSS_MB = 100, 150


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Screen:
    """A lobby display: joins `display` and notes when each call arrives."""

    def __init__(self, url: str):
        self.ws = websocket.create_connection(url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket",
                                              timeout=30)
        self.heard: dict[str, float] = {}
        self.joined = gevent.event.Event()
        self.ws.recv()                                  # 0{...}: Engine.IO open
        self.ws.send("40")                              # Socket.IO connect
        self.ws.recv()                                  # 40{"sid": ...}
        self.ws.send('42["join",{"room":"display"}]')
        self.task = gevent.spawn(self.listen)

    def listen(self) -> None:
        while True:
            try:
                message = self.ws.recv()
            except Exception:
                return
            at = time.perf_counter()
            if message == "2":
                self.ws.send("3")                       # pong
            elif message.startswith('42["ticket_called"'):
                self.heard[json.loads(message[2:])[1]["number"]] = at
            elif message.startswith('42["state"'):
                self.joined.set()

    def close(self) -> None:
        self.task.kill()
        self.ws.close()


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="hall-bench-"))
    db = f"sqlite:///{folder / 'hall.sqlite3'}"
    subprocess.run([sys.executable, "-m", "hall.cli", "init-db", "--demo", "--db", db], check=True,
                   env=dict(os.environ, HALL_INSTANCE_PATH=str(folder)), capture_output=True)
    server = LiveServer(db, folder, demo=False).start()
    screens = []
    try:
        screens = [Screen(server.url) for _ in range(SCREENS)]
        for screen in screens:
            screen.joined.wait(30)
        time.sleep(1)
        base = server.url + "/api/v1"
        http = requests.Session()
        http.headers["Authorization"] = "Bearer " + http.post(base + "/auth/login", json={
            "username": "staff04", "password": "demo"}).json()["token"]
        http.post(base + "/windows/4/sign-in")
        kiosk = requests.Session()
        delays = []
        for _ in range(CALLS):
            number = kiosk.post(base + "/tickets", json={"queue_code": "tax"}).json()["number"]
            http.post(base + "/windows/4/call-next")
            answered = time.perf_counter()
            deadline = time.time() + 5
            while time.time() < deadline and sum(number in s.heard for s in screens) < SCREENS:
                gevent.sleep(0.002)
            for screen in screens:
                at = screen.heard.get(number)
                delays.append(max(0.0, (at - answered) * 1000) if at else 5000.0)   # never heard: 5 s
            gevent.sleep(0.05)
        memory = rss_mb(server.proc.pid)
        p99 = statistics.quantiles(delays, n=100)[98]
        p50 = statistics.median(delays)
        ok_fan, ok_mem = p99 < TARGET_P99_MS, memory < TARGET_RSS_MB
        print(f"display fan-out, {SCREENS} screens × {CALLS} calls: p50 {p50:.1f} ms  p99 {p99:.1f} ms "
              f"(target <{TARGET_P99_MS})  {'MEETS' if ok_fan else 'BELOW'} target")
        print(f"server memory with {SCREENS} screens connected: {memory:.0f} MB (target <{TARGET_RSS_MB})  "
              f"{'MEETS' if ok_mem else 'BELOW'} target")
        return 0 if ok_fan and ok_mem else 1
    finally:
        for screen in screens:
            screen.close()
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
