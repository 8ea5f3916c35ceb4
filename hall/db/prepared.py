"""Prepared statements run on the DB-API cursor of a session's connection (for the
``statements.py`` modules of the domains; nothing else runs them).

The queue's hot path (a ticket, a call) runs about a dozen small statements; through
SQLAlchemy's execution machinery each costs some 30–40 µs of Python before the database
sees it, more than the database spends on it. A ``Prepared`` statement is an ordinary Core
statement, compiled once per dialect; executing it binds the parameters with the column
types' own processors, hands SQL and values to the cursor, and reads rows back through the
types' result processors, so values look exactly as SQLAlchemy would return them.

On PostgreSQL each statement is also PREPAREd once per connection and then EXECUTEd: the
server plans it once instead of at every call (planning the hot statements took longer
than running them). The server infers each parameter's type from where it stands; where
it cannot (``$1 + $2``), the statement casts it.

It runs inside the session's transaction (same connection, same BEGIN), and DB-API errors
come out as SQLAlchemy's exceptions (``IntegrityError``, ``OperationalError`` …), so callers
and error handlers cannot tell the difference; a lost connection is taken out of the pool.

Rows are tuples with named fields: of the ``NamedTuple`` a statement is declared with
(``Prepared(select(...), row=TicketRow)``, its fields checked against the statement's
columns when it is first compiled), else of a plain namedtuple of the column names.
"""
from __future__ import annotations

import itertools
import re
from collections import namedtuple
from typing import Any, Generic, TypeVar

from sqlalchemy import false, or_
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from hall.db.engine import lost_server

R = TypeVar("R", bound=tuple)


_CONNECTION = "hall_transaction_connection"


_PREPARED = "hall_prepared"        # names PREPAREd on a PostgreSQL connection
_NAMES = itertools.count(1)


def _transaction_connection(session: Session):
    """(SQLAlchemy connection, DB-API connection, its pool info) of the session's current
    transaction, begun if need be; remembered per transaction, since asking the session costs
    more than a small query."""
    transaction = session.get_transaction()
    known = session.info.get(_CONNECTION)
    if transaction is None or known is None or known[0] is not transaction:
        connection = session.connection()
        pooled = connection.connection
        known = session.info[_CONNECTION] = (session.get_transaction(), connection, pooled.dbapi_connection,
                                             pooled.info)
    return known[1], known[2], known[3]


def any_of(column, values):
    """``column IN (values)`` for a Prepared statement: plain comparisons with the values
    written in, where ``in_()`` would need expanding at every execution."""
    return or_(false(), *[column == value for value in values])


class Prepared(Generic[R]):
    """A Core statement, or a function that builds it on first use (for statements over
    tables whose modules should not be imported yet); ``row``: the NamedTuple its rows
    come back as."""
    __slots__ = ("_statement", "_forms", "_row")

    def __init__(self, statement, row: type[R] | None = None):
        self._statement = statement
        self._row = row
        self._forms: dict[tuple, _Form] = {}

    @property
    def statement(self):
        if callable(self._statement):
            self._statement = self._statement()
        return self._statement

    def _execute(self, session: Session, params: dict | None):
        params = params or {}
        connection, dbapi_connection, pool_info = _transaction_connection(session)
        dialect = connection.dialect
        # an INSERT without .values() inserts the columns it is given, as Connection.execute does
        columns = tuple(params) if self.statement.is_insert else None
        form = self._forms.get((dialect.name, columns))
        if form is None:
            form = self._forms[(dialect.name, columns)] = _Form(self.statement, dialect, columns, self._row)
        cursor = dbapi_connection.cursor()
        values = form.values(params)
        sql = form.sql
        try:
            if form.prepare_sql is not None:
                prepared = pool_info.setdefault(_PREPARED, set())
                if form.name not in prepared:
                    cursor.execute(form.prepare_sql)
                    prepared.add(form.name)
                sql = form.execute_sql
            cursor.execute(sql, values)
        except form.dbapi_error as exc:
            cursor.close()
            if dialect.is_disconnect(exc, dbapi_connection, cursor):
                # the server went away (restart, network): this connection and every other
                # one opened before it are dead; as SQLAlchemy does for its own statements
                connection.invalidate(exc)
                lost_server(connection.engine)
            raise DBAPIError.instance(sql, values, exc, form.dbapi_error, dialect=dialect,
                                      connection_invalidated=connection.invalidated)
        return form, cursor

    def server_names(self) -> list[str]:
        """The names this statement is PREPAREd under on PostgreSQL (one per form it was run in)."""
        return [form.name for form in self._forms.values() if form.name is not None]

    def rows(self, session: Session, params: dict | None = None) -> list[R]:
        form, cursor = self._execute(session, params)
        try:
            rows = cursor.fetchall()
            row = form.reader(cursor)
            return [row(raw) for raw in rows]
        finally:
            cursor.close()

    def first(self, session: Session, params: dict | None = None) -> R | None:
        form, cursor = self._execute(session, params)
        try:
            raw = cursor.fetchone()
            return form.reader(cursor)(raw) if raw is not None else None
        finally:
            cursor.close()

    def one(self, session: Session, params: dict | None = None) -> R:
        row = self.first(session, params)
        if row is None:
            raise LookupError("the statement returned no row")
        return row

    def scalar(self, session: Session, params: dict | None = None) -> Any:
        row = self.first(session, params)
        return row[0] if row is not None else None

    def run(self, session: Session, params: dict | None = None) -> int:
        """Execute a statement without rows; the number of rows it touched."""
        _form, cursor = self._execute(session, params)
        try:
            return cursor.rowcount
        finally:
            cursor.close()


class _Form:
    """One statement compiled for one dialect, with its parameter and row handling."""

    def __init__(self, statement, dialect, column_keys=None, row_type=None):
        compiled = statement.compile(dialect=dialect, column_keys=list(column_keys) if column_keys else None)
        self.sql = compiled.string
        self.dbapi_error = dialect.dbapi.Error
        processors = compiled._bind_processors
        # columns the caller leaves out get their Python-side defaults, as SQLAlchemy would
        defaults = {c.key: c.default for c in (compiled.insert_prefetch or []) + (compiled.update_prefetch or [])}
        # (name, key the caller passes or None for a literal, literal value, processor)
        self.binds = []
        for bind, name in compiled.bind_names.items():
            if bind.expanding:
                raise ValueError("Prepared statements take no expanding IN parameters")
            if bind.key in defaults:
                default = defaults[bind.key]
                if not default.is_scalar:
                    raise ValueError(f"column {bind.key}: pass a value (only scalar defaults are filled in)")
                literal = default.arg
            else:
                literal = None if bind.required else (bind.effective_value if bind.callable else bind.value)
            self.binds.append((name, bind.key if bind.required else None, literal, processors.get(name)))
        self.order = list(compiled.positiontup) if compiled.positional else None
        self.prepare_sql = self.execute_sql = self.name = None
        if dialect.name == "postgresql":
            self._server_side(compiled)
        self.dialect = dialect
        self.columns = compiled._result_columns
        names = [c.keyname for c in self.columns]
        if row_type is not None and tuple(row_type._fields) != tuple(names):
            raise ValueError(f"{row_type.__name__} has fields {row_type._fields}, the statement returns {names}")
        self.row_type = row_type or (namedtuple("Row", names, rename=True) if self.columns else None)
        self.result_processors = None   # known at the first execution: some need the driver's type codes

    def _server_side(self, compiled) -> None:
        """PREPARE name AS … with $n parameters (types inferred by the server); EXECUTE name
        (%s, …) with the values in that order."""
        order: list[str] = []

        def number(match):
            if match.group(1) not in order:
                order.append(match.group(1))
            return f"${order.index(match.group(1)) + 1}"

        body = re.sub(r"%\((\w+)\)s", number, compiled.string).replace("%%", "%")
        self.name = f"hall_{next(_NAMES)}"
        self.prepare_sql = f"PREPARE {self.name} AS {body}"
        self.execute_sql = f"EXECUTE {self.name}" + (f" ({', '.join(['%s'] * len(order))})" if order else "")
        self.order = order

    def values(self, params: dict):
        named = {}
        for name, key, literal, processor in self.binds:
            value = params[key] if key is not None else literal
            named[name] = processor(value) if processor is not None and value is not None else value
        return [named[name] for name in self.order] if self.order is not None else named

    def reader(self, cursor):
        """Rows of this statement from its cursor, as the column types return them."""
        if self.result_processors is None:
            codes = [d[1] for d in cursor.description]
            processors = [c.type._cached_result_processor(self.dialect, code) for c, code in zip(self.columns, codes)]
            self.result_processors = processors if any(processors) else ()
        processors, row_type = self.result_processors, self.row_type
        if not processors:
            return lambda raw: row_type(*raw)
        return lambda raw: row_type(*[p(v) if p is not None and v is not None else v
                                      for p, v in zip(processors, raw)])
