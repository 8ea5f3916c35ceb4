"""The database: infrastructure that every domain uses and that imports none of them.

- ``engine``: engines for SQLite and PostgreSQL (``make_engine``, ``is_postgres``, pools
  that renew themselves after a server restart and share a budget, ``pool_sizes``).
- ``session``: the session factory (the factory attaches the domains' hooks to it), the
  request's session (``get_session``), ``session_scope``, ``read_only``, ``single_statements``.
- ``prepared``: statements run straight on the DB-API cursor (``Prepared``), for the
  domains' ``statements.py`` modules only.
- ``functions``: SQL functions SQLite and PostgreSQL spell differently.
- ``counters``: counter rows bumped and read back in one statement (``Counter``).
- ``schema``: the one ``MetaData`` all tables register on.

The names other modules use are re-exported here: ``from hall.db import get_session``.
"""
from hall.db.counters import Counter
from hall.db.engine import (is_postgres, lost_server, make_engine, normalize_url, pool_sizes,
                             share_disconnects)
from hall.db.session import (close_session, dispose, get_session, make_session_factory, read_only, session_scope,
                             single_statements)

__all__ = ["Counter", "close_session", "dispose", "get_session", "is_postgres", "lost_server", "make_engine",
           "make_session_factory", "normalize_url", "pool_sizes", "read_only", "session_scope", "share_disconnects",
           "single_statements"]
