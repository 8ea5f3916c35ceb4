"""An ``Alert`` names its own rooms (supervision, printer faults, bad ratings raise one):
its route is the same for every domain, so it lives with the bus."""
from __future__ import annotations

from hall.events import domain


def alert(event: domain.Alert, _views):
    return [("alert", event.payload, room) for room in event.rooms]


ROUTES = {domain.Alert: [alert]}
