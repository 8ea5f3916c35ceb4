"""The assessments as the public sees them, published like the monthly stars (DOMAIN.md rule
14): the 月度自评 of the last closed month (closed: the self-assessments no longer change),
the 季度互评 of the last ended quarter (averages with their counts), and the 年度总评 of that
closed month's year through that month. For the lobby board and the PDF."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from hall.assessments import rules, service
from hall.catalog.cache import HallCatalog
from hall.clock import local_date, utcnow
from hall.ratings.monthly import last_closed_month

TOP = 10    # windows on the board per part


def published(session: Session, hall: HallCatalog, now: datetime | None = None, top: int | None = TOP) -> dict:
    today = local_date(now or utcnow(), hall.timezone)
    month = last_closed_month(session, hall)
    selves = []
    if month is not None:
        selves = [{"window": r["window"], "name": hall.windows[r["window"]].name if r["window"] in hall.windows else "",
                   "score": r["score"], "summary": rules.summary(r["text"]), "text": r["text"]}
                  for r in service.self_listing(session, hall, month) if r["window"] is not None]
    quarter = rules.last_ended_quarter(today)
    peer = service.peer_results(session, hall, quarter)["windows"]
    annual = None
    if month is not None:
        year = service.annual(session, hall, int(month[:4]), now=now, through=month)
        annual = {"year": year["year"], "through": month, "weights": year["weights"],
                  "windows": [{"window": r["window"], "name": r["name"], "total": r["total"],
                               "monthly": r["monthly"]["average"], "months": r["monthly"]["count"],
                               "peer": r["peer"]["average"], "peer_scores": r["peer"]["scores"],
                               "self": r["self"]["average"]} for r in year["windows"]]}
    cut = (lambda rows: rows[:top]) if top else (lambda rows: rows)
    return {"month": month, "self": cut(selves),
            "self_average": rules.average(r["score"] for r in selves).as_dict(),
            "quarter": quarter, "peer": cut(sorted(peer, key=lambda r: (-(r["average"] or 0), r["window"]))),
            "annual": {**annual, "windows": cut(annual["windows"])} if annual else None}
