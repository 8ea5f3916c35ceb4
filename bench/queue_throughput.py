"""Tickets and calls per second with 8 concurrent clients, the hall beside the stack's floor.

    python bench/queue_throughput.py            # SQLite, one process each
    python bench/queue_throughput.py --postgres # PostgreSQL, two processes each (the hall with Redis)

Starts the hall's server(s) and the floor app (``bench/floor_app.py``: Flask on gevent, one
transaction that bumps a counter and inserts a ticket, or takes the oldest waiting ticket)
on the same database server, and warms both up. Then rounds alternate between them with
the same client: 8 threads (keep-alive connections, spread over the processes) issue N
tickets, then 8 windows press 下一位 until the queue is empty. Each figure is printed as a
share of the floor's in the same run (absolute figures move with the machine; the share
does not) beside the targets of issue 20, and integrity is checked over everything the
hall issued: no duplicate number, no ticket called twice, none left uncalled.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.conftest import PG_URL, REDIS_URL, LiveServer, free_port, reset_postgres  # noqa: E402
from tests.live.load import QUEUE, called_events_per_ticket, duplicates, widen_queue  # noqa: E402

# shares of the floor in the same run (issue 20)
TARGET_SHARE = {"sqlite": {"tickets": 0.70, "calls": 0.60}, "postgres": {"tickets": 0.60, "calls": 0.60}}
TARGET_P99_TIMES_FLOOR = 3.0
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


class FloorServer:
    """``bench/floor_app.py`` in its own process, on a free port."""

    def __init__(self, db_url: str, init: bool):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [sys.executable, str(Path(__file__).with_name("floor_app.py")), "--port", str(self.port), "--db", db_url]
        self.proc = subprocess.Popen(args + (["--init"] if init else []), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, env=dict(os.environ))

    def wait_ready(self, timeout: float = 30) -> "FloorServer":
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("floor app exited: " + self.proc.stderr.read().decode()[-2000:])
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
                conn.request("GET", "/api/v1/queues")
                if conn.getresponse().status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("floor app did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def median_round(rounds: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """The round of median rate (its own p50 and p99 beside it)."""
    return sorted(rounds)[len(rounds) // 2]


def report(name: str, hall_rounds: list, floor_rounds: list, integrity: str, target_share: float) -> bool:
    for i, ((rate, p50, p99), (frate, fp50, fp99)) in enumerate(zip(hall_rounds, floor_rounds), start=1):
        print(f"  round {i}: {name:<14} hall {rate:6.0f}/s p50 {p50:5.1f} ms p99 {p99:5.1f} ms | "
              f"floor {frate:6.0f}/s p50 {fp50:5.1f} ms p99 {fp99:5.1f} ms | share {rate / frate:4.0%}")
    shares = sorted(h[0] / f[0] for h, f in zip(hall_rounds, floor_rounds))
    share = shares[len(shares) // 2]
    rate, _p50, p99 = median_round(hall_rounds)
    frate, _fp50, fp99 = median_round(floor_rounds)
    p99_times = p99 / fp99
    ok = share >= target_share and p99_times < TARGET_P99_TIMES_FLOOR and integrity == "ok"
    print(f"{name:<16} {share:4.0%} of the floor (target ≥{target_share:.0%}); p99 {p99_times:.1f}× the floor's "
          f"(target <{TARGET_P99_TIMES_FLOOR:.0f}×); hall {rate:.0f}/s p99 {p99:.1f} ms, floor {frate:.0f}/s "
          f"p99 {fp99:.1f} ms; integrity {integrity}  {'MEETS' if ok else 'BELOW'} target  (median of {len(shares)})")
    return ok


def one_round(urls: list[str], windows, total: int) -> tuple[tuple, tuple, list[dict], list[dict]]:
    tickets, lat, secs = issue(urls, total)
    issued = figures(len(tickets), secs, lat)
    called, lat, secs = call_all(windows)
    return issued, figures(len(called), secs, lat), tickets, called


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--tickets", type=int, default=2000, help="tickets per round")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hall-bench-"))
    if args.postgres:
        reset_postgres(PG_URL)
        db, floor_db, kind, label = PG_URL, PG_URL, "postgres", "PostgreSQL, 2 processes each (the hall with Redis)"
        servers = [LiveServer(db, folder, redis_url=REDIS_URL).start()]
        servers.append(LiveServer(db, folder, redis_url=REDIS_URL, demo=False).start())
        floors = [FloorServer(floor_db, init=True).wait_ready()]
        floors.append(FloorServer(floor_db, init=False).wait_ready())
    else:
        db, kind, label = f"sqlite:///{folder / 'hall.sqlite3'}", "sqlite", "SQLite, 1 process each"
        floor_db = f"sqlite:///{folder / 'floor.sqlite3'}"
        servers = [LiveServer(db, folder).start()]
        floors = [FloorServer(floor_db, init=True).wait_ready()]
    try:
        widen_queue(db, range(1, CLIENTS + 1))
        urls, floor_urls = [s.url for s in servers], [f.url for f in floors]
        windows = window_clients(urls)
        floor_windows = [(n, Client(floor_urls[n % len(floor_urls)])) for n in range(1, CLIENTS + 1)]
        for u, w in ((urls, windows), (floor_urls, floor_windows)):   # warm-up: connections, statements, caches
            one_round(u, w, 200)
        print(f"{label}: {CLIENTS} concurrent clients; {args.rounds} rounds of {args.tickets} tickets, then "
              f"{CLIENTS} windows calling them all; the hall and the floor take turns")
        hall_issue, hall_call, floor_issue, floor_call = [], [], [], []
        numbers, called_ids, failed = [], [], 0
        for r in range(args.rounds):
            order = ("floor", "hall") if r % 2 == 0 else ("hall", "floor")
            for who in order:
                if who == "floor":
                    issued, calls, _t, _c = one_round(floor_urls, floor_windows, args.tickets)
                    floor_issue.append(issued)
                    floor_call.append(calls)
                    continue
                issued, calls, tickets, called = one_round(urls, windows, args.tickets)
                hall_issue.append(issued)
                hall_call.append(calls)
                numbers += [t["number"] for t in tickets]
                failed += args.tickets - len(tickets)
                called_ids += [c["id"] for c in called]
        twice = sum(n - 1 for n in called_events_per_ticket(db).values() if n > 1)
        ok_numbers = "ok" if not duplicates(numbers) and not failed else \
            f"{len(duplicates(numbers))} duplicate numbers, {failed} failed"
        ok_calls = "ok" if not twice and len(set(called_ids)) == len(numbers) else \
            f"{twice} called twice, {len(numbers) - len(set(called_ids))} never called"
        a = report("tickets issued", hall_issue, floor_issue, ok_numbers, TARGET_SHARE[kind]["tickets"])
        b = report("calls (下一位)", hall_call, floor_call, ok_calls, TARGET_SHARE[kind]["calls"])
        return 0 if (a and b) else 1
    finally:
        for s in servers:
            s.stop()
        for f in floors:
            f.stop()


if __name__ == "__main__":
    sys.exit(main())
