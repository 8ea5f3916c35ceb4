"""Published passwords in production (issue 15.4, 17.3): with HALL_ENV=production the demo
hall (accounts whose password `demo` is in the README) is refused by the real command, and
the first admin is made with `hall admin create`, reading the password from standard input."""
import os
import subprocess
import sys

import sqlalchemy as sa


def hall(args, tmp_path, stdin="", **env):
    return subprocess.run([sys.executable, "-m", "hall.cli", *args], input=stdin, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "HALL_INSTANCE_PATH": str(tmp_path), **env})


def test_production_refuses_the_demo_hall(tmp_path):
    db = f"sqlite:///{tmp_path}/prod.sqlite3"
    for command in (["init-db", "--demo", "--db", db], ["serve", "--demo", "--db", db, "--port", "1"]):
        run = hall(command, tmp_path, HALL_ENV="production")
        assert run.returncode == 2
        assert "HALL_ENV=production" in run.stderr and "hall admin create" in run.stderr
    assert not (tmp_path / "prod.sqlite3").exists()        # nothing was created
    assert hall(["init-db", "--demo", "--db", db], tmp_path).returncode == 0   # elsewhere the demo loads


def test_the_first_admin_is_created_from_the_command_line(tmp_path):
    db = f"sqlite:///{tmp_path}/new.sqlite3"
    assert hall(["admin", "create", "root", "--db", db], tmp_path, stdin="short\n").returncode == 2
    made = hall(["admin", "create", "zhangsan", "--hall", "xl", "--db", db], tmp_path, stdin="一个够长的密码abc\n",
                HALL_ENV="production")
    assert made.returncode == 0, made.stderr
    again = hall(["admin", "create", "zhangsan", "--db", db], tmp_path, stdin="another-long-one\n")
    assert again.returncode == 2 and "已存在" in again.stderr
    engine = sa.create_engine(db)
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT s.role, s.must_change_password, s.password_hash, h.code FROM staff s "
                                   "JOIN hall h ON h.id = s.hall_id WHERE s.username = 'zhangsan'")).one()
    engine.dispose()
    assert row[0] == "admin" and not row[1] and row[3] == "xl"
    assert row[2].startswith("scrypt:") and "一个够长的密码abc" not in row[2]
