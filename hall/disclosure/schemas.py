"""Announcements as the API shows them."""
from __future__ import annotations

from datetime import date

from hall.clock import local_iso
from hall.disclosure import rules
from hall.disclosure.models import Announcement


def announcement(hall, item: Announcement, today: date, names: dict, public: bool) -> dict:
    """An announcement as the public (or, with ``public`` false, the managers) see it;
    ``names``: staff names by id."""
    state = rules.public_state(item.status, item.starts_on, item.ends_on, today)
    out = {"id": item.id, "title": item.title, "body": item.body, "category": item.category,
           "category_name": rules.CATEGORIES[item.category], "starts_on": item.starts_on.isoformat(),
           "ends_on": item.ends_on.isoformat(), "state": state,
           "approved_by": names.get(item.reviewer_id) if item.status in ("approved", "withdrawn") else None,
           "approved_at": local_iso(item.reviewed_at, hall.timezone) if item.status in ("approved", "withdrawn")
           else None,
           "withdrawn_at": local_iso(item.withdrawn_at, hall.timezone)}
    if public:
        return out
    return out | {"status": item.status, "status_name": rules.STATUS_NAMES[item.status],
                  "author": names.get(item.author_id), "created_at": local_iso(item.created_at, hall.timezone),
                  "reviewer": names.get(item.reviewer_id), "reviewed_at": local_iso(item.reviewed_at, hall.timezone),
                  "review_note": item.review_note, "withdrawn_by": names.get(item.withdrawn_by)}
