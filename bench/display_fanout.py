"""Display fan-out and memory: 200 Socket.IO clients in the `display` room.

    python bench/display_fanout.py

Starts one server (SQLite), connects 200 websocket clients to the display room, makes
calls through the HTTP API and measures, for every client, the delay from the call's HTTP
response to its `ticket_called`; then reads the server's resident memory with the 200
screens connected. Targets (issue 8): p99 under 100 ms, under 150 MB per process.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
import socketio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.conftest import LiveServer  # noqa: E402

SCREENS, CALLS = 200, 20
TARGET_P99_MS, TARGET_RSS_MB = 100, 150


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="hall-bench-"))
    server = LiveServer(f"sqlite:///{folder / 'hall.sqlite3'}", folder).start()
    received: dict[str, list[float]] = {}
    lock = threading.Lock()
    clients = []
    try:
        for _ in range(SCREENS):
            client = socketio.Client(reconnection=False)

            def on_called(data):
                at = time.perf_counter()
                with lock:
                    received.setdefault(data["number"], []).append(at)
            client.on("ticket_called", on_called)
            client.connect(server.url, transports=["websocket"])
            client.emit("join", {"room": "display"})
            clients.append(client)
        time.sleep(1)
        memory = rss_mb(server.proc.pid)
        http = requests.Session()
        base = server.url + "/api/v1"
        http.headers["Authorization"] = "Bearer " + http.post(base + "/auth/login", json={
            "username": "staff04", "password": "demo"}).json()["token"]
        http.post(base + "/windows/4/sign-in")
        delays = []
        for _ in range(CALLS):
            number = requests.post(base + "/tickets", json={"queue_code": "tax"}).json()["number"]
            http.post(base + "/windows/4/call-next")
            answered = time.perf_counter()
            deadline = time.time() + 5
            while time.time() < deadline:
                with lock:
                    if len(received.get(number, [])) >= SCREENS:
                        break
                time.sleep(0.002)
            with lock:
                got = received.get(number, [])
            delays += [max(0.0, (t - answered) * 1000) for t in got]
            delays += [5000.0] * (SCREENS - len(got))  # a screen that never heard it counts as 5 s
        p99 = statistics.quantiles(delays, n=100)[98]
        p50 = statistics.median(delays)
        ok_fan, ok_mem = p99 < TARGET_P99_MS, memory < TARGET_RSS_MB
        print(f"display fan-out, {SCREENS} screens × {CALLS} calls: p50 {p50:.1f} ms  p99 {p99:.1f} ms "
              f"(target <{TARGET_P99_MS})  {'MEETS' if ok_fan else 'BELOW'} target")
        print(f"server memory with {SCREENS} screens: {memory:.0f} MB (target <{TARGET_RSS_MB})  "
              f"{'MEETS' if ok_mem else 'BELOW'} target")
        return 0 if ok_fan and ok_mem else 1
    finally:
        for client in clients:
            client.disconnect()
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
