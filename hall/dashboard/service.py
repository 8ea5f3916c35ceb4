"""The manager's dashboard: today in the hall, lights, 差评 to handle, the month's volume."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hall.cases.models import Case
from hall.cases.rules import OPEN
from hall.catalog.cache import HallCatalog
from hall.clock import local, local_midnight, utcnow
from hall.queueing.models import Ticket
from hall.ratings.monthly import last_closed_month, results
from hall.ratings.models import Rectification


def dashboard(session: Session, hall: HallCatalog) -> dict:
    now = local(utcnow(), hall.timezone)
    today = now.date()
    day_start = local_midnight(today, hall.timezone)
    month_start = local_midnight(today.replace(day=1), hall.timezone)
    issued, waiting = session.execute(
        select(func.count(), func.count().filter(Ticket.status == "waiting"))
        .where(Ticket.hall_id == hall.id, Ticket.service_date == today)).one()
    served, wait, service = session.execute(
        select(func.count(), func.avg(Ticket.wait_seconds), func.avg(Ticket.service_seconds))
        .where(Ticket.hall_id == hall.id, Ticket.finished_at >= day_start)).one()
    lights = Counter(dict(session.execute(select(Case.light, func.count()).where(
        Case.hall_id == hall.id, Case.status.in_(OPEN)).group_by(Case.light)).all()))
    bad_open = session.scalar(select(func.count()).select_from(Rectification).where(
        Rectification.hall_id == hall.id, Rectification.status.in_(("verifying", "rectifying", "calling_back",
                                                                    "appealing")))) or 0
    per_day = Counter()
    for finished in session.scalars(select(Ticket.finished_at).where(Ticket.hall_id == hall.id,
                                                                    Ticket.finished_at >= month_start)):
        per_day[local(finished, hall.timezone).date()] += 1
    days = [today.replace(day=1) + timedelta(days=i) for i in range(today.day)]
    return {
        "today": {"issued": issued, "waiting": waiting, "served": served,
                  "avg_wait_minutes": round(wait / 60, 1) if wait else 0,
                  "avg_service_minutes": round(service / 60, 1) if service else 0},
        "lights": {"green": lights.get("green", 0), "yellow": lights.get("yellow", 0), "red": lights.get("red", 0)},
        "bad_ratings_open": bad_open,
        "month": [{"date": d.isoformat(), "served": per_day.get(d, 0)} for d in days],
    }


def region(session: Session, halls: list) -> dict:
    """Every hall of the deployment side by side (city, county, township centres), and the
    region's totals: for the regional view."""

    rows = []
    for hall in halls:
        board = dashboard(session, hall)
        month = last_closed_month(session, hall)
        stars = [r["stars"] for r in results(session, hall, month, "window")[0]] if month else []
        rows.append({"code": hall.code, "name": hall.name, **board["today"], "lights": board["lights"],
                     "bad_ratings_open": board["bad_ratings_open"], "windows": len(hall.windows),
                     "star_month": month, "average_stars": round(sum(stars) / len(stars), 1) if stars else None})
    served = sum(r["served"] for r in rows)
    total = {"issued": sum(r["issued"] for r in rows), "waiting": sum(r["waiting"] for r in rows), "served": served,
             "avg_wait_minutes": round(sum(r["avg_wait_minutes"] * r["served"] for r in rows) / served, 1) if served else 0,
             "yellow": sum(r["lights"]["yellow"] for r in rows), "red": sum(r["lights"]["red"] for r in rows),
             "bad_ratings_open": sum(r["bad_ratings_open"] for r in rows)}
    return {"halls": rows, "total": total}
