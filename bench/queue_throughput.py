"""Tickets and calls per second with 8 concurrent clients against real servers.

    python bench/queue_throughput.py            # SQLite, one process
    python bench/queue_throughput.py --postgres # PostgreSQL, two processes sharing Redis

Starts the server(s) itself, issues N tickets from 8 client threads (keep-alive
connections, spread over the processes), then lets 8 windows press 下一位 until the queue
is empty. Prints throughput and latency next to the targets of issue 8 and checks
integrity: no duplicate number, no ticket called twice.
"""
from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.conftest import PG_URL, REDIS_URL, LiveServer, reset_postgres  # noqa: E402
from tests.live.load import QUEUE, widen_queue  # noqa: E402

TARGET_RATE, TARGET_P99_MS = 600, 50
CLIENTS = 8


class Client:
    def __init__(self, url: str):
        host, port = url.removeprefix("http://").split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=30)
        self.headers = {"Content-Type": "application/json"}

    def post(self, path: str, body: dict | None = None) -> tuple[int, dict, float]:
        start = time.perf_counter()
        self.conn.request("POST", "/api/v1" + path, json.dumps(body or {}), self.headers)
        response = self.conn.getresponse()
        data = json.loads(response.read())
        return response.status, data, (time.perf_counter() - start) * 1000


def run_threads(worker, count: int) -> float:
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start


def issue(urls: list[str], total: int) -> tuple[list[dict], list[float], float]:
    tickets, latencies, lock = [], [], threading.Lock()
    left = iter(range(total))

    def worker(i: int):
        client = Client(urls[i % len(urls)])
        while True:
            with lock:
                if next(left, None) is None:
                    return
            status, data, ms = client.post("/tickets", {"queue_code": QUEUE})
            with lock:
                latencies.append(ms)
                if status == 201:
                    tickets.append(data)
    return tickets, latencies, run_threads(worker, CLIENTS)


def call_all(urls: list[str]) -> tuple[list[dict], list[float], float]:
    called, latencies, lock = [], [], threading.Lock()
    clients = []
    for number in range(1, CLIENTS + 1):
        client = Client(urls[number % len(urls)])
        _s, login, _ms = client.post("/auth/login", {"username": f"staff{number:02d}", "password": "demo"})
        client.headers["Authorization"] = "Bearer " + login["token"]
        client.post(f"/windows/{number}/sign-in")
        clients.append((number, client))

    def worker(i: int):
        number, client = clients[i]
        while True:
            status, data, ms = client.post(f"/windows/{number}/call-next")
            with lock:
                latencies.append(ms)
            if status != 200:
                return
            with lock:
                called.append(data["ticket"])
    return called, latencies, run_threads(worker, CLIENTS)


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def report(name: str, count: int, seconds: float, latencies: list[float], integrity: str) -> bool:
    rate = count / seconds
    ok = rate >= TARGET_RATE and p(latencies, 99) < TARGET_P99_MS and integrity == "ok"
    print(f"{name:<34} {rate:8.0f}/s (target ≥{TARGET_RATE})  p50 {p(latencies, 50):6.1f} ms  "
          f"p99 {p(latencies, 99):6.1f} ms (target <{TARGET_P99_MS})  integrity {integrity}  "
          f"{'MEETS' if ok else 'BELOW'} target")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--tickets", type=int, default=2000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hall-bench-"))
    if args.postgres:
        reset_postgres(PG_URL)
        db, label = PG_URL, "PostgreSQL, 2 processes + Redis"
        servers = [LiveServer(db, folder, redis_url=REDIS_URL).start()]
        servers.append(LiveServer(db, folder, redis_url=REDIS_URL, demo=False).start())
    else:
        db, label = f"sqlite:///{folder / 'hall.sqlite3'}", "SQLite, 1 process"
        servers = [LiveServer(db, folder).start()]
    try:
        widen_queue(db, range(1, CLIENTS + 1))
        urls = [s.url for s in servers]
        tickets, lat, secs = issue(urls, args.tickets)
        numbers = [t["number"] for t in tickets]
        ok_numbers = "ok" if len(set(numbers)) == len(numbers) == args.tickets else \
            f"{len(numbers) - len(set(numbers))} duplicates, {args.tickets - len(numbers)} failed"
        print(f"{label}: {CLIENTS} concurrent clients, {args.tickets} tickets, then {CLIENTS} windows calling")
        a = report("tickets issued", len(tickets), secs, lat, ok_numbers)
        called, lat, secs = call_all(urls)
        ids = [c["id"] for c in called]
        ok_calls = "ok" if len(set(ids)) == len(ids) == len(tickets) else \
            f"{len(ids) - len(set(ids))} called twice, {len(tickets) - len(set(ids))} never called"
        b = report("calls (下一位)", len(called), secs, lat, ok_calls)
        return 0 if (a and b) else 1
    finally:
        for s in servers:
            s.stop()


if __name__ == "__main__":
    sys.exit(main())
