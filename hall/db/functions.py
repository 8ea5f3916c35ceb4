"""SQL functions that SQLite and PostgreSQL spell differently, for statements that compute
from the rows they read or change."""
from __future__ import annotations

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class seconds_between(FunctionElement):
    """Whole seconds from the second moment to the first (``later - earlier``), in SQL, on
    either database: for values a statement computes from rows it is changing."""
    type = Integer()
    inherit_cache = True


@compiles(seconds_between, "postgresql")
def _seconds_between_postgresql(element, compiler, **kw):
    later, earlier = (compiler.process(arg, **kw) for arg in element.clauses)
    return (f"CAST(floor(EXTRACT(EPOCH FROM (CAST({later} AS TIMESTAMP WITH TIME ZONE) - "
            f"CAST({earlier} AS TIMESTAMP WITH TIME ZONE)))) AS INTEGER)")


@compiles(seconds_between, "sqlite")
def _seconds_between_sqlite(element, compiler, **kw):
    later, earlier = (compiler.process(arg, **kw) for arg in element.clauses)
    # julianday() is a float of days: 450 s can come out as 449.99999…; a millisecond more
    # before truncating gives the whole seconds Python's timedelta would
    return f"CAST((julianday({later}) - julianday({earlier})) * 86400 + 0.001 AS INTEGER)"


class hour_of_week(FunctionElement):
    """A stored UTC moment's hour of the week in a zone ``offset_hours`` ahead of UTC:
    0 = Monday 00:00–01:00 … 167 = Sunday 23:00 (as ``prediction.hour_of_week``)."""
    type = Integer()
    inherit_cache = True

    def __init__(self, moment, offset_hours: int):
        self.offset_hours = int(offset_hours)
        super().__init__(moment)


@compiles(hour_of_week, "postgresql")
def _hour_of_week_postgresql(element, compiler, **kw):
    moment = compiler.process(list(element.clauses)[0], **kw)
    local = f"(({moment}) AT TIME ZONE 'UTC' + INTERVAL '{element.offset_hours} hours')"
    return f"(CAST(EXTRACT(ISODOW FROM {local}) AS INTEGER) - 1) * 24 + CAST(EXTRACT(HOUR FROM {local}) AS INTEGER)"


@compiles(hour_of_week, "sqlite")
def _hour_of_week_sqlite(element, compiler, **kw):
    moment = compiler.process(list(element.clauses)[0], **kw)
    shift = f"'{element.offset_hours:+d} hours'"
    return (f"((CAST(strftime('%w', {moment}, {shift}) AS INTEGER) + 6) % 7) * 24 "
            f"+ CAST(strftime('%H', {moment}, {shift}) AS INTEGER)")
