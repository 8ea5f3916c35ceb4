"""The outbox under a busy hall: ``bench/load_hall.py``'s load (200 kiosks, 50 windows with
rating pads, 20 displays, two ``hall serve`` processes on PostgreSQL + Redis) with one
integration subscribed to every event the load makes (ticket.issued, ticket.called,
service.finished, rating.created), delivered to a receiver process on loopback
(``tests/outbox_receiver.py``, checking signatures, answering 200 at once).

    python bench/outbox_delivery.py --seconds 60

Prints events delivered per second and the delay from an event's commit (its
``occurred_at``, taken in the transaction just before the commit) to its arrival at the
receiver, p50 and p99, beside the targets; then load_hall's own figures."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import load_hall  # noqa: E402  (bench/load_hall.py: patches the standard library for gevent first)

import argparse  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from datetime import datetime  # noqa: E402

import requests  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from hall.db import normalize_url  # noqa: E402
from tests.conftest import PG_URL, free_port  # noqa: E402

SECRET = "bench-secret-0123456789"
EVENTS = ["ticket.issued", "ticket.called", "service.finished", "rating.created"]
TARGETS = {"p50": 1000.0, "p99": 5000.0}      # ms from commit to delivery
DRAIN_SECONDS = 120


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    port = free_port()
    receiver = subprocess.Popen([sys.executable, str(Path(__file__).resolve().parents[1] / "tests" / "outbox_receiver.py"),
                                 str(port), "--secret", SECRET], stdout=subprocess.PIPE, text=True)
    assert receiver.stdout.readline().strip() == "ready"
    figures = {}

    def before(urls, manager):
        made = manager.post(urls[0] + "/api/v1/admin/integrations", json={
            "name": "压测接收端", "url": f"http://127.0.0.1:{port}/events", "secret": SECRET, "events": EVENTS})
        assert made.status_code == 201, made.text
        figures["start"] = time.time()

    def after(_urls):
        """Wait (at most DRAIN_SECONDS) until every row the load wrote was delivered."""
        engine = sa.create_engine(normalize_url(PG_URL))
        deadline = time.time() + DRAIN_SECONDS
        with engine.connect() as conn:
            while time.time() < deadline:
                left = conn.execute(sa.text("SELECT count(*) FROM delivery WHERE status = 'pending'")).scalar()
                if left == 0:
                    break
                time.sleep(0.5)
            figures["left"] = left
            figures["rows"] = conn.execute(sa.text("SELECT count(*) FROM delivery")).scalar()
        engine.dispose()
        figures["end"] = time.time()

    try:
        code = load_hall.main(["--seconds", str(args.seconds)], before=before, after=after)
        log = requests.get(f"http://127.0.0.1:{port}/log", timeout=30).json()
    finally:
        receiver.terminate()
        receiver.wait(10)
    ok = [e for e in log if e["status"] == 200]
    bad = [e for e in log if not e["signature_ok"]]
    delays = sorted((e["at"] - datetime.fromisoformat(e["body"]["occurred_at"].replace("Z", "+00:00")).timestamp()) * 1000
                    for e in ok)
    first, last = min(e["at"] for e in ok), max(e["at"] for e in ok)
    rate = len(ok) / max(last - first, 1e-9)
    p50, p99 = load_hall.pct(delays, 50), load_hall.pct(delays, 99)
    print()
    print(f"outbox: {figures['rows']} rows written, {len(ok)} events delivered ({len(bad)} bad signatures), "
          f"{figures['left']} still pending after the drain")
    print(f"  delivered per second: {rate:.1f} (while the hall made them; every event delivered: "
          f"{'yes' if figures['left'] == 0 and len(ok) == figures['rows'] else 'NO'})")
    print(f"  commit → delivery: p50 {p50:.0f} ms (target ≤ {TARGETS['p50']:.0f}), "
          f"p99 {p99:.0f} ms (target ≤ {TARGETS['p99']:.0f}), max {delays[-1]:.0f} ms")
    met = p50 <= TARGETS["p50"] and p99 <= TARGETS["p99"] and figures["left"] == 0 and not bad
    print("outbox targets met" if met else "outbox targets NOT met")
    return code or (0 if met else 1)


if __name__ == "__main__":
    sys.exit(main())
