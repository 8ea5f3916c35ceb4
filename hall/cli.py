"""The ``hall`` command. ``serve`` runs under gevent: it must patch the standard library
before anything else is imported, so imports here stay inside the functions."""
from __future__ import annotations

import argparse
import sys


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hall", description="政务服务中心排队叫号与一窗受理系统")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="start the web and Socket.IO server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=5000)
    serve.add_argument("--db", help="SQLAlchemy URL (or HALL_DATABASE_URL)")
    serve.add_argument("--demo", action="store_true", help="load the demo hall into an empty database")
    serve.add_argument("--threading", action="store_true",
                       help="use threads instead of gevent (debugging)")

    init = sub.add_parser("init-db", help="create or upgrade the schema (Alembic)")
    init.add_argument("--db")
    init.add_argument("--demo", action="store_true")

    supervise = sub.add_parser("supervise", help="run the time-limit sweep once and print a summary")
    supervise.add_argument("--as-of", help="hall-local moment, e.g. 2026-12-01T10:00 (default: now)")
    supervise.add_argument("--db")

    sim = sub.add_parser("simulate", help="simulate a hall day through the real calling rules")
    sim.add_argument("--date", required=True, help="YYYY-MM-DD")
    sim.add_argument("--arrivals", help="CSV with columns time,queue[,green]; default: a generated day")
    sim.add_argument("--windows-open", type=int, help="open only the first N windows (default: all)")
    sim.add_argument("--tickets", type=int, help="tickets in a generated day (default: the same weekday's "
                                                 "average of the last four weeks, or 300)")
    sim.add_argument("--target-minutes", type=float, default=30.0)
    sim.add_argument("--hall", help="the hall's code (default: the first hall)")
    sim.add_argument("--db")

    back = sub.add_parser("backup", help="copy the database while the hall runs")
    back.add_argument("--to", default="backups", help="folder for the backup file")
    back.add_argument("--db")

    device = sub.add_parser("device", help="register screens")
    device_sub = device.add_subparsers(dest="device_command", required=True)
    add = device_sub.add_parser("add", help="register a device and print its token")
    add.add_argument("kind", choices=["kiosk", "display", "window_screen", "rating_pad"])
    add.add_argument("--window", type=int)
    add.add_argument("--name", default="")
    add.add_argument("--printer", default="", help="kiosk printer: usb:VID:PID, network:HOST[:PORT], file:PATH")
    add.add_argument("--reader-url", default="", help="kiosk ID-card reader service, e.g. ws://127.0.0.1:18890")
    add.add_argument("--hall", help="the hall's code (default: the first hall)")
    add.add_argument("--db")

    imp = sub.add_parser("import", help="import a hall's catalog from an .xlsx workbook (导入事项清单)")
    imp.add_argument("file")
    imp.add_argument("--hall", help="the hall's code (default: the first hall)")
    imp.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    imp.add_argument("--db")

    admin = sub.add_parser("admin", help="administrator accounts")
    admin_sub = admin.add_subparsers(dest="admin_command", required=True)
    create = admin_sub.add_parser("create", help="create an admin account; the password is asked for "
                                                 "(or read from standard input)")
    create.add_argument("username")
    create.add_argument("--name", default="系统管理员")
    create.add_argument("--hall", help="the hall's code (default: the first hall; a new database gets one)")
    create.add_argument("--db")

    apikey = sub.add_parser("apikey", help="API keys of outside systems (接口密钥)")
    apikey_sub = apikey.add_subparsers(dest="apikey_command", required=True)
    key_create = apikey_sub.add_parser("create", help="make a key and print it, once, as the last word")
    key_create.add_argument("name")
    key_create.add_argument("--scope", action="append", required=True,
                            help="a scope, e.g. applications:write (repeat for more)")
    key_create.add_argument("--hall", help="the hall's code (default: the first hall)")
    key_create.add_argument("--db")

    exp = sub.add_parser("export", help="export a hall's catalog to an .xlsx workbook")
    exp.add_argument("file")
    exp.add_argument("--hall", help="the hall's code (default: the first hall)")
    exp.add_argument("--db")
    return parser


def _app(db: str | None, **extra):
    from hall import create_app
    return create_app({"HALL_DATABASE_URL": db, **extra})


def prepare_database(app, demo: bool) -> bool:
    """Upgrade the schema; load the demo hall when asked and the database is empty."""
    from hall.db import session_scope
    from hall.demo.loader import is_empty, load_demo
    from hall.migrate import upgrade

    upgrade(app.config["HALL"]["HALL_DATABASE_URL"])
    if not demo:
        return False
    session = session_scope(app)
    try:
        if not is_empty(session):
            return False
        load_demo(session, app.config["HALL"]["HALL_DEMO_PASSWORD"])
        session.commit()
        return True
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


def serve(args) -> int:
    if not args.threading:
        from gevent import monkey
        monkey.patch_all()
        from psycogreen.gevent import patch_psycopg
        patch_psycopg()
    import os

    from hall import socketio
    from hall.scheduler import start_background_jobs

    app = _app(args.db, HALL_ASYNC_MODE="threading" if args.threading else "gevent")
    loaded = prepare_database(app, args.demo)
    url = f"http://{'[' + args.host + ']' if ':' in args.host else args.host}:{args.port}"
    app.config["HALL"]["HALL_LISTEN_URL"] = url    # the track_url's base without HALL_PUBLIC_URL (hall.web.base_url)
    print(f"hall: {'demo hall loaded; ' if loaded else ''}serving {url} "
          f"(kiosk {url}/kiosk, display {url}/display, manager {url}/manager) pid {os.getpid()}",
          flush=True)
    start_background_jobs(app)
    if not args.threading:
        app.extensions["hall_events"].start_deferred()   # emits leave the request path
    if args.threading:
        socketio.run(app, host=args.host, port=args.port, allow_unsafe_werkzeug=True)
    else:
        _serve_gevent(app, args.host, args.port)
    return 0


def _serve_gevent(app, host: str, port: int) -> None:
    """gevent's WSGI server on a listener with TCP_NODELAY (inherited by every accepted
    connection): without it a keep-alive client waits ~40 ms per response for the
    delayed ACK of the headers packet (Nagle)."""
    import os
    import socket

    from gevent import pywsgi
    from geventwebsocket.handler import WebSocketHandler

    listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    listener.bind((host, port))
    listener.listen(1024)
    log = "default" if os.environ.get("HALL_ACCESS_LOG") == "1" else None
    pywsgi.WSGIServer(listener, app, handler_class=WebSocketHandler, log=log).serve_forever()


def init_db(args) -> int:
    app = _app(args.db)
    loaded = prepare_database(app, args.demo)
    print("schema up to date" + ("; demo hall loaded" if loaded else ""))
    return 0


def device(args) -> int:
    from hall.catalog.service import resolve_hall
    from hall.db import session_scope
    from hall.devices.service import add_device
    from hall.errors import RuleError

    app = _app(args.db, HALL_CODE=args.hall)
    prepare_database(app, demo=False)
    session = session_scope(app)
    try:
        with app.app_context():
            hall = resolve_hall(session, default_code=app.config["HALL"].get("HALL_CODE"))
            dev, token = add_device(session, hall, args.kind, args.window, args.name, args.printer,
                                     app.extensions["hall_printer_policy"], args.reader_url)
        session.commit()
    except RuleError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 2
    finally:
        session.close()
    where = f" for window {dev.window_number}" if dev.window_number else ""
    print(f"registered {dev.kind} #{dev.id}{where}; token: {token}")
    return 0


def supervise(args) -> int:
    """电子监察: lights, overdue accountability records and deemed approvals, once, in every hall."""
    import json
    from datetime import datetime

    from hall.scheduler import sweep
    from hall.catalog.service import all_halls
    from hall.clock import as_utc
    from hall.db import session_scope

    app = _app(args.db)
    prepare_database(app, demo=False)
    session = session_scope(app)
    summaries = {}
    try:
        with app.app_context():
            for hall in all_halls(session):
                try:
                    moment = as_utc(datetime.fromisoformat(args.as_of), hall.timezone) if args.as_of else None
                except ValueError:
                    print(f"错误：--as-of 格式应为 2026-12-01T10:00，收到 {args.as_of!r}", file=sys.stderr)
                    return 2
                default = app.config["HALL"]["HALL_DEFAULT_RATING"]
                summaries[hall.code] = sweep(session, hall, moment, int(default) if default else None)
                session.commit()
    finally:
        session.close()
    first = next(iter(summaries.values()), {})
    print(json.dumps({"as_of": args.as_of or "now", **first, "halls": summaries}, ensure_ascii=False))
    return 0


def simulate(args) -> int:
    import json
    from datetime import date, time

    from hall.catalog.service import resolve_hall
    from hall.db import session_scope
    from hall.errors import RuleError
    from hall.simulation import engine
    from hall.simulation.service import plan

    try:
        day = date.fromisoformat(args.date)
    except ValueError:
        print(f"错误：--date 格式应为 YYYY-MM-DD，收到 {args.date!r}", file=sys.stderr)
        return 2
    app = _app(args.db, HALL_CODE=args.hall)
    prepare_database(app, demo=False)
    session = session_scope(app)
    try:
        with app.app_context():
            hall = resolve_hall(session, default_code=app.config["HALL"].get("HALL_CODE"))
            arrivals = None
            if args.arrivals:
                opens = min(q.opens_at for q in hall.queues.values())
                try:
                    arrivals = engine.read_arrivals(args.arrivals, time.fromisoformat(opens))
                except (OSError, KeyError, ValueError) as exc:
                    print(f"错误：无法读取到号数据 {args.arrivals}：{exc}", file=sys.stderr)
                    return 2
            summary = plan(session, hall, day, arrivals=arrivals, tickets=args.tickets,
                           windows_open=args.windows_open, target_minutes=args.target_minutes)
    except RuleError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 2
    finally:
        session.close()
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


def backup(args) -> int:
    from hall.backup import backup as run_backup
    from hall.config import load_settings

    url = args.db or load_settings().get("HALL_DATABASE_URL")
    if not url:
        url = _app(None).config["HALL"]["HALL_DATABASE_URL"]
    try:
        target = run_backup(url, args.to)
    except Exception as exc:  # noqa: BLE001 - a clear message, not a traceback, for the operator
        print(f"错误：备份失败：{exc}", file=sys.stderr)
        return 2
    print(f"backup written: {target}")
    return 0


def _catalog_command(args, work) -> int:
    """Run ``work(session, hall)`` for the hall ``--hall`` names, committing what it wrote."""
    from hall.catalog.service import resolve_hall
    from hall.db import session_scope
    from hall.errors import RuleError

    app = _app(args.db, HALL_CODE=args.hall)
    prepare_database(app, demo=False)
    session = session_scope(app)
    try:
        with app.app_context():
            hall = resolve_hall(session, default_code=app.config["HALL"].get("HALL_CODE"))
            code = work(session, hall)
        session.commit()
        return code
    except RuleError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 2
    finally:
        session.close()


def import_catalog(args) -> int:
    from hall.catalog import workbook

    with open(args.file, "rb") as f:
        data = f.read()

    def work(session, hall) -> int:
        answer = workbook.run(session, hall, data, dry_run=args.dry_run)
        for e in answer["errors"]:
            print(f"{e['sheet']} 第{e['row']}行 {e['field']}：{e['message']}", file=sys.stderr)
        if answer["errors"]:
            print(f"{len(answer['errors'])} 处错误，未写入任何数据", file=sys.stderr)
            return 1
        verb = "would create" if args.dry_run else "created"
        print(f"{hall.code}: {verb} {answer['created']}, {'would update' if args.dry_run else 'updated'} "
              f"{answer['updated']}" + (" (dry run, nothing written)" if args.dry_run else ""))
        return 0
    return _catalog_command(args, work)


def export_catalog(args) -> int:
    from hall.catalog import workbook

    def work(session, hall) -> int:
        with open(args.file, "wb") as f:
            f.write(workbook.export(session, hall))
        print(f"{hall.code}: catalog written to {args.file}")
        return 0
    return _catalog_command(args, work)


def apikey(args) -> int:
    from hall.apikeys.service import create

    made = {}

    def work(session, hall) -> int:
        row, made["key"] = create(session, hall.id, args.name, args.scope)
        made["row"], made["hall"] = row, hall.code
        return 0
    code = _catalog_command(args, work)
    if code == 0:   # printed after the commit: a key that is printed exists
        row = made["row"]
        print(f"{made['hall']}: API key #{row.id} {row.name} ({', '.join(row.scopes)}), shown this once; key: {made['key']}")
    return code


DEMO_IN_PRODUCTION = ("hall: --demo is refused with HALL_ENV=production: the demo hall's accounts share a "
                      "published password. Create the first admin with `hall admin create USERNAME` instead. "
                      "（生产环境不允许加载演示数据）")


def demo_refused(args) -> bool:
    """The demo hall (39 accounts whose password is in the README) never reaches production."""
    import os
    return bool(getattr(args, "demo", False)) and os.environ.get("HALL_ENV", "").strip().lower() == "production"


def read_new_password(username: str) -> str | None:
    """Asked twice on a terminal; one line from standard input otherwise (scripts)."""
    import getpass
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(f"{username} 的密码：")
    return first if getpass.getpass("再输入一次：") == first else None


def admin(args) -> int:
    from sqlalchemy import select

    from hall.auth.service import create_admin
    from hall.catalog.models import Hall
    from hall.db import session_scope
    from hall.errors import RuleError

    password = read_new_password(args.username)
    if password is None:
        print("错误：两次输入的密码不一致", file=sys.stderr)
        return 2
    app = _app(args.db)
    prepare_database(app, demo=False)
    session = session_scope(app)
    try:
        query = select(Hall).where(Hall.code == args.hall) if args.hall else select(Hall).order_by(Hall.id)
        hall = session.scalars(query).first()
        if hall is None and args.hall and session.scalars(select(Hall)).first() is not None:
            print(f"错误：没有编码为 {args.hall} 的大厅", file=sys.stderr)
            return 2
        if hall is None:   # a new deployment: the admin sets the hall up in /admin
            hall = Hall(code=args.hall or "hall", name="政务服务中心")
            session.add(hall)
            session.flush()
        create_admin(session, hall.id, args.username, password, args.name)
        session.commit()
    except RuleError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 2
    finally:
        session.close()
    print(f"admin {args.username} created in hall {hall.code}; sign in at /admin")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if demo_refused(args):
        print(DEMO_IN_PRODUCTION, file=sys.stderr)
        return 2
    handler = {"serve": serve, "init-db": init_db, "device": device, "supervise": supervise,
               "simulate": simulate, "backup": backup, "import": import_catalog,
               "export": export_catalog, "admin": admin, "apikey": apikey}[args.command]
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
