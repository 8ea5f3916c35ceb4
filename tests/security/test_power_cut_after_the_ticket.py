"""Attack (or accident): a power cut right after a kiosk printed a ticket. With SQLite's
``synchronous=NORMAL`` the last commits of the WAL may be lost on power loss, so a citizen
could hold a printed, acknowledged ticket the hall no longer knows. Now every connection runs
``synchronous=FULL`` (``HALL_SQLITE_SYNCHRONOUS``; NORMAL only when chosen)."""
import pytest
from sqlalchemy import text

from hall.db.engine import make_engine
from tests.conftest import db_session

FULL, NORMAL = 2, 1     # what PRAGMA synchronous answers


def test_the_halls_connections_sync_every_commit(app, client):
    assert client.post("/api/v1/tickets", json={"queue_code": "business"}).status_code == 201
    session = db_session(app)
    try:
        assert session.execute(text("PRAGMA synchronous")).scalar() == FULL
    finally:
        session.close()


def test_normal_only_when_chosen_and_nothing_else(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'h.sqlite3'}", sqlite_synchronous="normal")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA synchronous")).scalar() == NORMAL
    engine.dispose()
    with pytest.raises(ValueError):
        make_engine(f"sqlite:///{tmp_path / 'h.sqlite3'}", sqlite_synchronous="OFF")
