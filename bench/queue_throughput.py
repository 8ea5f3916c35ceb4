"""Tickets and calls per second with 8 concurrent clients against real servers.

    python bench/queue_throughput.py            # SQLite, one process
    python bench/queue_throughput.py --postgres # PostgreSQL, two processes sharing Redis

Starts the server(s) itself and warms them up (connections, prepared statements). Then,
three rounds: 8 client threads (keep-alive connections, spread over the processes) issue
N tickets, then 8 windows press 下一位 until the queue is empty. Prints each round and the
median round's throughput and latency next to the targets of issue 8, and checks integrity
over everything issued: no duplicate number, no ticket called twice, none left uncalled.
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
from tests.live.load import QUEUE, called_events_per_ticket, duplicates, widen_queue  # noqa: E402

TARGET_RATE, TARGET_P99_MS = 600, 50
CLIENTS = 8
ROUNDS = 3


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


def window_clients(urls: list[str]) -> list[tuple[int, Client]]:
    clients = []
    for number in range(1, CLIENTS + 1):
        client = Client(urls[number % len(urls)])
        _s, login, _ms = client.post("/auth/login", {"username": f"staff{number:02d}", "password": "demo"})
        client.headers["Authorization"] = "Bearer " + login["token"]
        client.post(f"/windows/{number}/sign-in")
        clients.append((number, client))
    return clients


def call_all(clients: list[tuple[int, Client]]) -> tuple[list[dict], list[float], float]:
    called, latencies, lock = [], [], threading.Lock()

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


def figures(count: int, seconds: float, latencies: list[float]) -> tuple[float, float, float]:
    return count / seconds, p(latencies, 50), p(latencies, 99)


def report(name: str, rounds: list[tuple[float, float, float]], integrity: str) -> bool:
    for i, (rate, p50, p99) in enumerate(rounds, start=1):
        print(f"  round {i}: {name:<14} {rate:6.0f}/s  p50 {p50:5.1f} ms  p99 {p99:5.1f} ms")
    rate, p50, p99 = sorted(rounds)[len(rounds) // 2]
    ok = rate >= TARGET_RATE and p99 < TARGET_P99_MS and integrity == "ok"
    print(f"{name:<16} {rate:6.0f}/s (target ≥{TARGET_RATE})  p50 {p50:5.1f} ms  p99 {p99:5.1f} ms "
          f"(target <{TARGET_P99_MS})  integrity {integrity}  {'MEETS' if ok else 'BELOW'} target  (median of {len(rounds)})")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--tickets", type=int, default=2000, help="tickets per round")
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
        windows = window_clients(urls)
        issue(urls, 200)            # warm-up: connections, prepared statements, caches
        call_all(windows)
        print(f"{label}: {CLIENTS} concurrent clients; {ROUNDS} rounds of {args.tickets} tickets, "
              f"then {CLIENTS} windows calling them all")
        issued_rounds, call_rounds, numbers, called_ids, failed = [], [], [], [], 0
        for _ in range(ROUNDS):
            tickets, lat, secs = issue(urls, args.tickets)
            issued_rounds.append(figures(len(tickets), secs, lat))
            numbers += [t["number"] for t in tickets]
            failed += args.tickets - len(tickets)
            called, lat, secs = call_all(windows)
            call_rounds.append(figures(len(called), secs, lat))
            called_ids += [c["id"] for c in called]
        twice = sum(n - 1 for n in called_events_per_ticket(db).values() if n > 1)
        ok_numbers = "ok" if not duplicates(numbers) and not failed else \
            f"{len(duplicates(numbers))} duplicate numbers, {failed} failed"
        ok_calls = "ok" if not twice and len(set(called_ids)) == len(numbers) else \
            f"{twice} called twice, {len(numbers) - len(set(called_ids))} never called"
        a = report("tickets issued", issued_rounds, ok_numbers)
        b = report("calls (下一位)", call_rounds, ok_calls)
        return 0 if (a and b) else 1
    finally:
        for s in servers:
            s.stop()


if __name__ == "__main__":
    sys.exit(main())
