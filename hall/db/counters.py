"""Counter rows bumped and read back in one statement (ticket numbers, case numbers,
waiting-line tallies)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hall.db.prepared import Prepared


class Counter:
    """Adds to some columns of a counter row (created with those amounts) and reads them
    back, in one statement on SQLite and PostgreSQL alike. ``increments`` maps a column to 1,
    or to the name of the parameter that carries the amount. The row stays locked until the
    transaction ends, so what one transaction counted is given back by its rollback, and
    concurrent transactions take their turns: no gaps, no duplicates. Define one per counter
    at import time: the statement is built once per database kind.

    Calling it returns the counted columns' new values, in the order of ``increments``."""

    def __init__(self, model, keys: tuple[str, ...], increments: dict[str, int | str]):
        self.model, self.keys, self.increments = model, keys, increments
        self._statements: dict[str, Prepared] = {}

    def __call__(self, session: Session, **keys) -> tuple[Any, ...]:
        dialect = session.get_bind().dialect.name
        stmt = self._statements.get(dialect)
        if stmt is None:
            stmt = self._statements[dialect] = Prepared(self._upsert(dialect))
        return stmt.one(session, keys)

    def _upsert(self, dialect: str):
        table = self.model.__table__
        amount = {c: bindparam(a, type_=table.c[c].type) if isinstance(a, str) else a
                  for c, a in self.increments.items()}
        insert = (postgresql if dialect == "postgresql" else sqlite).insert
        stmt = insert(table).values({k: bindparam(k) for k in self.keys} | amount)
        stmt = stmt.on_conflict_do_update(index_elements=list(self.keys),
                                          set_={c: table.c[c] + a for c, a in amount.items()})
        return stmt.returning(*(table.c[c] for c in self.increments))
