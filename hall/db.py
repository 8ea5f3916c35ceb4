"""Engine and sessions.

SQLite: WAL, a busy timeout, and every transaction begins ``IMMEDIATE`` so that two
writers never both read and then race to write (the ticket counter and the call-next
claim rely on it, also with several processes on one file). PostgreSQL: read committed,
row locks (``FOR UPDATE [SKIP LOCKED]``) where the services need them.

A request gets one session (``get_session``); domain events recorded on it are
dispatched only after it commits (see ``hall.events``).
"""
from __future__ import annotations

from flask import current_app, g
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


def bump_counter(session: Session, model, keys: dict, column: str = "last_seq") -> int:
    """Create the counter row at 1 or add 1 to it, and read it, in one statement (SQLite and
    PostgreSQL alike). The row stays locked until the transaction ends, so numbers handed out
    in one transaction are given back by its rollback: no gaps, no duplicates."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if is_postgres(session) else sqlite
    stmt = dialect.insert(model).values(**keys, **{column: 1})
    stmt = stmt.on_conflict_do_update(index_elements=list(keys), set_={column: getattr(model, column) + 1})
    return session.execute(stmt.returning(getattr(model, column))).scalar_one()


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
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_timeout", 10)
    return create_engine(url, **kwargs)


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


TX_SCRATCH = "hall_tx_scratch"


def tx_scratch(session: Session) -> dict:
    """Facts worth remembering until this transaction ends (then forgotten)."""
    return session.info.setdefault(TX_SCRATCH, {})


def _forget_scratch(session: Session, *_args) -> None:
    session.info.pop(TX_SCRATCH, None)


STRONG_REFS = "hall_strong_refs"


def _keep_loaded(session: Session, instance) -> None:
    """The identity map only holds weak references; a request session keeps every row it
    loaded so that the same queue or window is not read again within the request."""
    refs = session.info.get(STRONG_REFS)
    if refs is not None:
        refs.append(instance)


def make_session_factory(engine: Engine, bus) -> sessionmaker:
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    bus.attach(factory)
    event.listen(factory, "after_commit", _forget_scratch)
    event.listen(factory, "after_rollback", _forget_scratch)
    event.listen(factory, "loaded_as_persistent", _keep_loaded)
    return factory


def get_session() -> Session:
    """The request's session, created on first use and closed at teardown."""
    if "db_session" not in g:
        session = current_app.extensions["hall_db"]()
        session.info[STRONG_REFS] = []
        g.db_session = session
    return g.db_session


def close_session(_exc=None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def session_scope(app):
    """A session outside a request (CLI, scheduler, socket handlers)."""
    return app.extensions["hall_db"]()
