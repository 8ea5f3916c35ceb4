"""A joint case's review tasks changed: every department on it, the managers and the
accepting window hear it."""
from __future__ import annotations

from hall.events import domain


def review_changed(event: domain.ReviewChanged, _views):
    rooms = [f"reviewer:{code}" for code in event.departments] + ["manager"]
    if event.window is not None:
        rooms.append(f"window:{event.window}")
    return [("review_changed", event.payload, room) for room in rooms]


ROUTES = {domain.ReviewChanged: [review_changed]}
