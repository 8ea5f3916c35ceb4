"""Wires the domains into the event bus and the live screens, once, from the app factory.

Each domain says in its own modules what its events mean to the screens and to other
domains (``ROUTES``, ``READERS``, ``MERGES``, ``HANDLERS``: see ``hall.events.registry``);
the bus only consults the registry built here. To add a route, a reader or a handler,
put it in the domain's ``rooms.py`` (or ``handlers.py``) dict; a new such module is listed
in ``DECLARATIONS``. Other domains' sheets join the catalog workbook here (``workbook.register``).
"""
from __future__ import annotations

from hall.assist import rooms as assist_rooms
from hall.auth.sheet import STAFF as STAFF_SHEET
from hall.cases import handlers as cases_handlers
from hall.catalog import workbook
from hall.catalog import rooms as catalog_rooms
from hall.events import alerts
from hall.events.registry import Registry
from hall.integrations import handlers as integrations_handlers
from hall.guessing import GUESSING_ALERT
from hall.live import rooms as live_rooms
from hall.live.sockets import register as register_sockets
from hall.queueing import rooms as queueing_rooms
from hall.ratings import handlers as ratings_handlers
from hall.ratings import rooms as ratings_rooms
from hall.reviews import rooms as reviews_rooms
from hall.supervision.guessed import alert_guessing

DECLARATIONS = (queueing_rooms, catalog_rooms, ratings_rooms, ratings_handlers, reviews_rooms, assist_rooms, alerts,
                integrations_handlers, cases_handlers, live_rooms)


def registry() -> Registry:
    """Every domain's routes, readers, merges and handlers in one registry."""
    built = Registry()
    for module in DECLARATIONS:
        built.include(module)
    return built


def bootstrap(app, socketio) -> None:
    """Give the app's bus the registry and let screens ``join`` their rooms."""
    app.extensions["hall_events"].use(registry())
    register_sockets(socketio)
    workbook.register(STAFF_SHEET)   # 人员, after the catalog's sheets (an account names a department and window)
    app.extensions[GUESSING_ALERT] = alert_guessing   # a guessed query code alerts the record's managers
