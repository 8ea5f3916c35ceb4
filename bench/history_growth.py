"""Cost as the work grows: tickets and calls with 10, 1,000 and 100,000 tickets waiting,
then with a year of history in the database; the month's report and the sweep over it.

    python bench/history_growth.py                       # a year: 2,000,000 tickets, 500,000 cases
    python bench/history_growth.py --history-tickets 200000 --history-cases 50000   # quicker

One `hall serve` process on a SQLite file (the demo hall, windows 1–8 calling one queue). At
each stage the backlog is topped up in-process through the hall's own service (its counters
stay right), the server is started, and the same client as `bench/queue_throughput.py` (8
keep-alive threads) takes 800 tickets and presses 下一位 800 times, so the backlog stays
where the stage put it: one round to warm up, then the median of three. The year of history (finished tickets on the 365 days before today,
70 % rated, one log line each; completed cases) is written straight into the file. Every
figure is compared with the first stage's in the same run (the machine's speed drifts; the
ratio does not): nothing a hall does every minute may grow with the backlog or the history.
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _hall import hall_session, timed  # noqa: E402
from queue_throughput import CLIENTS, figures, issue, window_clients  # noqa: E402

from hall.db import dispose  # noqa: E402
from tests.conftest import LiveServer  # noqa: E402
from tests.live.load import QUEUE, widen_queue  # noqa: E402

PER_STAGE = 800                  # tickets taken and calls made in each stage
BACKLOGS = (10, 1_000, 100_000)
ROUNDS = 3                       # measured rounds per stage (the median counts), after one to warm up
TARGET_RATIO = 1.5               # each stage's p99 within 1.5× the first's, rates at least 1/1.5 of it
TARGET_REPORT_SECONDS = 2.0      # the month's star ratings over the year's history
TARGET_SWEEP_SECONDS = 1.0       # the sweep with a year of completed cases behind it


def build(path: Path) -> None:
    from hall.cli import prepare_database
    from hall.factory import create_app

    app = create_app({"HALL_DATABASE_URL": f"sqlite:///{path}", "HALL_INSTANCE_PATH": str(path.parent),
                      "HALL_ASYNC_MODE": "threading"})
    prepare_database(app, demo=True)
    dispose(app)
    widen_queue(f"sqlite:///{path}", range(1, CLIENTS + 1))


def top_up(path: Path, backlog: int) -> int:
    """Issue tickets through the hall's service until ``backlog`` wait in the queue."""
    from hall.queueing import service

    with hall_session(path) as (session, hall):
        conn = sqlite3.connect(path)
        waiting = conn.execute("SELECT count(*) FROM ticket t JOIN queue q ON q.id = t.queue_id "
                               "WHERE q.code = ? AND t.status = 'waiting'", (QUEUE,)).fetchone()[0]
        conn.close()
        for n in range(max(0, backlog - waiting)):
            service.issue_ticket(session, hall, queue_code=QUEUE)
            if n % 1000 == 999:
                session.commit()
        session.commit()
    return backlog


def add_history(path: Path, tickets: int, cases: int) -> None:
    """A year of finished tickets (70 % rated) and completed cases before today."""
    from hall.calendar.workdays import WorkdayCalendar

    conn = sqlite3.connect(path)
    hall_id, queue_id = conn.execute("SELECT q.hall_id, q.id FROM queue q WHERE q.code = ? ORDER BY q.hall_id",
                                     (QUEUE,)).fetchone()
    windows = [r[0] for r in conn.execute("SELECT id FROM window WHERE hall_id = ?", (hall_id,))]
    first_ticket = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM ticket").fetchone()[0]
    items = conn.execute("SELECT id, department_id, promised_days FROM item WHERE hall_id = ? AND kind = 'committed'",
                         (hall_id,)).fetchall()
    staff = [r[0] for r in conn.execute("SELECT id FROM staff WHERE hall_id = ? AND role = 'staff'", (hall_id,))]
    rng = random.Random(11)
    fmt = "%Y-%m-%d %H:%M:%S.%f"
    today = date.today()
    per_day = max(1, tickets // 365)
    rows, events, requests = [], [], []
    for k in range(tickets):
        day = today - timedelta(days=1 + k // per_day)
        issued = datetime(day.year, day.month, day.day, 1, tzinfo=timezone.utc) + timedelta(seconds=rng.randrange(28800))
        called = issued + timedelta(seconds=rng.randrange(60, 3600))
        finished = called + timedelta(seconds=rng.randrange(120, 1200))
        i = first_ticket + k
        rows.append((i, hall_id, queue_id, day.isoformat(), 1 + k % per_day, f"H{k}", f"h{k}", issued.strftime(fmt),
                     called.strftime(fmt), finished.strftime(fmt), rng.choice(windows)))
        events.append((i, finished.strftime(fmt)))
        if rng.random() < 0.7:
            requests.append((i, hall_id, f"hr{k}", i, rows[-1][-1], finished.strftime(fmt),
                             (finished + timedelta(days=7)).strftime(fmt), rng.choice((5, 5, 5, 4, 3))))
        if len(rows) == 100_000 or k == tickets - 1:
            conn.executemany("INSERT INTO ticket (id, hall_id, issued_queue_id, queue_id, service_date, seq, number, "
                             "token, status, priority, green_channel, issued_at, queued_at, called_at, finished_at, "
                             "call_count, window_id) VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, 'finished', 3, 0, ?8, ?8, "
                             "?9, ?10, 1, ?11)", rows)
            conn.executemany("INSERT INTO ticketevent (ticket_id, kind, at, detail) VALUES (?, 'finished', ?, '{}')",
                             events)
            conn.executemany("INSERT INTO ratingrequest (id, hall_id, token, ticket_id, window_id, created_at, "
                             "expires_at, level, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pad')", requests)
            conn.executemany("INSERT INTO rating (request_id, level, reasons, comment, channel, rated_at) "
                             "VALUES (?, ?, '[]', '', 'pad', ?)", [(r[0], r[7], r[5]) for r in requests])
            rows, events, requests = [], [], []
    cal = WorkdayCalendar()
    first_case = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM \"case\"").fetchone()[0]
    batch = []
    for k in range(cases):
        item_id, dept, days = rng.choice(items)
        day = today - timedelta(days=30 + k * 335 // max(1, cases))
        accepted = datetime(day.year, day.month, day.day, 2, tzinfo=timezone.utc)
        batch.append((first_case + k, hall_id, f"H{k:09d}", "123456", item_id, dept, rng.choice(staff), "张三",
                      "1101**********1234", "x" * 64, "[]", accepted.strftime(fmt), day.isoformat(), days,
                      cal.add_working_days(day, days).isoformat()))
        if len(batch) == 100_000 or k == cases - 1:
            conn.executemany("INSERT INTO \"case\" (id, hall_id, case_no, query_code, item_id, department_id, "
                             "staff_id, applicant_name, applicant_id_masked, applicant_id_hash, applicant_phone_masked, "
                             "materials, kind, status, accepted_at, accepted_on, promised_days, extension_days, "
                             "deadline, decision_reason, decision_basis, certificate_no, certificates, light) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, '', ?11, 'committed', 'completed', ?12, "
                             "?13, ?14, 0, ?15, '', '', '', '[]', 'green')", batch)
            batch = []
    conn.commit()
    conn.close()


def one_round(urls: list[str], clients) -> dict:
    """Take PER_STAGE tickets, then press 下一位 PER_STAGE times over the windows."""
    issued, latencies, seconds = issue(urls, PER_STAGE)
    calls_ms, budget, lock = [], iter(range(PER_STAGE)), threading.Lock()

    def press(i: int) -> None:
        number, client = clients[i]
        while True:
            with lock:
                if next(budget, None) is None:
                    return
            status, _data, ms = client.post(f"/windows/{number}/call-next")
            if status != 200:
                raise RuntimeError(f"call-next answered {status}")
            with lock:
                calls_ms.append(ms)

    threads = [threading.Thread(target=press, args=(i,)) for i in range(CLIENTS)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if len(issued) != PER_STAGE or len(calls_ms) != PER_STAGE:
        raise RuntimeError(f"{len(issued)} tickets and {len(calls_ms)} calls of {PER_STAGE}")
    return {"tickets": figures(len(issued), seconds, latencies),
            "calls": figures(len(calls_ms), time.perf_counter() - began, calls_ms)}


def stage(path: Path, folder: Path, label: str) -> dict:
    """One warm-up round, then the median of ROUNDS rounds (each figure on its own)."""
    server = LiveServer(f"sqlite:///{path}", folder, demo=False).start()
    try:
        urls = [server.url]
        clients = window_clients(urls)
        one_round(urls, clients)
        rounds = [one_round(urls, clients) for _ in range(ROUNDS)]
    finally:
        server.stop()
    result = {kind: tuple(statistics.median(r[kind][i] for r in rounds) for i in range(3))
              for kind in ("tickets", "calls")}
    tickets, calls = result["tickets"], result["calls"]
    print(f"  {label:<40} tickets {tickets[0]:6.0f}/s p99 {tickets[2]:5.1f} ms | calls {calls[0]:6.0f}/s "
          f"p50 {calls[1]:5.1f} ms p99 {calls[2]:5.1f} ms", flush=True)
    return result


def verdict(first: dict, later: dict) -> bool:
    """A later stage's rates at least 1/ratio of the first's, its p99 at most ratio times."""
    return all(later[k][0] * TARGET_RATIO >= first[k][0] and later[k][2] <= first[k][2] * TARGET_RATIO
               for k in ("tickets", "calls"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--history-tickets", type=int, default=2_000_000)
    parser.add_argument("--history-cases", type=int, default=500_000)
    parser.add_argument("--backlogs", default=",".join(str(b) for b in BACKLOGS),
                        help="tickets waiting at each stage, comma-separated")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hall-growth-"))
    path = folder / "hall.sqlite3"
    build(path)
    print(f"SQLite, one process; {PER_STAGE} tickets and {PER_STAGE} calls per stage, {CLIENTS} clients", flush=True)
    results = []
    backlogs = [int(b) for b in args.backlogs.split(",")]
    for backlog in backlogs:
        top_up(path, backlog)
        results.append((f"{backlog:,} waiting", stage(path, folder, f"{backlog:,} waiting, no history")))
    began = time.perf_counter()
    add_history(path, args.history_tickets, args.history_cases)
    print(f"  (wrote {args.history_tickets:,} tickets and {args.history_cases:,} cases of history "
          f"in {time.perf_counter() - began:.0f} s)", flush=True)
    label = f"{backlogs[-1]:,} waiting, a year of history"
    results.append((label, stage(path, folder, label)))
    first = results[0][1]
    ok = True
    for label, figures_ in results[1:]:
        meets = verdict(first, figures_)
        ok &= meets
        print(f"{label:<28} tickets {figures_['tickets'][0] / first['tickets'][0]:4.0%} of the first stage's rate, "
              f"p99 {figures_['tickets'][2] / first['tickets'][2]:.1f}×; calls {figures_['calls'][0] / first['calls'][0]:4.0%}, "
              f"p99 {figures_['calls'][2] / first['calls'][2]:.1f}× (target ≥ {1 / TARGET_RATIO:.0%}, "
              f"≤ {TARGET_RATIO}×)  {'MEETS' if meets else 'BELOW'} target")

    from hall.ratings.monthly import compute
    from hall.scheduler import sweep

    last_month = (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    with hall_session(path) as (session, hall):
        rows, report_s = timed(lambda: compute(session, hall, last_month, "window"))
        _summary, sweep_s = timed(lambda: (sweep(session, hall), session.commit())[0])
    report_ok, sweep_ok = report_s < TARGET_REPORT_SECONDS, sweep_s < TARGET_SWEEP_SECONDS
    print(f"star ratings of {last_month} ({len(rows)} windows) over the year: {report_s:.2f} s "
          f"(target < {TARGET_REPORT_SECONDS:.0f} s)  {'MEETS' if report_ok else 'BELOW'} target")
    print(f"the sweep with the year's {args.history_cases:,} completed cases: {sweep_s:.2f} s "
          f"(target < {TARGET_SWEEP_SECONDS:.0f} s)  {'MEETS' if sweep_ok else 'BELOW'} target")
    return 0 if ok and report_ok and sweep_ok else 1


if __name__ == "__main__":
    sys.exit(main())
