"""Setting up elderly priority and card readers: migration 0026 makes room for
PRIORITY_ELDERLY (tickets already in line keep their order: appointment, referred and
walk-in move up by one, urgent and green stay; and back down), and ``hall device add``
takes a kiosk's reader URL, loopback only."""
import sqlalchemy as sa
from alembic import command

from hall.migrate import alembic_config, upgrade
from hall.queueing import rules

OLD = {"urgent": -1, "green": 0, "appointment": 1, "referred": 2, "walk_in": 3}
NEW = {"urgent": rules.PRIORITY_URGENT, "green": rules.PRIORITY_GREEN, "appointment": rules.PRIORITY_APPOINTMENT,
       "referred": rules.PRIORITY_REFERRED, "walk_in": rules.PRIORITY_NORMAL}


def test_tickets_in_line_keep_their_order_through_0026(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    upgrade(url, "0022")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO hall (id, code, name, timezone, address, phone, notices, catalog_version, level, "
                             "opens_at, closes_at, ticket_cutoff_minutes, open_on) VALUES (1, 'h', '大厅', "
                             "'Asia/Shanghai', '', '', '[]', 0, 'city', NULL, NULL, 0, 'every_day')"))
        conn.execute(sa.text("INSERT INTO queue (id, hall_id, code, prefix, name, opens_at, closes_at, daily_cap, "
                             "default_service_minutes, service_samples, active) VALUES (1, 1, 'q', 'A', '队列', "
                             "'08:30', '17:30', 999, 6, 0, 1)"))
        for seq, (name, priority) in enumerate(OLD.items(), start=1):
            conn.execute(sa.text(
                "INSERT INTO ticket (id, hall_id, issued_queue_id, queue_id, service_date, seq, number, token, status, "
                "priority, green_channel, issued_at, queued_at, call_count) VALUES (:id, 1, 1, 1, '2026-12-07', :id, "
                ":n, :t, 'waiting', :p, 0, '2026-12-07 01:00:00', '2026-12-07 01:00:00', 0)"),
                {"id": seq, "n": f"A{seq:03d}", "t": name, "p": priority})
    engine.dispose()

    def priorities():
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            found = dict(conn.execute(sa.text("SELECT token, priority FROM ticket")).all())
        engine.dispose()
        return found
    upgrade(url)
    assert priorities() == NEW
    command.downgrade(alembic_config(url), "0022")
    assert priorities() == OLD


def test_hall_device_add_takes_a_loopback_reader_url(tmp_path, capsys, monkeypatch):
    from hall.cli import main
    monkeypatch.setenv("HALL_INSTANCE_PATH", str(tmp_path))
    db = f"sqlite:///{tmp_path / 'h.sqlite3'}"
    assert main(["init-db", "--db", db, "--demo"]) == 0
    assert main(["device", "add", "kiosk", "--reader-url", "ws://127.0.0.1:18890", "--db", db]) == 0
    assert main(["device", "add", "kiosk", "--reader-url", "ws://10.1.2.3:18890", "--db", db]) == 2
    assert "本机服务" in capsys.readouterr().err
    engine = sa.create_engine(db)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT reader_url FROM device")).scalars().all() == ["ws://127.0.0.1:18890"]
    engine.dispose()
