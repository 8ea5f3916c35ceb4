"""Shared fixtures: a demo-hall app on SQLite (copied from a template built once),
the real PostgreSQL and Redis, and live ``hall serve`` processes."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hall.db import dispose

PG_URL = os.environ.get("HALL_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("HALL_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
ROOT = Path(__file__).resolve().parents[1]


def _app_for(db_url: str, instance: Path, **extra):
    from hall import create_app
    extra.setdefault("HALL_TICKET_RATE_LIMIT", "off")
    extra.setdefault("HALL_TICKETS_PER_ADDRESS_DAY", "off")
    extra.setdefault("HALL_LOGIN_RATE_LIMIT", "off")
    extra.setdefault("HALL_BOOKING_RATE_LIMIT", "off")
    return create_app({"HALL_DATABASE_URL": db_url, "HALL_INSTANCE_PATH": str(instance),
                       "HALL_SECRET_KEY": "test-secret", "HALL_ASYNC_MODE": "threading", **extra})


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    """The schema (through Alembic) and the demo hall, built once per test run."""
    from hall.cli import prepare_database
    folder = tmp_path_factory.mktemp("template")
    path = folder / "hall.sqlite3"
    app = _app_for(f"sqlite:///{path}", folder)
    prepare_database(app, demo=True)
    dispose(app)
    return path


@pytest.fixture
def database(request) -> str:
    """Which database the ``app`` runs on: SQLite unless a test module asks for both with
    ``pytestmark = both_databases``."""
    return getattr(request, "param", "sqlite")


both_databases = pytest.mark.both_databases


def pytest_generate_tests(metafunc):
    """Tests of a module marked ``both_databases`` that use the demo hall run on each database."""
    if "database" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_databases"):
        metafunc.parametrize("database", ["sqlite", "postgres"], indirect=True)


@pytest.fixture
def app(database, request, tmp_path):
    """The demo hall, fresh for each test: a copy of a template built once per run."""
    if database == "postgres":
        url = request.getfixturevalue("pg_copy")
    else:
        path = tmp_path / "hall.sqlite3"
        shutil.copy(request.getfixturevalue("template_db"), path)
        url = f"sqlite:///{path}"
    app = _app_for(url, tmp_path)
    yield app
    dispose(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def login(client):
    """login("staff03") → headers with that account's bearer token."""
    def _login(username: str, password: str = "demo") -> dict:
        response = client.post("/api/v1/auth/login", json={"username": username, "password": password})
        assert response.status_code == 200, response.get_json()
        return {"Authorization": "Bearer " + response.get_json()["token"]}
    return _login


@pytest.fixture
def socket_client(app):
    from hall import socketio

    clients = []

    def _connect(room: str | None = None, **extra):
        sc = socketio.test_client(app)
        clients.append(sc)
        if room:
            sc.emit("join", {"room": room, **extra})
        return sc
    yield _connect
    for sc in clients:
        if sc.is_connected():
            sc.disconnect()


@pytest.fixture
def device(app):
    """device("rating_pad", 3) → the token of a screen registered for window 3."""
    def _register(kind: str, window: int | None = None) -> str:
        from hall.web import current_hall
        from hall.devices.service import add_device
        session = db_session(app)
        try:
            with app.app_context():
                _device, token = add_device(session, current_hall(session), kind, window)
            session.commit()
            return token
        finally:
            session.close()
    return _register


def db_session(app):
    from hall.db import session_scope
    return session_scope(app)


def run_sweep(app, moment) -> dict:
    """One sweep in its own session and app context (requests must not share them)."""
    from hall.scheduler import sweep
    from hall.web import current_hall
    session = db_session(app)
    try:
        with app.app_context():
            summary = sweep(session, current_hall(session), moment)
        session.commit()
        return summary
    finally:
        session.close()


# ---------------------------------------------------------------- real servers

def _service_up(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def postgres_url() -> str:
    if not _service_up("127.0.0.1", 5432):
        pytest.fail("PostgreSQL is not running on 127.0.0.1:5432 (.ci/run starts it)")
    return PG_URL


@pytest.fixture(scope="session")
def redis_url() -> str:
    if not _service_up("127.0.0.1", 6379):
        pytest.fail("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")
    return REDIS_URL


def reset_postgres(url: str) -> None:
    import sqlalchemy as sa
    from hall.db import normalize_url
    engine = sa.create_engine(normalize_url(url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


# named after the test database, so that test runs against different databases of one
# server (HALL_TEST_PG_URL) do not drop each other's template
_PG_BASE = PG_URL.rsplit("/", 1)[1].split("?")[0] or "test"
PG_TEMPLATE, PG_COPY = f"{_PG_BASE}_hall_template", f"{_PG_BASE}_hall_copy"


def _pg_admin(url: str, *statements: str) -> None:
    import sqlalchemy as sa
    from hall.db import normalize_url
    engine = sa.create_engine(normalize_url(url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for statement in statements:
            conn.execute(sa.text(statement))
    engine.dispose()


def _pg_url(url: str, database: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + database


@pytest.fixture(scope="session")
def pg_template(postgres_url, tmp_path_factory) -> str:
    """A PostgreSQL database with the schema and the demo hall, built once per run; each test
    gets a copy (CREATE DATABASE … TEMPLATE), much faster than loading the demo again."""
    from hall.cli import prepare_database
    _pg_admin(postgres_url, f"DROP DATABASE IF EXISTS {PG_COPY}", f"DROP DATABASE IF EXISTS {PG_TEMPLATE}",
              f"CREATE DATABASE {PG_TEMPLATE}")
    app = _app_for(_pg_url(postgres_url, PG_TEMPLATE), tmp_path_factory.mktemp("pg-template"))
    prepare_database(app, demo=True)
    dispose(app)
    return PG_TEMPLATE


@pytest.fixture
def pg_copy(postgres_url, pg_template) -> str:
    _pg_admin(postgres_url, f"DROP DATABASE IF EXISTS {PG_COPY}", f"CREATE DATABASE {PG_COPY} TEMPLATE {pg_template}")
    return _pg_url(postgres_url, PG_COPY)


@pytest.fixture
def pg_app(postgres_url, tmp_path):
    """The demo hall on the real PostgreSQL, schema through Alembic."""
    from hall.cli import prepare_database
    reset_postgres(postgres_url)
    app = _app_for(postgres_url, tmp_path)
    prepare_database(app, demo=True)
    yield app
    dispose(app)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """A real ``hall serve`` process (gevent, as in production)."""

    def __init__(self, db_url: str, instance: Path, redis_url: str | None = None, demo: bool = True,
                 env: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db_url, self.instance, self.redis_url, self.demo = db_url, instance, redis_url, demo
        self.extra_env = env or {}
        self.proc = None
        self.log = instance / f"server-{self.port}.log"

    def start(self, timeout: float = 40) -> "LiveServer":
        env = dict(os.environ, HALL_DATABASE_URL=self.db_url, HALL_INSTANCE_PATH=str(self.instance),
                   HALL_SECRET_KEY="test-secret", HALL_TICKET_RATE_LIMIT="off", HALL_TICKETS_PER_ADDRESS_DAY="off",
                   HALL_LOGIN_RATE_LIMIT="off", HALL_BOOKING_RATE_LIMIT="off")
        env.update(self.extra_env)
        if self.redis_url:
            env["HALL_REDIS_URL"] = self.redis_url
        else:
            env.pop("HALL_REDIS_URL", None)
        args = [sys.executable, "-m", "hall.cli", "serve", "--port", str(self.port)]
        if self.demo:
            args.append("--demo")
        self.proc = subprocess.Popen(args, env=env, stdout=open(self.log, "ab"), stderr=subprocess.STDOUT,
                                     cwd=ROOT)
        deadline = time.time() + timeout
        import requests
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-3000:]}")
            try:
                if requests.get(self.url + "/api/v1/queues", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server did not start: {self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """Gone at once, as on a power cut: no shutdown of any kind."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def live_servers():
    started = []

    def _start(*args, **kwargs) -> LiveServer:
        server = LiveServer(*args, **kwargs).start()
        started.append(server)
        return server
    yield _start
    for server in started:
        server.stop()
