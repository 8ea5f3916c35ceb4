"""Engines: how hall talks to SQLite or PostgreSQL.

SQLite: WAL, a busy timeout, and every transaction begins ``IMMEDIATE`` so that two
writers never both read and then race to write (the ticket counter and the call-next
claim rely on it, also with several processes on one file). PostgreSQL: read committed,
row locks (``FOR UPDATE [SKIP LOCKED]``) where the services need them, pools that renew
themselves after a server restart.
"""
from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import create_engine, event, make_url
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session

from hall.config import keep_private


def normalize_url(url: str) -> str:
    """``postgresql://`` means psycopg2 here (SQLAlchemy 2.1 would pick psycopg 3), the
    driver that psycogreen makes cooperative under gevent."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix):]
    return url


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def pool_sizes(connections: int, parts: int = 1) -> dict:
    """Pool settings for one of ``parts`` PostgreSQL pools sharing a budget of connections:
    half of each share kept open, half opened under load. A process over its budget waits
    for a connection (``pool_timeout``) rather than have the server refuse one ("too many
    clients"), which would fail the request."""
    share = max(2, connections // parts)
    return {"pool_size": share // 2, "max_overflow": share - share // 2}


SQLITE_SYNCHRONOUS = ("FULL", "NORMAL", "EXTRA")


def make_engine(url: str, sqlite_synchronous: str = "FULL", **kwargs) -> Engine:
    """``sqlite_synchronous`` (``HALL_SQLITE_SYNCHRONOUS``): FULL syncs the WAL at every
    commit, so a ticket the kiosk was told about survives a power cut; NORMAL may lose the
    last commits (never corrupts), and is faster."""
    url = normalize_url(url)
    synchronous = (sqlite_synchronous or "FULL").upper()
    if synchronous not in SQLITE_SYNCHRONOUS:
        raise ValueError(f"HALL_SQLITE_SYNCHRONOUS must be one of {', '.join(SQLITE_SYNCHRONOUS)}")
    if url.startswith("sqlite"):
        for key in ("pool_size", "max_overflow"):   # SQLite: the default pool, no server's budget
            kwargs.pop(key, None)
        database = make_url(url).database
        if database and database != ":memory:" and not database.startswith("file:"):
            keep_private(Path(database))   # SQLite gives its -wal and -shm files the same mode
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                               **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA synchronous={synchronous}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            # a reader (the event bus reading figures) must not take the write lock
            read_only = conn.get_execution_options().get(READ_ONLY)
            conn.connection.driver_connection.execute("BEGIN" if read_only else "BEGIN IMMEDIATE")

        return engine
    # a server that does not answer (network, restart) fails a request in seconds, never hangs it
    kwargs.setdefault("connect_args", {"connect_timeout": 5})
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    # No ping at every checkout (a round trip per request); see _ping_after_rest.
    kwargs.setdefault("pool_pre_ping", False)
    kwargs.setdefault("pool_timeout", 10)
    # The session ends every transaction itself (commit, or rollback on close); a second
    # ROLLBACK from the pool would cost a round trip per request for nothing.
    kwargs.setdefault("pool_reset_on_return", None)
    engine = create_engine(url, **kwargs)
    _ping_after_rest(engine)
    return engine


READ_ONLY = "hall_read_only"   # execution option: this connection's transactions only read (SQLite: plain BEGIN)
IDLE_PING_SECONDS = 5


def _ping_after_rest(engine: Engine) -> None:
    """A connection that rested in the pool for a while is pinged before use, so that the
    first request after a quiet spell (say, PostgreSQL restarted overnight) gets a live one.
    Connections in steady use skip the round trip; one that dies in use fails its request
    with a clean 503 and renews the pools (``share_disconnects``)."""

    @event.listens_for(engine, "checkin")
    def _resting(_dbapi_connection, record):
        record.info["hall_resting_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _waking(dbapi_connection, record, _proxy):
        since = record.info.pop("hall_resting_since", None)
        if since is None or time.monotonic() - since < IDLE_PING_SECONDS:
            return
        try:
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
        except engine.dialect.dbapi.Error as exc:
            raise DisconnectionError("the database connection was lost while idle") from exc


def share_disconnects(*engines: Engine) -> None:
    """Pools of one database: when one finds the server gone (a restart), every pool drops
    the connections it opened before, so that after the restart no request, on either pool,
    meets a dead connection. (Each engine alone renews only its own pool.)"""
    for engine in engines:
        engine.hall_siblings = engines

        @event.listens_for(engine, "handle_error")
        def _on_error(context, engine=engine):
            if context.is_disconnect:
                lost_server(engine)


def lost_server(engine: Engine) -> None:
    """The server behind ``engine`` went away: renew the pools of its database."""
    for sibling in getattr(engine, "hall_siblings", (engine,)):
        sibling.dispose(close=False)
