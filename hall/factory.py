"""The application factory and the Flask-SocketIO extension (its state lives on the app)."""

import logging
import os
import sqlite3

from flask import Blueprint, Flask, current_app, jsonify, request
from flask_socketio import SocketIO
from sqlalchemy.exc import OperationalError, TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from hall.config import default_database_url, instance_secret, load_settings
from hall.errors import Busy, Forbidden, RuleError
from hall.guessing import register as register_guessing
from hall.keys import Keys
from hall.limits import register as register_limits, retry_after
from printers.policy import PrinterPolicy

socketio = SocketIO()
log = logging.getLogger("hall")

API_PREFIX = "/api/v1"
MAX_BODY_BYTES = 1024 * 1024


class RowNumberConverter(IntegerConverter):
    """``<int:…>`` in a path is a row id or a window number: one beyond a 64-bit integer can
    name no row (and SQLite cannot even bind it), so the route does not match: a 404."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(url_map, *args, **kwargs)


def create_app(overrides: dict | None = None) -> Flask:
    settings = load_settings(overrides)
    app = Flask("hall", instance_path=settings["HALL_INSTANCE_PATH"] or None,
                instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    settings["HALL_DATABASE_URL"] = settings["HALL_DATABASE_URL"] or default_database_url(app.instance_path)
    app.config["HALL"] = settings
    app.config["SECRET_KEY"] = settings["HALL_SECRET_KEY"] or instance_secret(app.instance_path)
    app.extensions["hall_keys"] = Keys.from_secret(app.config["SECRET_KEY"])   # one key per purpose
    app.config["JSON_AS_ASCII"] = False
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.url_map.converters["int"] = RowNumberConverter
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES   # read no more of a body than this (413)

    extra = {}
    if settings["HALL_REDIS_URL"]:
        from hall.events.redis_manager import HallRedisManager
        extra["client_manager"] = HallRedisManager(settings["HALL_REDIS_URL"], settings["HALL_REDIS_CHANNEL"])
    socketio.init_app(app, async_mode=settings.get("HALL_ASYNC_MODE") or None,
                      cors_allowed_origins=socket_origins(settings), ping_interval=20, ping_timeout=20, **extra)
    _init_db(app)
    app.extensions["hall_printer_policy"] = PrinterPolicy.from_settings(
        settings["HALL_PRINTER_FOLDERS"], settings["HALL_PRINTER_NETWORKS"], settings["HALL_PRINTER_PORTS"])
    _register_api(app)
    from hall.devices.service import device_for_token
    register_limits(app, device_for_token)   # after Socket.IO: ProxyFix must see every request first
    register_guessing(app)
    _register_errors(app)
    from hall.pages.views import bp as pages_bp
    app.register_blueprint(pages_bp)
    from hall.bootstrap import bootstrap
    bootstrap(app, socketio)   # the domains' event routes, readers and handlers; the screens' rooms
    return app


def socket_origins(settings: dict):
    """Which pages may open a Socket.IO connection: the hall's own (``HALL_PUBLIC_URL``, or
    the very host the request came to) and those ``HALL_SOCKET_ORIGINS`` names. A page of
    another site (a browser sends its Origin) is refused: it cannot listen in on the rooms
    with a console's token it got hold of. Clients that send no Origin (screens' own
    programs) are not asked."""
    named = {o.strip().rstrip("/") for o in (settings["HALL_SOCKET_ORIGINS"] or "").split(",") if o.strip()}
    if settings["HALL_PUBLIC_URL"]:
        named.add(settings["HALL_PUBLIC_URL"].rstrip("/"))

    def allowed(origin, environ) -> bool:
        own = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
        return bool(origin) and origin.rstrip("/") in named | {own}
    return allowed


def _init_db(app: Flask) -> None:
    import hall.models  # noqa: F401  (every table on the metadata)
    from hall.audit.service import attach as attach_audit
    from hall.catalog.cache import CatalogCache, attach_versioning
    from hall.catalog.service import resolve_hall, serve_catalogs
    from hall.db import close_session, make_engine, make_session_factory, pool_sizes, share_disconnects
    from hall.events.bus import EventBus
    from hall.queueing.service_times import serve_learned_times

    url = app.config["HALL"]["HALL_DATABASE_URL"]
    # PostgreSQL: a second pool whose connections commit every statement on their own, for
    # requests that only read or write in one statement (hall.db.single_statements); the
    # two share the process's budget of connections
    pools = pool_sizes(app.config["HALL"]["HALL_DB_CONNECTIONS"], parts=2)
    engine = make_engine(url, sqlite_synchronous=app.config["HALL"]["HALL_SQLITE_SYNCHRONOUS"], **pools)
    autocommit = make_engine(url, isolation_level="AUTOCOMMIT", **pools) if engine.dialect.name == "postgresql" else None
    share_disconnects(*[e for e in (engine, autocommit) if e is not None])
    catalogs = CatalogCache()
    bus = EventBus(socketio, catalogs)
    app.extensions["hall_engine"] = engine
    app.extensions["hall_engines"] = [e for e in (engine, autocommit) if e is not None]
    app.extensions["hall_catalogs"] = catalogs
    app.extensions["hall_verified_tokens"] = {}   # bearer tokens whose signature was checked
    app.extensions["hall_events"] = bus
    # the domains' session hooks: events out after commit, the catalog's version, the audit log
    app.extensions["hall_db"] = make_session_factory(engine, autocommit=autocommit,
                                                     hooks=(bus.attach, attach_versioning, attach_audit))
    serve_catalogs(app.extensions["hall_db"], catalogs)
    serve_learned_times(app.extensions["hall_db"], estimate_window=app.config["HALL"]["HALL_ESTIMATE_WINDOW"])
    app.extensions["hall_resolve_hall"] = resolve_hall   # hall.web.current_hall's resolver
    app.teardown_appcontext(close_session)


def _register_api(app: Flask) -> None:
    from hall.appointments.views import bp as appointments_bp
    from hall.assessments.views import bp as assessments_bp
    from hall.assist.views import bp as assist_bp
    from hall.audit.views import bp as audit_bp
    from hall.auth.views import bp as auth_bp
    from hall.calendar.views import bp as calendar_bp
    from hall.cases.views import bp as cases_bp
    from hall.catalog.views import bp as catalog_bp
    from hall.catalog.admin_views import bp as catalog_admin_bp
    from hall.devices.views import bp as devices_bp
    from hall.fees.views import bp as fees_bp
    from hall.printing.views import bp as printing_bp
    from hall.queueing.views import bp as queueing_bp
    from hall.ratings.views import bp as ratings_bp
    from hall.reviews.views import bp as reviews_bp
    from hall.dashboard.views import bp as dashboard_bp
    from hall.simulation.views import bp as simulations_bp
    from hall.voice.views import bp as voice_bp
    from hall.complaints.views import bp as complaints_bp
    from hall.disclosure.views import bp as disclosure_bp
    from hall.inforequests.views import bp as inforequests_bp
    from hall.inspections.views import bp as inspections_bp
    from hall.apikeys.views import bp as apikeys_bp
    from hall.applications.views import bp as applications_bp

    api = Blueprint("api", "hall", url_prefix=API_PREFIX)
    for bp in (auth_bp, catalog_bp, cases_bp, reviews_bp, appointments_bp, audit_bp, queueing_bp, ratings_bp, calendar_bp, devices_bp, printing_bp,
               voice_bp, simulations_bp, dashboard_bp, disclosure_bp, complaints_bp, inforequests_bp, inspections_bp,
               assist_bp, assessments_bp, fees_bp):
        api.register_blueprint(bp)
    api.register_blueprint(catalog_admin_bp)
    from hall.integrations.views import bp as integrations_bp
    api.register_blueprint(integrations_bp)
    api.register_blueprint(apikeys_bp)         # 接口密钥 for outside systems
    api.register_blueprint(applications_bp)    # 一网通办 online applications
    app.register_blueprint(api)
    from hall.audit.views import record_request
    app.after_request(record_request)
    app.after_request(_security_headers)
    app.before_request(_refuse_cross_site_writes)


# Pages: scripts and styles only from the hall's own files (no inline script, handler or
# style attribute: tests/browser/test_page_sources.py); images, sounds and the PDFs a console
# opens may also be blob: URLs its own scripts made; nothing else is loaded from anywhere.
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
               "media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'self' blob:; "
               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# The kiosk also talks to its ID-card reader's local service (hall/devices/reader.py: a
# WebSocket or HTTP bridge on the kiosk PC itself, loopback only)
KIOSK_POLICY = PAGE_POLICY.replace("connect-src 'self'", "connect-src 'self' " + " ".join(
    f"{scheme}://{host}:*" for host in ("127.0.0.1", "localhost") for scheme in ("ws", "wss", "http", "https")))
ANSWER_POLICY = "default-src 'none'; frame-ancestors 'none'"   # a JSON answer runs and loads nothing
FILE_POLICY = "frame-ancestors 'none'"     # a PDF, image or sound: the browser's own viewer shows it


def _security_headers(response):
    """No page may be framed by another site (clickjacking at a kiosk's or console's buttons),
    no page runs a script that is not one of the hall's files, no answer is sniffed into
    another type, and staff answers stay off shared caches."""
    headers = response.headers
    page = KIOSK_POLICY if request.path == "/kiosk" else PAGE_POLICY
    policy = {"text/html": page, "application/json": ANSWER_POLICY}.get(response.mimetype, FILE_POLICY)
    headers.setdefault("Content-Security-Policy", policy)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if request.headers.get("Authorization") or request.path == API_PREFIX + "/auth/login":
        headers["Cache-Control"] = "no-store"    # a staff answer (or a new token) stays off shared caches
    return response


def _refuse_cross_site_writes():
    """CSRF: staff sign in with a bearer token their page holds (never a cookie), so another
    site cannot make a browser act for them; on top of that a browser's write to the API from
    a page of another origin is refused outright. Kiosks, screens and server-to-server calls
    send no Origin, or this hall's own."""
    if request.method in ("GET", "HEAD", "OPTIONS") or not request.path.startswith(API_PREFIX):
        return None
    origin = request.headers.get("Origin")
    if not origin:
        return None
    allowed = {request.host_url.rstrip("/")}
    public = current_app.config["HALL"]["HALL_PUBLIC_URL"]
    if public:
        allowed.add(public.rstrip("/"))
    if origin.rstrip("/") in allowed:
        return None
    raise Forbidden("不接受来自其他网站的请求", code="cross_origin")


def _register_errors(app: Flask) -> None:
    @app.errorhandler(RuleError)
    def domain_error(exc: RuleError):
        return jsonify(exc.to_dict()), exc.status

    @app.errorhandler(OperationalError)
    @app.errorhandler(sqlite3.OperationalError)   # SQLite's own BEGIN IMMEDIATE (hall.db.engine) is not wrapped
    def database_error(exc: Exception):
        log.warning("database unavailable: %s", exc)
        err = Busy("数据库暂时不可用，请稍后重试", code="database_unavailable")
        return jsonify(err.to_dict()), err.status

    @app.errorhandler(PoolTimeout)
    def no_free_connection(exc: PoolTimeout):
        """Every connection of the process's pool busy for its timeout (a storm of requests):
        the client asks again, as for a database that restarts."""
        log.warning("no free database connection: %s", exc)
        err = Busy()
        return jsonify(err.to_dict()), err.status

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if not request.path.startswith(API_PREFIX):
            return exc
        codes = {404: ("not_found", "接口不存在"), 405: ("method_not_allowed", "不支持此请求方法"),
                 429: ("rate_limited", "操作过于频繁，请稍后再试"),
                 400: ("bad_request", "请求格式有误"), 413: ("body_too_large", "请求内容过大（最大1MB）"),
                 415: ("unsupported_media_type", "请使用JSON格式")}
        code, message = codes.get(exc.code, ("http_error", exc.description or "请求有误"))
        body = {"error": {"code": code, "message": message}}
        if exc.code == 429:
            body["retry_after"] = retry_after(app)
        return jsonify(body), exc.code

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return http_error(exc)
        log.exception("unexpected error on %s", request.path)
        return jsonify({"error": {"code": "internal_error", "message": "系统内部错误，请联系管理员"}}), 500
