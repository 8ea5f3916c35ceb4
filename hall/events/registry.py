"""What the domains tell the bus: how their events reach the screens, and what runs when one is recorded.

The bus is infrastructure and knows no domain. Each domain declares, in its own module
(``hall/<domain>/rooms.py``, ``hall/ratings/handlers.py``), plain dicts keyed by event type,
as Cosmic Python's ``HANDLERS = {events.X: [handler]}``:

- ``ROUTES = {Event: [route]}``: ``route(event, views)`` returns the Socket.IO emits
  ``(name, payload, room)`` of an event, rooms named as clients ask for them (``display``,
  ``window:3``); the registry keeps them per hall (``room_key``).
- ``READERS = {Marker: Reader(...)}``: a *marker* only says what changed (a queue, a
  window); its reader reads the current rows for many markers at once when the bus sends,
  and the route finds them in ``views``.
- ``MERGES = {Marker: merge}``: markers that are merged rather than read (``merge(events)``
  returns the events that stand for all of them).
- ``HANDLERS = {Event: [handler]}``: ``handler(session, event)`` runs when the event is
  recorded, inside the transaction, so that what it writes commits or rolls back with the
  rest; what it records goes out after the commit like any event. ``record`` returns the
  handlers' results.

``hall.bootstrap`` gathers them into one ``Registry`` and gives it to the app's bus.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

Emit = tuple[str, Any, str]          # (event name, payload, room)
# A route's emit of this name is no message: every socket in its room is disconnected, on
# every process (each process disconnects its own; see ``disconnect_room``).
DISCONNECT = "__disconnect__"


def disconnect_room(server, room: str) -> None:
    """Disconnect this process's sockets in ``room`` (python-socketio's server)."""
    for sid, _eio_sid in list(server.manager.get_participants("/", room)):
        server.disconnect(sid, namespace="/", ignore_queue=True)


def room_key(hall_id: int, room: str) -> str:
    """Rooms are kept per hall on the server, so two halls in one deployment never hear each other."""
    return f"{hall_id}/{room}"


class LiveViews:
    """The rows the marker events stand for, read when the bus sends: one mapping per reader
    name (``queues``: queue id -> payload, ``windows``: (hall id, number) -> row)."""

    def __init__(self, **readings: dict):
        self.readings = readings

    def get(self, name: str, key) -> Any:
        return self.readings.get(name, {}).get(key)

    def update(self, name: str, rows: dict) -> None:
        self.readings.setdefault(name, {}).update(rows)


@dataclass(frozen=True)
class Reader:
    """Reads the current rows of a kind of marker: ``read(session, hall, keys)`` gets the
    ``key(event)`` of that hall's markers and returns {key: row}, found by the routes as
    ``views.get(name, key)``. ``hall`` is the hall's catalog snapshot."""
    name: str
    key: Callable[[Any], Any]
    read: Callable[[Any, Any, set], dict]


class Registry:
    def __init__(self):
        self.routes: dict[type, list[Callable]] = {}
        self.readers: dict[type, Reader] = {}
        self.merges: dict[type, Callable[[list], list]] = {}
        self.handlers: dict[type, list[Callable]] = {}
        self.markers: tuple[type, ...] = ()

    def include(self, module) -> Registry:
        """Take a domain module's ``ROUTES``, ``READERS``, ``MERGES`` and ``HANDLERS`` (each optional)."""
        for event_type, routes in getattr(module, "ROUTES", {}).items():
            self.routes.setdefault(event_type, []).extend(routes)
        for event_type, handlers in getattr(module, "HANDLERS", {}).items():
            self.handlers.setdefault(event_type, []).extend(handlers)
        for own, theirs in ((self.readers, getattr(module, "READERS", {})), (self.merges, getattr(module, "MERGES", {}))):
            for event_type, value in theirs.items():
                if event_type in self.readers or event_type in self.merges:
                    raise ValueError(f"{event_type.__name__} is read or merged twice")
                own[event_type] = value
        self.markers = tuple(self.readers) + tuple(self.merges)
        return self

    # ------------------------------------------------------------ in the transaction

    def handle(self, session, event) -> list:
        return [handler(session, event) for handler in self.handlers.get(type(event), ())]

    # ------------------------------------------------------------ after the commit

    def is_marker(self, event) -> bool:
        return isinstance(event, self.markers)

    def coalesce(self, events: list) -> list:
        """Markers stand for "read it again": one per queue, window or ticket is enough, and
        merged markers (the waiting-list notices) become what their merge makes of them, after
        the rest. Everything else keeps its order."""
        seen: set = set()
        merged: dict[type, list] = {}
        kept = []
        for event in events:
            kind = type(event)
            if kind in self.merges:
                merged.setdefault(kind, []).append(event)
                continue
            if kind in self.readers:
                if event in seen:
                    continue
                seen.add(event)
            kept.append(event)
        for kind, group in merged.items():
            kept += self.merges[kind](group)
        return kept

    def wanted(self, events: Iterable) -> dict[int, dict[Reader, set]]:
        """{hall id: {reader: keys}}: what must be read for these events."""
        wanted: dict[int, dict[Reader, set]] = {}
        for event in events:
            reader = self.readers.get(type(event))
            if reader is not None:
                wanted.setdefault(event.hall_id, {}).setdefault(reader, set()).add(reader.key(event))
        return wanted

    def emits_for(self, event, views: LiveViews) -> list[Emit]:
        routes = self.routes.get(type(event))
        if routes is None:
            if type(event) in self.handlers:   # handled in the transaction, announced by what it records
                return []
            raise TypeError(f"no emit rule for {type(event).__name__}")
        return [(name, payload, room_key(event.hall_id, room))
                for route in routes for name, payload, room in route(event, views)]
