"""Real concurrent clients against real ``hall serve`` processes."""
from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
import sqlalchemy as sa

from hall.db import normalize_url

QUEUE = "business"


def widen_queue(db_url: str, windows: range, cap: int = 100000) -> None:
    """Let windows 1..8 of the first (district) hall all call from one queue and lift its daily
    cap, straight in the database."""
    engine = sa.create_engine(normalize_url(db_url))
    with engine.begin() as conn:
        hall_id = conn.execute(sa.text("SELECT min(id) FROM hall")).scalar_one()
        queue_id = conn.execute(sa.text("SELECT id FROM queue WHERE code = :c AND hall_id = :h"),
                                {"c": QUEUE, "h": hall_id}).scalar_one()
        conn.execute(sa.text("UPDATE queue SET daily_cap = :cap WHERE id = :q"), {"cap": cap, "q": queue_id})
        for number in windows:
            window_id = conn.execute(sa.text("SELECT id FROM \"window\" WHERE number = :n AND hall_id = :h"),
                                     {"n": number, "h": hall_id}).scalar_one()
            exists = conn.execute(sa.text("SELECT 1 FROM windowqueue WHERE window_id = :w AND queue_id = :q"),
                                  {"w": window_id, "q": queue_id}).first()
            if not exists:
                conn.execute(sa.text("INSERT INTO windowqueue (window_id, queue_id, position) VALUES (:w, :q, 9)"),
                             {"w": window_id, "q": queue_id})
        # running servers keep the catalog in memory; the version tells them it changed
        conn.execute(sa.text("UPDATE hall SET catalog_version = catalog_version + 1"))
    engine.dispose()


def grow_hall(db_url: str, windows: int, instance: Path) -> dict[int, str]:
    """Windows 19…``windows`` on top of the demo hall's 18 (each calling from every queue,
    staff ``staffNN`` with the demo password), and a registered rating pad at every window:
    {window number: pad token}."""
    from hall import create_app
    from hall.auth.models import Staff
    from hall.auth.service import hash_password
    from hall.catalog.models import Queue, Window, WindowQueue
    from hall.web import current_hall
    from hall.db import dispose, session_scope
    from hall.devices.service import add_device

    app = create_app({"HALL_DATABASE_URL": db_url, "HALL_INSTANCE_PATH": str(instance), "HALL_ASYNC_MODE": "threading"})
    session = session_scope(app)
    try:
        with app.app_context():
            hall = current_hall(session)
            queue_ids = list(session.scalars(sa.select(Queue.id).where(Queue.hall_id == hall.id).order_by(Queue.id)))
            password = hash_password("demo")
            for number in range(19, windows + 1):
                window = Window(hall_id=hall.id, number=number, name=f"综合受理窗口{number}")
                session.add(window)
                session.flush()
                for position, queue_id in enumerate(queue_ids):
                    session.add(WindowQueue(window_id=window.id, queue_id=queue_id, position=position))
                session.add(Staff(hall_id=hall.id, username=f"staff{number:02d}", name=f"窗口人员{number}",
                                  staff_no=f"XL{100 + number:04d}", role="staff", home_window=number,
                                  password_hash=password))
            session.commit()
        with app.app_context():
            pads = {number: add_device(session, current_hall(session), "rating_pad", number)[1]
                    for number in range(1, windows + 1)}
        session.commit()
        return pads
    finally:
        session.close()
        dispose(app)


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
