"""Attack: read the instance secret (and with it forge tokens, match ID hashes) as any local
user. The secret is created 0600 and an older, readable one is tightened."""
import os
import stat

from hall.config import instance_secret


def test_the_instance_secret_is_readable_by_its_owner_only(tmp_path):
    os.umask(0o022)
    instance_secret(str(tmp_path))
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_an_old_readable_secret_is_tightened(tmp_path):
    (tmp_path / "secret_key").write_text("old-secret")
    (tmp_path / "secret_key").chmod(0o644)
    assert instance_secret(str(tmp_path)) == "old-secret"
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_the_database_and_its_backups_are_readable_by_their_owner_only(tmp_path):
    from hall.backup import backup
    from hall.db import make_engine
    os.umask(0o022)
    path = tmp_path / "hall.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    engine.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    copy = backup(f"sqlite:///{path}", str(tmp_path / "backups"))
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600


def test_an_old_readable_database_is_tightened(tmp_path):
    from hall.db import make_engine
    path = tmp_path / "hall.sqlite3"
    path.write_bytes(b"")
    path.chmod(0o644)
    make_engine(f"sqlite:///{path}").dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
