"""The Alembic migrations build exactly the schema the models describe, on both databases."""
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from hall.db import normalize_url
from hall.migrate import upgrade
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


def test_upgrade_twice_is_harmless(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    upgrade(url)
    upgrade(url)
