"""The Socket.IO message queue over Redis, as several ``hall serve`` processes share it.

Two changes to python-socketio's ``RedisManager``:
- ``emit_many``: one bus round (often many requests' events) is one Redis message, not one
  per emit; each process emits it to its own clients.
- A ``DISCONNECT`` in a batch disconnects the room's sockets of each process (revocation).
- After Redis was unreachable, every screen connected to this process is told to
  ``resync`` (it re-joins its room and gets a fresh ``state``): what other processes sent
  meanwhile never arrived here. Reconnection is retried every few seconds, not back off to
  a minute, so screens are right again soon after Redis is.
"""
from __future__ import annotations

import logging
import time

from socketio import RedisManager
from socketio.manager import Manager

from hall.events.registry import DISCONNECT, disconnect_room

log = logging.getLogger(__name__)
BATCH = "__hall_batch__"
MAX_RETRY_SECONDS = 3


class HallRedisManager(RedisManager):
    def __init__(self, url: str, channel: str = "hall"):
        super().__init__(url, channel=channel, redis_options={"socket_connect_timeout": 2})

    def emit_many(self, emits: list[tuple[str, dict, str]]) -> None:
        self._emit_here(emits)
        self._publish({"method": "emit", "event": BATCH, "data": [[list(e) for e in emits]], "binary": False,
                       "namespace": "/", "room": None, "skip_sid": None, "callback": None,
                       "host_id": self.host_id})

    def _emit_here(self, emits) -> None:
        for name, payload, room in emits:
            if name == DISCONNECT:    # revoked access: each process disconnects its own sockets
                disconnect_room(self.server, room)
            else:
                Manager.emit(self, name, payload, namespace="/", room=room)

    def _handle_emit(self, message):
        if message.get("event") == BATCH:
            self._emit_here(message["data"][0])
            return
        super()._handle_emit(message)

    def _redis_listen_with_retries(self):
        retry, lost = 0.25, False
        while True:
            try:
                self._redis_connect()
                self.pubsub.subscribe(self.channel)
                if lost:
                    lost = False
                    log.warning("Redis is back: telling this process's screens to re-sync")
                    Manager.emit(self, "resync", {}, namespace="/", room=None)
                retry = 0.25
                yield from self.pubsub.listen()
            except Exception as exc:  # noqa: BLE001 - any failure means: reconnect
                if not lost:
                    log.error("Redis unreachable (%s); screens of this process hear only its own events", exc)
                lost = True
                time.sleep(retry)
                retry = min(retry * 2, MAX_RETRY_SECONDS)
