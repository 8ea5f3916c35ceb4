"""One external_no, one application: an outside system that resends (a timeout, two workers of
its own) gets one 201 and 409s, never two applications, from real ``hall serve`` processes
on SQLite and on PostgreSQL, with real concurrent clients. The key is made with the CLI."""
import os
import subprocess
import sys
import threading

import pytest
import requests
import sqlalchemy as sa

from hall.db import normalize_url
from tests.api.test_cases import APPLICANT, ITEM
from tests.conftest import ROOT, reset_postgres

CLIENTS = 12
ROUNDS = 4


def make_key(db_url: str, instance) -> str:
    out = subprocess.run([sys.executable, "-m", "hall.cli", "apikey", "create", "race", "--scope",
                          "applications:write", "--db", db_url],
                         env=dict(os.environ, HALL_INSTANCE_PATH=str(instance), HALL_SECRET_KEY="test-secret"),
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()[-1]


def send_all_at_once(urls: list[str], key: str, external_no: str) -> list[tuple[int, dict]]:
    """CLIENTS threads, each its own connection, released together by a barrier."""
    barrier = threading.Barrier(CLIENTS)
    answers, lock = [], threading.Lock()

    def one(i: int) -> None:
        http = requests.Session()
        http.headers["Authorization"] = "ApiKey " + key
        url = urls[i % len(urls)]
        http.get(url + "/api/v1/queues", timeout=30)   # the connection is open before the barrier
        barrier.wait(timeout=60)
        r = http.post(url + "/api/v1/applications", timeout=60, json={
            "item_code": ITEM, "applicant": APPLICANT, "materials": ["M01", "M02", "M03", "M04", "M05"],
            "external_no": external_no})
        with lock:
            answers.append((r.status_code, r.json()))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return answers


def assert_one_application_each(db_url: str, urls: list[str], key: str) -> None:
    for round_no in range(ROUNDS):
        external_no = f"YWTB-RACE-{round_no}"
        answers = send_all_at_once(urls, key, external_no)
        assert len(answers) == CLIENTS
        statuses = sorted(status for status, _ in answers)
        assert statuses == [201] + [409] * (CLIENTS - 1), answers
        winner = next(body for status, body in answers if status == 201)
        assert {body["error"]["code"] for status, body in answers if status == 409} == {"duplicate_external_no"}
        assert {body["application_no"] for status, body in answers if status == 409} == {winner["application_no"]}
    engine = sa.create_engine(normalize_url(db_url))
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT external_no, application_no FROM application ORDER BY id")).all()
    engine.dispose()
    assert [r[0] for r in rows] == [f"YWTB-RACE-{i}" for i in range(ROUNDS)]
    assert len({r[1] for r in rows}) == ROUNDS


def test_sqlite_one_application_per_external_no(live_servers, tmp_path):
    db_url = f"sqlite:///{tmp_path / 'hall.sqlite3'}"
    server = live_servers(db_url, tmp_path)
    assert_one_application_each(db_url, [server.url], make_key(db_url, tmp_path))


@pytest.mark.postgres
@pytest.mark.redis
def test_postgres_two_processes_one_application_per_external_no(live_servers, tmp_path, postgres_url, redis_url):
    reset_postgres(postgres_url)
    a = live_servers(postgres_url, tmp_path, redis_url=redis_url)
    b = live_servers(postgres_url, tmp_path, redis_url=redis_url)
    assert_one_application_each(postgres_url, [a.url, b.url], make_key(postgres_url, tmp_path))
