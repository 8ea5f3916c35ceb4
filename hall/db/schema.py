"""The schema registry: the one ``MetaData`` every table registers on (SQLModel's).

Tables belong to their domains (``hall/<domain>/models.py``); which domains make up the
application is said once, in ``hall/models.py``, which imports them all. This package names
none of them: it only holds the registry that Alembic (``hall/migrations/env.py``), the
schema tests and the factory read.
"""
from __future__ import annotations

from sqlalchemy import MetaData
from sqlmodel import SQLModel

metadata: MetaData = SQLModel.metadata

