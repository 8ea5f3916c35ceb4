"""The Alembic migrations build exactly the schema the models describe, on both databases."""
import shutil

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from hall.db import normalize_url
from hall.migrate import alembic_config, upgrade
from hall.models import metadata
from tests.conftest import reset_postgres


def schema_drift(url: str) -> list:
    upgrade(url)
    engine = sa.create_engine(normalize_url(url))
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    return diff


def test_sqlite_migrations_match_the_models(tmp_path):
    assert schema_drift(f"sqlite:///{tmp_path / 'm.sqlite3'}") == []


@pytest.mark.postgres
def test_postgres_migrations_match_the_models(postgres_url):
    reset_postgres(postgres_url)
    assert schema_drift(postgres_url) == []


def sqlite_snapshot(url: str) -> dict:
    """What a second upgrade could disturb: every table, index and trigger as created,
    the Alembic version, and every row of every table."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        schema = conn.execute(sa.text("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")).all()
        tables = [name for kind, name, _ in schema if kind == "table" and not name.startswith("sqlite_")]
        rows = {name: conn.execute(sa.text(f'SELECT * FROM "{name}" ORDER BY rowid')).all() for name in tables}
    engine.dispose()
    return {"schema": schema, "rows": rows}


def test_upgrade_twice_is_harmless(tmp_path, template_db):
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    upgrade(url)
    once = sqlite_snapshot(url)
    assert once["rows"]["alembic_version"] == [(head,)]
    upgrade(url)
    assert sqlite_snapshot(url) == once
    # a hall in use (the demo hall, upgraded when it was set up) keeps its schema and its data
    shutil.copy(template_db, tmp_path / "demo.sqlite3")
    demo = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    before = sqlite_snapshot(demo)
    assert before["rows"]["window"], "the demo hall has windows"
    assert before["rows"]["staff"], "the demo hall has staff"
    upgrade(demo)
    assert sqlite_snapshot(demo) == before
