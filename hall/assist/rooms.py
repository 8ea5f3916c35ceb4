"""Where assisted service is heard: the helpers' consoles (room ``helpers``) hear every new,
accepted and answered request; the kiosk that asked hears its own (``kiosk:<device id>``, a
room a kiosk enters by joining ``kiosk`` with its device token, never by name)."""
from __future__ import annotations

from hall.events import domain


def kiosk_room(device_id: int) -> str:
    return f"kiosk:{device_id}"


def assist_requested(event: domain.AssistRequested, _views):
    return [("assist_requested", event.payload, "helpers")]


def assist_changed(event: domain.AssistChanged, _views):
    emits = [(event.name, event.payload, "helpers")]
    if event.device_id is not None:
        emits.append((event.name, event.payload, kiosk_room(event.device_id)))
    return emits


ROUTES = {domain.AssistRequested: [assist_requested], domain.AssistChanged: [assist_changed]}
