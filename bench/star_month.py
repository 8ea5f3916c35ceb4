"""A month's star ratings from 1,000,000 services over 200 windows (target: under 2 s).

    python bench/star_month.py [--services 1000000]

Builds a SQLite hall with 200 windows and a month of finished tickets (70 % rated),
then times computing the month's star ratings of windows through the real service
(``hall.ratings.monthly.compute``: GROUP BY queries, then pure scoring).
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGET_SECONDS = 2.0
WINDOWS = 200


def build(path: Path, services: int) -> None:
    from hall.migrate import upgrade

    url = f"sqlite:///{path}"
    upgrade(url)
    conn = sqlite3.connect(path)
    cur = conn.cursor()
    cur.execute("INSERT INTO hall (id, code, name, timezone, address, phone, notices) VALUES "
                "(1, 'bench', '基准测试大厅', 'Asia/Shanghai', '', '', '[]')")
    cur.execute("INSERT INTO department (id, hall_id, code, name, short_name) VALUES (1, 1, 'd', '部门', '')")
    cur.execute("INSERT INTO queue (id, hall_id, code, prefix, name, opens_at, closes_at, daily_cap, "
                "default_service_minutes, service_samples) VALUES (1, 1, 'q', 'A', '综合', '08:30', '17:30', 99999, 5, 0)")
    cur.executemany("INSERT INTO window (id, hall_id, number, name, department_id, status) VALUES (?, 1, ?, ?, 1, 'closed')",
                    [(n, n, f"{n}号窗口") for n in range(1, WINDOWS + 1)])
    rng = random.Random(7)
    start = datetime(2026, 10, 8, 1, 0, tzinfo=timezone.utc)
    fmt = "%Y-%m-%d %H:%M:%S.%f"
    tickets, requests, ratings = [], [], []
    for i in range(1, services + 1):
        issued = start + timedelta(seconds=rng.randrange(0, 22 * 86400))
        called = issued + timedelta(seconds=rng.randrange(60, 3600))
        finished = called + timedelta(seconds=rng.randrange(120, 1200))
        window = rng.randrange(1, WINDOWS + 1)
        day = issued.date().isoformat()
        tickets.append((i, window, day, i, f"A{i}", f"t{i}", issued.strftime(fmt), called.strftime(fmt),
                        finished.strftime(fmt), int((called - issued).total_seconds()),
                        int((finished - called).total_seconds())))
        if rng.random() < 0.7:
            level = rng.choice((5, 5, 5, 4, 4, 3, 2, 1))
            requests.append((i, f"r{i}", i, window, finished.strftime(fmt), (finished + timedelta(days=7)).strftime(fmt),
                             level))
            ratings.append((i, i, level, finished.strftime(fmt)))
    cur.executemany("INSERT INTO ticket (id, hall_id, issued_queue_id, queue_id, service_date, seq, number, token, "
                    "status, priority, green_channel, issued_at, queued_at, called_at, finished_at, call_count, window_id, "
                    "wait_seconds, service_seconds) "
                    "VALUES (?1, 1, 1, 1, ?3, ?4, ?5, ?6, 'finished', 3, 0, ?7, ?7, ?8, ?9, 1, ?2, ?10, ?11)", tickets)
    cur.executemany("INSERT INTO ratingrequest (id, hall_id, token, ticket_id, window_id, created_at, expires_at, "
                    "level, channel) VALUES (?, 1, ?, ?, ?, ?, ?, ?, 'pad')", requests)
    cur.executemany("INSERT INTO rating (id, request_id, level, reasons, comment, channel, rated_at) "
                    "VALUES (?, ?, ?, '[]', '', 'pad', ?)", ratings)
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=1_000_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hall-bench-"))
    path = folder / "hall.sqlite3"
    began = time.perf_counter()
    build(path, args.services)
    print(f"built {args.services:,} services over {WINDOWS} windows in {time.perf_counter() - began:.1f} s")

    from _hall import hall_session, timed

    from hall.ratings.monthly import compute

    with hall_session(path) as (session, hall):
        rows, seconds = timed(lambda: compute(session, hall, "2026-10", "window"))
    served = sum(r["breakdown"]["indicators"]["services"] for r in rows)
    ok = seconds < TARGET_SECONDS and served == args.services and len(rows) == WINDOWS
    print(f"star ratings of {len(rows)} windows from {served:,} services: {seconds:.2f} s "
          f"(target < {TARGET_SECONDS:.0f} s)  {'MEETS' if ok else 'BELOW'} target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
