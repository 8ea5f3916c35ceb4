"""Configuration from the environment.

Every setting has an environment variable (``HALL_*``); ``create_app`` takes a mapping
of overrides for tests and the command line. Nothing here holds state between requests.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

DEFAULTS = {
    "HALL_DATABASE_URL": None,          # None: SQLite file in the instance folder
    "HALL_REDIS_URL": None,             # Socket.IO message queue for several processes
    "HALL_REDIS_CHANNEL": "hall",       # its pub/sub channel: deployments sharing one Redis keep apart
    "HALL_SECRET_KEY": None,            # None: kept in the instance folder
    "HALL_TIMEZONE": "Asia/Shanghai",
    "HALL_TOKEN_TTL_SECONDS": 12 * 3600,
    "HALL_DEMO_PASSWORD": "demo",
    "HALL_PUBLIC_URL": "",              # base of QR links; empty: the request's host
    "HALL_SUPERVISE_INTERVAL_SECONDS": 300,
    "HALL_ESTIMATE_WINDOW": 20,         # finished services averaged for the estimate
    "HALL_DEFAULT_RATING": None,        # e.g. 3: unrated after the rating period counts as 基本满意
    "HALL_TICKET_RATE_LIMIT": "120/minute",   # per kiosk (device token) or address; "off" turns it off
    "HALL_TICKETS_PER_ADDRESS_DAY": "20",     # tickets a day from one address (kiosks exempt); "off"
    "HALL_LOGIN_RATE_LIMIT": "20/minute",     # login attempts per address, whatever the account; "off"
    "HALL_BOOKING_RATE_LIMIT": "5/hour",      # appointments booked from one address; "off"
    "HALL_QUERY_CODE_LIMIT": "10/hour",       # wrong query codes for one record (hall.guessing)
    "HALL_QUERY_CODE_ADDRESS_LIMIT": "30/hour",   # wrong query codes from one address, any records
    "HALL_PROXIES": 0,                  # reverse proxies in front (nginx: 1): whose X-Forwarded-For to trust
    # where a kiosk's printer may be (comma-separated); None: printers.policy's defaults
    # (/dev/usb; the private ranges; port 9100)
    "HALL_PRINTER_FOLDERS": None,
    "HALL_PRINTER_NETWORKS": None,
    "HALL_PRINTER_PORTS": None,
    # PostgreSQL connections one server process may hold at most, both of its pools together:
    # keep processes x this under the server's max_connections (100 by default) with room
    # for the command line and backups
    "HALL_DB_CONNECTIONS": 30,
    "HALL_INSTANCE_PATH": None,
    "HALL_CODE": None,                  # the hall a request is for when nothing says otherwise
    # the outbox (hall.integrations): events out to the integrations, messages to the notify gateway
    "HALL_DELIVERY_ATTEMPTS": 12,       # attempts before a delivery is dead
    "HALL_DELIVERY_BASE_SECONDS": 5,    # first retry after this, doubling each time …
    "HALL_DELIVERY_MAX_SECONDS": 1800,  # … up to this
    "HALL_DELIVERY_TIMEOUT_SECONDS": 5,     # one POST's timeout
    "HALL_DELIVERY_POLL_SECONDS": 1,        # how often the worker looks for due rows (a local commit wakes it at once)
    "HALL_DELIVERY_CONCURRENCY": 4,         # posts in flight at once per server process
    "HALL_OUTBOX_CACHE_SECONDS": 5,     # a hall's subscriptions cached per process
    "HALL_NOTIFY_URL": None,            # the SMS / WeChat gateway; None: no notifications, none promised
    "HALL_NOTIFY_AHEAD": 3,             # tell a ticket with a phone when this many are ahead of it
    # pages of other sites that may open a Socket.IO connection (comma-separated origins,
    # e.g. https://screens.example.gov.cn); the hall's own (HALL_PUBLIC_URL, the request's
    # own host) always may
    "HALL_SOCKET_ORIGINS": "",
    "HALL_VOICE_CACHE_FILES": 500,      # rendered call phrases kept on disk; the oldest go first
    "HALL_VOICE_RENDER_LIMIT": "30/minute",   # new phrases rendered per address; "off"
    "HALL_SQLITE_SYNCHRONOUS": "FULL",  # FULL: an acknowledged ticket survives a power cut; NORMAL: faster
}

INT_KEYS = {"HALL_TOKEN_TTL_SECONDS", "HALL_SUPERVISE_INTERVAL_SECONDS", "HALL_ESTIMATE_WINDOW", "HALL_PROXIES",
            "HALL_DB_CONNECTIONS", "HALL_DELIVERY_ATTEMPTS", "HALL_DELIVERY_CONCURRENCY", "HALL_NOTIFY_AHEAD",
            "HALL_VOICE_CACHE_FILES"}
FLOAT_KEYS = {"HALL_DELIVERY_BASE_SECONDS", "HALL_DELIVERY_MAX_SECONDS", "HALL_DELIVERY_TIMEOUT_SECONDS",
              "HALL_DELIVERY_POLL_SECONDS", "HALL_OUTBOX_CACHE_SECONDS"}


def load_settings(overrides: dict | None = None) -> dict:
    """Defaults, then the environment, then explicit overrides."""
    settings = dict(DEFAULTS)
    for key in DEFAULTS:
        if key in os.environ and os.environ[key] != "":
            settings[key] = os.environ[key]
    settings.update({k: v for k, v in (overrides or {}).items() if v is not None})
    for key in INT_KEYS:
        settings[key] = int(settings[key])
    for key in FLOAT_KEYS:
        settings[key] = float(settings[key])
    return settings


def private_file(path: Path, text: str) -> None:
    """Write a file only its owner can read (0600), whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(text)


def keep_private(path: Path) -> None:
    """Make ``path`` readable by its owner only (0600), creating it empty if it is missing:
    the database, its backups and the secret hold what no other local user may read."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)


def instance_secret(instance_path: str) -> str:
    """A secret key that survives restarts and is shared by processes on one machine; only
    its owner may read it (0600, tightened if an older install left it readable)."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
        return path.read_text().strip()
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    tmp = path.with_suffix(".tmp%d" % os.getpid())
    private_file(tmp, key)
    try:
        os.link(tmp, path)  # atomic: first writer wins
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return path.read_text().strip()


def default_database_url(instance_path: str) -> str:
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    return "sqlite:///" + str(Path(instance_path) / "hall.sqlite3")
