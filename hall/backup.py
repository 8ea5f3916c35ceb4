"""``hall backup``: a consistent copy of the database while the hall keeps running.

SQLite: the online backup API (pages copied under a read lock, WAL included).
PostgreSQL: ``pg_dump --format=custom`` (a consistent snapshot); restore with ``pg_restore``.
"""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from hall.config import keep_private
from hall.db.engine import normalize_url


def backup(database_url: str, target_dir: str) -> Path:
    url = make_url(normalize_url(database_url))
    folder = Path(target_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    if url.get_backend_name() == "sqlite":
        target = folder / f"hall-{stamp}.sqlite3"
        keep_private(target)
        source = sqlite3.connect(url.database)
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
            source.close()
        return target
    if url.get_backend_name() == "postgresql":
        if not shutil.which("pg_dump"):
            raise RuntimeError("未找到 pg_dump（请安装 postgresql-client）")
        target = folder / f"hall-{stamp}.pgdump"
        keep_private(target)             # pg_dump writes into it and keeps its mode
        args = ["pg_dump", "--format=custom", "--file", str(target), "--dbname", url.database or "",
                "--host", url.host or "localhost", "--port", str(url.port or 5432)]
        if url.username:
            args += ["--username", url.username]
        env = {"PGPASSWORD": url.password} if url.password else {}
        subprocess.run(args, check=True, capture_output=True, env={**__import__("os").environ, **env})
        return target
    raise RuntimeError(f"不支持备份此数据库：{url.get_backend_name()}")
