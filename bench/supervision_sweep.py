"""The supervision sweep over 100,000 open cases (target: under 5 s).

    python bench/supervision_sweep.py [--cases 100000]

Builds a SQLite hall with open cases accepted over the last 30 days (one in ten paused for a
site inspection), then times one sweep through the real service (`hall.scheduler.sweep`):
lights, accountability records for the overdue ones, deemed approvals.
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

from hall.db import dispose  # noqa: E402

TARGET_SECONDS = 5.0


def build(path: Path, count: int) -> None:
    from hall.calendar.workdays import WorkdayCalendar
    from hall.cli import prepare_database
    from hall.factory import create_app

    app = create_app({"HALL_DATABASE_URL": f"sqlite:///{path}", "HALL_INSTANCE_PATH": str(path.parent),
                      "HALL_ASYNC_MODE": "threading"})
    prepare_database(app, demo=True)
    dispose(app)
    conn = sqlite3.connect(path)
    items = conn.execute("SELECT id, department_id, promised_days FROM item WHERE kind IN ('committed', 'report')").fetchall()
    staff = [r[0] for r in conn.execute("SELECT id FROM staff WHERE role = 'staff'")]
    cal = WorkdayCalendar()
    rng = random.Random(3)
    today = datetime.now(timezone.utc)
    cases, pauses = [], []
    fmt = "%Y-%m-%d %H:%M:%S.%f"
    for i in range(1, count + 1):
        item_id, dept, days = rng.choice(items)
        accepted = today - timedelta(days=rng.randrange(0, 30), minutes=rng.randrange(0, 600))
        day = accepted.date()
        cases.append((i, f"B{i:08d}", "123456", item_id, dept, rng.choice(staff), "张三", "1101**********1234", "x" * 64,
                      "[]", "committed", "accepted", accepted.strftime(fmt), day.isoformat(), days,
                      cal.add_working_days(day, days).isoformat()))
        if i % 10 == 0:
            pauses.append((i, (day + timedelta(days=1)).isoformat(), None, "现场勘查"))
    conn.executemany("INSERT INTO \"case\" (id, hall_id, case_no, query_code, item_id, department_id, staff_id, "
                     "applicant_name, applicant_id_masked, applicant_id_hash, applicant_phone_masked, materials, kind, "
                     "status, accepted_at, accepted_on, promised_days, extension_days, deadline, decision_reason, "
                     "decision_basis, certificate_no, certificates, light) VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                     "'', ?10, ?11, ?12, ?13, ?14, ?15, 0, ?16, '', '', '', '[]', 'green')", cases)
    conn.executemany("INSERT INTO casepause (case_id, started_on, ended_on, reason) VALUES (?, ?, ?, ?)", pauses)
    conn.commit()
    conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hall-bench-"))
    path = folder / "hall.sqlite3"
    began = time.perf_counter()
    build(path, args.cases)
    print(f"built {args.cases:,} open cases in {time.perf_counter() - began:.1f} s")

    from _hall import hall_session, timed

    from hall.scheduler import sweep

    with hall_session(path) as (session, hall):
        summary, seconds = timed(lambda: (sweep(session, hall), session.commit())[0])
    lit = summary["green"] + summary["yellow"] + summary["red"]
    ok = seconds < TARGET_SECONDS and lit == args.cases
    print(f"sweep of {lit:,} open cases: {seconds:.2f} s (target < {TARGET_SECONDS:.0f} s)  "
          f"green {summary['green']}, yellow {summary['yellow']}, red {summary['red']}, "
          f"new accountability {summary['new_accountability']}  {'MEETS' if ok else 'BELOW'} target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
