"""Real concurrent clients against real ``hall serve`` processes."""
from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests
import sqlalchemy as sa

from hall.db import normalize_url

QUEUE = "business"


def widen_queue(db_url: str, windows: range, cap: int = 100000) -> None:
    """Let windows 1..8 all call from one queue and lift its daily cap, straight in the database."""
    engine = sa.create_engine(normalize_url(db_url))
    with engine.begin() as conn:
        queue_id = conn.execute(sa.text("SELECT id FROM queue WHERE code = :c"), {"c": QUEUE}).scalar_one()
        conn.execute(sa.text("UPDATE queue SET daily_cap = :cap WHERE id = :q"), {"cap": cap, "q": queue_id})
        for number in windows:
            window_id = conn.execute(sa.text("SELECT id FROM \"window\" WHERE number = :n"), {"n": number}).scalar_one()
            exists = conn.execute(sa.text("SELECT 1 FROM windowqueue WHERE window_id = :w AND queue_id = :q"),
                                  {"w": window_id, "q": queue_id}).first()
            if not exists:
                conn.execute(sa.text("INSERT INTO windowqueue (window_id, queue_id, position) VALUES (:w, :q, 9)"),
                             {"w": window_id, "q": queue_id})
    engine.dispose()


def issue_concurrently(urls: list[str], total: int, clients: int) -> list[dict]:
    """``clients`` threads, each with its own keep-alive connection, share ``total`` tickets."""
    counter = iter(range(total))
    lock = threading.Lock()
    results, errors = [], []

    def worker(index: int):
        http = requests.Session()
        base = urls[index % len(urls)]
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            r = http.post(base + "/api/v1/tickets", json={"queue_code": QUEUE}, timeout=30)
            (results if r.status_code == 201 else errors).append(r.json() if r.status_code == 201 else r.text)

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, range(clients)))
    assert not errors, errors[:3]
    return results


def call_all_concurrently(urls: list[str], windows: range) -> list[dict]:
    """Each window signs in and presses 下一位 until the queue is empty."""
    called, errors = [], []

    def worker(number: int):
        http = requests.Session()
        base = urls[number % len(urls)]
        token = http.post(base + "/api/v1/auth/login",
                          json={"username": f"staff{number:02d}", "password": "demo"}).json()["token"]
        http.headers["Authorization"] = "Bearer " + token
        assert http.post(f"{base}/api/v1/windows/{number}/sign-in").status_code == 200
        while True:
            r = http.post(f"{base}/api/v1/windows/{number}/call-next", timeout=30)
            if r.status_code == 404 and r.json()["error"]["code"] == "queue_empty":
                return
            if r.status_code != 200:
                errors.append(r.text)
                return
            called.append({"window": number, **r.json()["ticket"]})

    with ThreadPoolExecutor(len(windows)) as pool:
        list(pool.map(worker, windows))
    assert not errors, errors[:3]
    return called


def duplicates(values) -> dict:
    return {k: v for k, v in Counter(values).items() if v > 1}


def called_events_per_ticket(db_url: str) -> Counter:
    engine = sa.create_engine(normalize_url(db_url))
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT ticket_id, count(*) FROM ticketevent WHERE kind = 'called' "
                                    "GROUP BY ticket_id")).all()
    engine.dispose()
    return Counter(dict(rows))
