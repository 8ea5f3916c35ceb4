"""Engine and sessions.

SQLite: WAL, a busy timeout, and every transaction begins ``IMMEDIATE`` so that two
writers never both read and then race to write (the ticket counter and the call-next
claim rely on it, also with several processes on one file). PostgreSQL: read committed,
row locks (``FOR UPDATE [SKIP LOCKED]``) where the services need them.

A request gets one session (``get_session``); domain events recorded on it are
dispatched only after it commits (see ``hall.events``).
"""
from __future__ import annotations

from flask import current_app, g, request
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker


def normalize_url(url: str) -> str:
    """``postgresql://`` means psycopg2 here (SQLAlchemy 2.1 would pick psycopg 3), the
    driver that psycogreen makes cooperative under gevent."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix):]
    return url


class Counter:
    """Adds to some columns of a counter row (created with those amounts) and reads them
    back, in one statement on SQLite and PostgreSQL alike. ``increments`` maps a column to 1,
    or to the name of the parameter that carries the amount. The row stays locked until the
    transaction ends, so what one transaction counted is given back by its rollback, and
    concurrent transactions take their turns: no gaps, no duplicates. Define one per counter
    at import time: the statement is built once per database kind."""

    def __init__(self, model, keys: tuple[str, ...], increments: dict[str, int | str]):
        self.model, self.keys, self.increments = model, keys, increments
        self._statements: dict = {}

    def __call__(self, session: Session, **keys):
        from hall.fastsql import Prepared

        dialect = session.get_bind().dialect.name
        stmt = self._statements.get(dialect)
        if stmt is None:
            from sqlalchemy import bindparam
            from sqlalchemy.dialects import postgresql, sqlite

            table = self.model.__table__
            amount = {c: bindparam(a, type_=table.c[c].type) if isinstance(a, str) else a
                      for c, a in self.increments.items()}
            insert = (postgresql if dialect == "postgresql" else sqlite).insert
            stmt = insert(table).values({k: bindparam(k) for k in self.keys} | amount)
            stmt = stmt.on_conflict_do_update(index_elements=list(self.keys),
                                              set_={c: table.c[c] + a for c, a in amount.items()})
            stmt = self._statements[dialect] = Prepared(stmt.returning(*(table.c[c] for c in self.increments)))
        return stmt.one(session, keys)


def make_engine(url: str, **kwargs) -> Engine:
    url = normalize_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                               **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            # a reader (the event bus reading figures) must not take the write lock
            read_only = conn.get_execution_options().get("hall_read_only")
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


IDLE_PING_SECONDS = 5


def _ping_after_rest(engine: Engine) -> None:
    """A connection that rested in the pool for a while is pinged before use, so that the
    first request after a quiet spell (say, PostgreSQL restarted overnight) gets a live one.
    Connections in steady use skip the round trip; one that dies in use fails its request
    with a clean 503 and renews the pools (``share_disconnects``)."""
    import time

    from sqlalchemy.exc import DisconnectionError

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


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


STRONG_REFS = "hall_strong_refs"


def _keep_loaded(session: Session, instance) -> None:
    """The identity map only holds weak references; a request session keeps every row it
    loaded so that the same queue or window is not read again within the request."""
    refs = session.info.get(STRONG_REFS)
    if refs is not None:
        refs.append(instance)


def make_session_factory(engine: Engine, bus, autocommit: Engine | None = None) -> sessionmaker:
    from hall.audit.service import attach as attach_audit
    from hall.catalog.cache import attach_versioning

    factory = sessionmaker(bind=engine, expire_on_commit=False, info={_AUTOCOMMIT: autocommit})
    bus.attach(factory)
    attach_versioning(factory)
    attach_audit(factory)
    event.listen(factory, "loaded_as_persistent", _keep_loaded)
    return factory


def read_only(session: Session) -> Session:
    """Let the session only read: on SQLite a plain BEGIN, so a reader never takes the write
    lock; on PostgreSQL autocommit, which saves the BEGIN and ROLLBACK round trips."""
    if is_postgres(session):
        return single_statements(session)
    session.connection(execution_options={"hall_read_only": True})
    return session


def single_statements(session: Session) -> Session:
    """On PostgreSQL, let each statement of this session commit on its own: for a request
    whose only write is one statement, so that no lock outlives it. The session still
    "commits" (and its events go out) as usual. SQLite is left as it is: its writers take
    turns in any case. Call before the session's first statement."""
    autocommit = session.info.get(_AUTOCOMMIT)
    if autocommit is not None:
        session.bind = autocommit   # its own pool: no isolation level to set and reset per request
    return session


_AUTOCOMMIT = "hall_autocommit_engine"


def dispose(app) -> None:
    """Close every pooled connection of the app (tests, benchmarks, the CLI)."""
    for engine in app.extensions["hall_engines"]:
        engine.dispose()


def get_session() -> Session:
    """The request's session, created on first use and closed at teardown."""
    if "db_session" not in g:
        session = current_app.extensions["hall_db"]()
        session.info[STRONG_REFS] = []
        if request.method in ("GET", "HEAD"):
            read_only(session)
        g.db_session = session
    return g.db_session


def close_session(_exc=None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def session_scope(app):
    """A session outside a request (CLI, scheduler, socket handlers)."""
    return app.extensions["hall_db"]()
