"""A rating request goes to the rating pad of the window that served, and only there."""
from __future__ import annotations

from hall.events import domain


def rating_requested(event: domain.RatingRequested, _views):
    payload = {"rating_token": event.rating_token, "window": event.window, "staff": event.staff}
    return [("rating_requested", payload, f"rating_pad:{event.window}")]


ROUTES = {domain.RatingRequested: [rating_requested]}
