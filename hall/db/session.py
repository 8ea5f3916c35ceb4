"""Sessions: one per request (``get_session``), or one outside a request (``session_scope``).

Domain events recorded on a session are dispatched only after it commits; that, the audit
log and the catalog's version are hooks the application factory attaches to the session
factory (``make_session_factory(..., hooks=...)``): this package knows no domain.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import current_app, g, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from hall.db.engine import READ_ONLY, is_postgres

STRONG_REFS = "hall_strong_refs"
_AUTOCOMMIT = "hall_autocommit_engine"


def _keep_loaded(session: Session, instance) -> None:
    """The identity map only holds weak references; a request session keeps every row it
    loaded so that the same queue or window is not read again within the request."""
    refs = session.info.get(STRONG_REFS)
    if refs is not None:
        refs.append(instance)


def make_session_factory(engine: Engine, *, autocommit: Engine | None = None,
                         hooks: Iterable[Callable[[sessionmaker], None]] = ()) -> sessionmaker:
    """The app's session factory. ``autocommit``: an engine of the same database whose
    connections commit every statement (``single_statements``). ``hooks`` attach their
    session listeners (the event bus, the audit log, the catalog's version), in order."""
    factory = sessionmaker(bind=engine, expire_on_commit=False, info={_AUTOCOMMIT: autocommit})
    for attach in hooks:
        attach(factory)
    event.listen(factory, "loaded_as_persistent", _keep_loaded)
    return factory


def read_only(session: Session) -> Session:
    """Let the session only read: on SQLite a plain BEGIN, so a reader never takes the write
    lock; on PostgreSQL autocommit, which saves the BEGIN and ROLLBACK round trips."""
    if is_postgres(session):
        return single_statements(session)
    session.connection(execution_options={READ_ONLY: True})
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


def session_scope(app) -> Session:
    """A session outside a request (CLI, scheduler, socket handlers)."""
    return app.extensions["hall_db"]()
