"""The stack's own floor: what a ticket and a call cost with nothing of the hall in them.

    python bench/floor_app.py --port 8123 --db sqlite:////tmp/floor.sqlite3
    python bench/floor_app.py --port 8124 --db postgresql://postgres@127.0.0.1:5432/test

Flask on gevent's WSGI server (TCP_NODELAY, as ``hall serve``) over SQLAlchemy Core with the
same driver settings as the hall (SQLite in WAL with ``synchronous`` as the hall sets it,
``BEGIN IMMEDIATE`` for writes; PostgreSQL through psycopg2 made cooperative by psycogreen):

- ``POST /api/v1/tickets``: one transaction that bumps a counter row and inserts a ticket
  row, then a JSON answer (201);
- ``POST /api/v1/windows/<n>/call-next``: one transaction that takes the oldest waiting
  ticket (``FOR UPDATE SKIP LOCKED`` on PostgreSQL) and marks it called (200, or 404 when
  none waits);
- ``GET /api/v1/queues``: ready.

``bench/queue_throughput.py`` runs its client against this beside the hall and prints the
hall's figures as shares of these. Several processes may share one database (``--init``
only in the first).
"""
from __future__ import annotations

import argparse
import socket

SYNCHRONOUS = "NORMAL"      # the floor syncs as SQLite does by default in WAL; the hall defaults to FULL (HALL_SQLITE_SYNCHRONOUS)

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS floor_counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS floor_ticket (id {serial} PRIMARY KEY, number VARCHAR(16) NOT NULL, "
    "queue VARCHAR(16) NOT NULL, status VARCHAR(16) NOT NULL, window_no INTEGER, "
    "issued_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, called_at TIMESTAMP)",
    "CREATE INDEX IF NOT EXISTS floor_ticket_waiting ON floor_ticket (status, id)",
]


def make_app(url: str, init: bool):
    import sqlalchemy as sa
    from flask import Flask, jsonify

    postgres = url.startswith("postgresql")
    if postgres:
        engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg2://", 1),
                                  pool_size=10, max_overflow=20, pool_reset_on_return=None)
    else:
        engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):
            dbapi_conn.isolation_level = None
            for pragma in ("journal_mode=WAL", f"synchronous={SYNCHRONOUS}", "busy_timeout=30000"):
                dbapi_conn.execute("PRAGMA " + pragma)

        @sa.event.listens_for(engine, "begin")
        def _begin(conn):
            conn.connection.driver_connection.execute("BEGIN IMMEDIATE")

    if init:
        with engine.begin() as conn:
            for statement in SCHEMA:
                conn.exec_driver_sql(statement.format(serial="SERIAL" if postgres else "INTEGER"))
            conn.exec_driver_sql("DELETE FROM floor_ticket")
            conn.exec_driver_sql("DELETE FROM floor_counter")
            conn.exec_driver_sql("INSERT INTO floor_counter (id, value) VALUES (1, 0)")

    bump = sa.text("UPDATE floor_counter SET value = value + 1 WHERE id = 1 RETURNING value")
    insert = sa.text("INSERT INTO floor_ticket (number, queue, status) VALUES (:number, 'A', 'waiting') RETURNING id")
    lock = " FOR UPDATE SKIP LOCKED" if postgres else ""
    take = sa.text("UPDATE floor_ticket SET status = 'called', window_no = :window, called_at = CURRENT_TIMESTAMP "
                   "WHERE id = (SELECT id FROM floor_ticket WHERE status = 'waiting' ORDER BY id LIMIT 1"
                   f"{lock}) RETURNING id, number")

    app = Flask(__name__)

    @app.get("/api/v1/queues")
    def queues():
        return jsonify([{"code": "A"}])

    @app.post("/api/v1/tickets")
    def ticket():
        with engine.begin() as conn:
            seq = conn.execute(bump).scalar_one()
            number = f"A{seq:03d}"
            ticket_id = conn.execute(insert, {"number": number}).scalar_one()
        return jsonify({"id": ticket_id, "number": number, "queue": "A", "status": "waiting"}), 201

    @app.post("/api/v1/windows/<int:number>/call-next")
    def call_next(number: int):
        with engine.begin() as conn:
            row = conn.execute(take, {"window": number}).first()
        if row is None:
            return jsonify({"error": "queue_empty"}), 404
        return jsonify({"ticket": {"id": row.id, "number": row.number, "status": "called"}, "window": number})

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--init", action="store_true", help="create and empty the tables")
    args = parser.parse_args()
    from gevent import monkey
    monkey.patch_all()
    from psycogreen.gevent import patch_psycopg
    patch_psycopg()
    from gevent import pywsgi

    app = make_app(args.db, args.init)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    listener.bind(("127.0.0.1", args.port))
    listener.listen(1024)
    pywsgi.WSGIServer(listener, app, log=None).serve_forever()


if __name__ == "__main__":
    main()
