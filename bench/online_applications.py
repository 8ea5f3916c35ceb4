"""Online applications (一网通办) per second and their latency, from 8 concurrent outside clients.

    python bench/online_applications.py             # SQLite, one process
    python bench/online_applications.py --postgres  # PostgreSQL, two processes sharing Redis

Starts ``hall serve --demo``, makes an API key with ``hall apikey create``, then 8 threads
(keep-alive connections, spread over the processes) send N applications with distinct
``external_no`` (each pre-reviewed: item, materials, applicant checked, masked and hashed),
then read each back (``GET /applications/<no>``: the key check and the view). Prints
applications/s and p50/p99 of each, and checks that every one was stored once.
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

import sqlalchemy as sa  # noqa: E402

from hall.db import normalize_url  # noqa: E402
from tests.api.test_cases import APPLICANT, ITEM  # noqa: E402
from tests.conftest import PG_URL, REDIS_URL, LiveServer, reset_postgres  # noqa: E402
from tests.live.test_application_races import make_key  # noqa: E402

CLIENTS = 8
MATERIALS = ["M01", "M02", "M03", "M04", "M05"]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(urls: list[str], key: str, total: int) -> dict:
    counter = iter(range(total))
    lock = threading.Lock()
    sent, read, numbers, failures = [], [], [], []

    def worker(i: int) -> None:
        host, port = urls[i % len(urls)].removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        headers = {"Content-Type": "application/json", "Authorization": "ApiKey " + key}
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            body = json.dumps({"item_code": ITEM, "applicant": APPLICANT, "materials": MATERIALS,
                               "external_no": f"BENCH-{n:06d}"})
            start = time.perf_counter()
            conn.request("POST", "/api/v1/applications", body, headers)
            response = conn.getresponse()
            data = json.loads(response.read())
            with lock:
                sent.append((time.perf_counter() - start) * 1000)
                (numbers if response.status == 201 else failures).append(data.get("application_no") or data)

    def reader(i: int) -> None:
        host, port = urls[i % len(urls)].removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        for no in numbers[i::CLIENTS]:
            start = time.perf_counter()
            conn.request("GET", f"/api/v1/applications/{no}", headers={"Authorization": "ApiKey " + key})
            response = conn.getresponse()
            response.read()
            with lock:
                read.append((time.perf_counter() - start) * 1000)
                if response.status != 200:
                    failures.append(response.status)

    def threads(target) -> float:
        pool = [threading.Thread(target=target, args=(i,)) for i in range(CLIENTS)]
        began = time.perf_counter()
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        return time.perf_counter() - began

    send_seconds = threads(worker)
    read_seconds = threads(reader)
    return {"applications": len(numbers), "failures": failures[:5], "per_second": round(len(numbers) / send_seconds, 1),
            "post_p50_ms": round(statistics.median(sent), 1), "post_p99_ms": round(pct(sent, 0.99), 1),
            "reads_per_second": round(len(read) / read_seconds, 1),
            "get_p50_ms": round(statistics.median(read), 1), "get_p99_ms": round(pct(read, 0.99), 1)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("-n", type=int, default=400)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-applications-"))
    if args.postgres:
        db_url = PG_URL
        reset_postgres(db_url)
        servers = [LiveServer(db_url, folder, redis_url=REDIS_URL).start()]
        servers.append(LiveServer(db_url, folder, redis_url=REDIS_URL).start())
    else:
        db_url = f"sqlite:///{folder / 'hall.sqlite3'}"
        servers = [LiveServer(db_url, folder).start()]
    try:
        key = make_key(db_url, folder)
        answer = run([s.url for s in servers], key, args.n)
        engine = sa.create_engine(normalize_url(db_url))
        with engine.connect() as conn:
            stored = conn.execute(sa.text("SELECT count(*), count(DISTINCT external_no) FROM application")).one()
        engine.dispose()
        answer["stored_once"] = stored[0] == stored[1] == args.n
        answer["database"] = "postgres (2 processes)" if args.postgres else "sqlite (1 process)"
        print(json.dumps(answer, ensure_ascii=False))
        return 0 if answer["stored_once"] and not answer["failures"] else 1
    finally:
        for s in servers:
            s.stop()


if __name__ == "__main__":
    sys.exit(main())
