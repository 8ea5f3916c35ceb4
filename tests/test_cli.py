"""The hall command line."""
import subprocess
import sys

import pytest

from hall.cli import main


def test_init_db_loads_the_demo_hall_once(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HALL_INSTANCE_PATH", str(tmp_path))
    db = f"sqlite:///{tmp_path / 'h.sqlite3'}"
    assert main(["init-db", "--db", db, "--demo"]) == 0
    assert "demo hall loaded" in capsys.readouterr().out
    assert main(["init-db", "--db", db, "--demo"]) == 0
    assert "demo hall loaded" not in capsys.readouterr().out


def test_device_add_prints_the_token_as_last_word(tmp_path):
    env = {"HALL_INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    db = f"sqlite:///{tmp_path / 'h.sqlite3'}"
    subprocess.run([sys.executable, "-m", "hall.cli", "init-db", "--db", db, "--demo"], env=env, check=True,
                   capture_output=True)
    out = subprocess.run([sys.executable, "-m", "hall.cli", "device", "add", "rating_pad", "--window", "3",
                          "--db", db], env=env, check=True, capture_output=True, text=True).stdout
    token = out.split()[-1]
    assert len(token) >= 24
    from hall import create_app
    from hall.db import dispose, session_scope
    from hall.devices.service import registered_device
    from hall.errors import Forbidden
    app = create_app({"HALL_DATABASE_URL": db, "HALL_INSTANCE_PATH": str(tmp_path)})
    session = session_scope(app)
    assert registered_device(session, token, "rating_pad", 3).window_number == 3
    for other in ((token, "rating_pad", 4), (token, "window_screen", 3), ("forged", "rating_pad", 3)):
        with pytest.raises(Forbidden):
            registered_device(session, *other)
    session.close()
    dispose(app)
    bad = subprocess.run([sys.executable, "-m", "hall.cli", "device", "add", "rating_pad", "--db", db],
                         env=env, capture_output=True, text=True)
    assert bad.returncode == 2
    assert "必须指定窗口号" in bad.stderr


def test_simulate_prints_percentiles_and_staffing(tmp_path, capsys, monkeypatch):
    import json
    monkeypatch.setenv("HALL_INSTANCE_PATH", str(tmp_path))
    db = f"sqlite:///{tmp_path / 'h.sqlite3'}"
    assert main(["init-db", "--db", db, "--demo"]) == 0
    capsys.readouterr()
    assert main(["simulate", "--date", "2026-11-23", "--db", db]) == 0
    full = json.loads(capsys.readouterr().out)
    assert full["tickets"] == 300
    assert full["windows_open"] == 18
    assert set(full["queues"]) == set(full["windows_needed"])
    assert sum(queue["tickets"] for queue in full["queues"].values()) == 300
    for code, queue in full["queues"].items():
        assert 0 <= queue["p50"] <= queue["p90"] <= queue["p95"] <= queue["max"], code
        # every window open: 90 % of each queue's waits stay within the 30-minute target
        assert queue["p90"] <= full["target_minutes"] == 30.0, code
        assert full["windows_needed"][code] >= 1, code
    assert main(["simulate", "--date", "2026-11-23", "--windows-open", "4", "--db", db]) == 0
    few = json.loads(capsys.readouterr().out)
    assert few["queues"]["business"]["p90"] > full["queues"]["business"]["p90"]
    assert few["queues"]["business"]["p90"] > few["target_minutes"]   # four windows cannot meet the target
    csv = tmp_path / "day.csv"
    csv.write_text("time,queue,green\n08:31,tax,0\n08:32,tax,1\n08:40,nowhere,0\n", encoding="utf-8")
    assert main(["simulate", "--date", "2026-11-23", "--arrivals", str(csv), "--db", db]) == 2
    assert "nowhere" in capsys.readouterr().err
    csv.write_text("time,queue,green\n08:31,tax,0\n08:32,tax,1\n", encoding="utf-8")
    assert main(["simulate", "--date", "2026-11-23", "--arrivals", str(csv), "--db", db]) == 0
    assert json.loads(capsys.readouterr().out)["queues"]["tax"]["tickets"] == 2
    assert main(["simulate", "--date", "tomorrow", "--db", db]) == 2


def test_backup_of_a_running_sqlite_hall_restores_every_ticket(tmp_path, monkeypatch, capsys):
    import sqlite3
    monkeypatch.setenv("HALL_INSTANCE_PATH", str(tmp_path))
    db = f"sqlite:///{tmp_path / 'h.sqlite3'}"
    main(["init-db", "--db", db, "--demo"])
    from hall import create_app
    app = create_app({"HALL_DATABASE_URL": db, "HALL_INSTANCE_PATH": str(tmp_path), "HALL_ASYNC_MODE": "threading"})
    client = app.test_client()
    numbers = [client.post("/api/v1/tickets", json={"queue_code": "tax"}).get_json()["number"] for _ in range(3)]
    capsys.readouterr()
    assert main(["backup", "--db", db, "--to", str(tmp_path / "bak")]) == 0
    target = capsys.readouterr().out.split()[-1]
    restored = sqlite3.connect(target)
    assert [r[0] for r in restored.execute("SELECT number FROM ticket ORDER BY id")] == numbers
    restored.close()
    assert main(["backup", "--db", "mysql://x@localhost/y", "--to", str(tmp_path)]) == 2


def test_backup_of_postgres_is_a_pg_dump(tmp_path, pg_app, capsys):
    import shutil
    import subprocess
    if not shutil.which("pg_restore"):
        import pytest
        pytest.fail("pg_restore missing (postgresql-client)")
    assert main(["backup", "--db", pg_app.config["HALL"]["HALL_DATABASE_URL"], "--to", str(tmp_path)]) == 0
    target = capsys.readouterr().out.split()[-1]
    listing = subprocess.run(["pg_restore", "--list", target], capture_output=True, text=True, check=True).stdout
    assert "TABLE DATA public ticket" in listing
    assert "TABLE DATA public auditentry" in listing
