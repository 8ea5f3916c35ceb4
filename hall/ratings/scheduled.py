"""差评 handling's part of the supervision sweep: lights and one accountability record per
overdue step; default ratings once the rating period has passed (when the hall sets one)."""
from __future__ import annotations

from sqlalchemy import select

from hall.clock import local_date
from hall.ratings.models import Rating, RatingRequest, Rectification
from hall.ratings.rectification import STATUS_NAMES
from hall.supervision.kinds import AccountabilityKind
from hall.supervision.sweep import SweepRun


def check_rectifications(run: SweepRun) -> dict:
    session, hall, as_of = run.session, run.hall, run.as_of
    summary = {"rectification_overdue": 0, "default_ratings": 0}
    overdue = run.overdue(AccountabilityKind.RECTIFICATION_OVERDUE)
    for item in session.scalars(select(Rectification).where(
            Rectification.hall_id == hall.id, Rectification.status.in_(("verifying", "rectifying", "calling_back")))):
        due = item.verify_due if item.status == "verifying" else item.rectify_due
        item.light = run.cal.light(run.today, local_date(item.created_at, hall.timezone), due)
        if item.light == "red":
            # verifying and rectifying are the hall's managers' duty: the record names no window
            # staff member, so it does not count against the rated person's stars
            overdue.add(f"{item.id}:{item.status}", f"差评整改“{STATUS_NAMES[item.status]}”超过期限{due.isoformat()}")
    summary["rectification_overdue"] = overdue.write()
    if run.default_rating:
        summary["default_ratings"] = _default_ratings(run)
    return summary


def _default_ratings(run: SweepRun) -> int:
    session, as_of, level = run.session, run.as_of, run.default_rating
    count = 0
    for req in session.scalars(select(RatingRequest).where(
            RatingRequest.hall_id == run.hall.id, RatingRequest.level.is_(None), RatingRequest.expires_at < as_of,
            ~select(Rating.id).where(Rating.request_id == RatingRequest.id).exists())):
        session.add(Rating(request_id=req.id, level=level, channel="default", rated_at=as_of))
        req.level, req.channel = level, "default"
        count += 1
    return count
