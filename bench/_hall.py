"""What the in-process benchmarks share: a hall app on a SQLite file, and a stopwatch."""
from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path

from hall.db import dispose


@contextmanager
def hall_session(path: Path):
    """(session, hall) for the SQLite hall at ``path``; closed afterwards."""
    from hall.catalog.service import resolve_hall
    from hall.db import session_scope
    from hall.factory import create_app

    app = create_app({"HALL_DATABASE_URL": f"sqlite:///{path}", "HALL_INSTANCE_PATH": str(path.parent),
                      "HALL_ASYNC_MODE": "threading"})
    session = session_scope(app)
    try:
        yield session, resolve_hall(session)
    finally:
        session.close()
        dispose(app)


def timed(fn):
    began = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - began
