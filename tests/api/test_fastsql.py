"""Prepared statements on the DB-API cursor give what SQLAlchemy gives, on both databases."""
from datetime import date, datetime, timezone
from typing import NamedTuple

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from hall.db.prepared import Prepared
from hall.db.functions import seconds_between
from hall.queueing.models import QueueCounter, Ticket
from tests.conftest import both_databases, db_session

pytestmark = both_databases
T = Ticket.__table__
COUNTER = Prepared(sa.insert(QueueCounter.__table__))   # leaves "joined" to its default


@pytest.fixture
def session(app):
    session = db_session(app)
    yield session
    session.rollback()
    session.close()


def queue_id(session) -> int:
    return session.execute(sa.text("SELECT id FROM queue WHERE code = 'tax'")).scalar()


def test_rows_and_values_are_those_sqlalchemy_returns(session):
    COUNTER.run(session, {"queue_id": queue_id(session), "service_date": date(2026, 11, 23), "last_seq": 4})
    by_hand = Prepared(sa.select(QueueCounter.__table__).where(QueueCounter.queue_id == sa.bindparam("q")))
    row = by_hand.one(session, {"q": queue_id(session)})
    expected = session.execute(by_hand.statement, {"q": queue_id(session)}).one()
    assert tuple(row) == tuple(expected) and row.service_date == date(2026, 11, 23)
    assert row.last_seq == 4 and row.joined == 0        # the column's default filled in


def test_moments_come_back_aware_and_seconds_are_whole(session):
    later = datetime(2026, 11, 23, 2, 7, 30, 999000, tzinfo=timezone.utc)
    earlier = datetime(2026, 11, 23, 2, 0, 0, 400000, tzinfo=timezone.utc)
    stmt = Prepared(sa.select(seconds_between(sa.bindparam("a", type_=T.c.issued_at.type),
                                              sa.bindparam("b", type_=T.c.issued_at.type))))
    assert stmt.scalar(session, {"a": later, "b": earlier}) == 450    # 450.599 s, as timedelta would floor


def test_database_errors_are_sqlalchemys_and_the_session_recovers(session):
    keys = {"queue_id": queue_id(session), "service_date": date(2026, 11, 23), "last_seq": 1}
    COUNTER.run(session, keys)
    with pytest.raises(IntegrityError):
        COUNTER.run(session, keys)
    session.rollback()
    COUNTER.run(session, keys)
    assert session.execute(sa.text("SELECT count(*) FROM queuecounter")).scalar() == 1


def test_postgresql_plans_each_statement_once_per_connection(session, database):
    if database != "postgres":
        pytest.skip("PREPARE is PostgreSQL's")
    stmt = Prepared(sa.select(sa.cast(sa.bindparam("x"), sa.Integer) + 1))
    assert [stmt.scalar(session, {"x": n}) for n in (1, 2, 3)] == [2, 3, 4]
    [name] = stmt.server_names()          # one form, PREPAREd under one name
    other = Prepared(sa.select(sa.cast(sa.bindparam("y"), sa.Integer) * 2))
    assert other.scalar(session, {"y": 4}) == 8 and other.server_names() != [name]
    prepared = session.execute(sa.text("SELECT statement FROM pg_prepared_statements WHERE name = :name"),
                               {"name": name}).scalars().all()
    assert len(prepared) == 1                                       # prepared once on this connection
    assert prepared[0].startswith(f"PREPARE {name} AS SELECT CAST($1 AS INTEGER) + $2")   # this very statement
    if int(session.execute(sa.text("SHOW server_version_num")).scalar()) >= 140000:   # plan counts: PG 14+
        runs = session.execute(sa.text("SELECT generic_plans + custom_plans FROM pg_prepared_statements "
                                       "WHERE name = :name"), {"name": name}).scalar()
        assert runs == 3                                            # and every call EXECUTEd it


class CounterRow(NamedTuple):
    queue_id: int
    last_seq: int


def test_rows_come_back_as_the_declared_named_tuple(session):
    COUNTER.run(session, {"queue_id": queue_id(session), "service_date": date(2026, 11, 23), "last_seq": 7})
    table = QueueCounter.__table__
    typed = Prepared(sa.select(table.c.queue_id, table.c.last_seq), row=CounterRow)
    row = typed.one(session)
    assert type(row) is CounterRow
    assert row == CounterRow(queue_id(session), 7)
    misnamed = Prepared(sa.select(table.c.last_seq, table.c.queue_id), row=CounterRow)
    with pytest.raises(ValueError):      # fields that are not the statement's columns are refused
        misnamed.one(session)
