"""Schema changes through Alembic, run programmatically (``hall serve`` upgrades on start)."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from hall.db.engine import normalize_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", normalize_url(url).replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)
