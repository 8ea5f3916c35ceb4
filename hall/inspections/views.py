"""效能监察: supervisors record what they find at the windows; the month's report."""
from flask import Blueprint, g, request

from hall.auth.guard import OVERSIGHT, staff_required
from hall.inspections import report, service
from hall.inspections.scores import window_month_score
from hall.ratings.monthly import month_bounds
from hall.web import api_view, document, get_int, get_str, json_body, parse_datetime

bp = Blueprint("inspections", __name__)


@bp.post("/inspections")
@staff_required(OVERSIGHT)
@api_view(status=201)
def record(session, hall):
    body = json_body()
    at = get_str(body, "at", required=False, max_len=40)
    window = get_int(body, "window", minimum=1, maximum=999)
    inspection = service.record_inspection(
        session, hall, g.staff, window=window,
        finding=get_str(body, "finding", max_len=20), mode=get_str(body, "mode", required=False) or "covert",
        note=get_str(body, "note", required=False, max_len=1000) or "",
        at=parse_datetime(at, "at") if at else None, staff_no=get_str(body, "staff_no", required=False, max_len=40))
    return {"id": inspection.id, "finding": inspection.finding,
            "window_score": window_month_score(session, hall, window, inspection)}


@bp.get("/inspections")
@staff_required(OVERSIGHT)
@api_view
def listing(session, hall):
    month = request.args.get("month")
    if month:
        _first, _last, start, end = month_bounds(month, hall.timezone)
        return service.listing(session, hall, start, end)
    return service.listing(session, hall)


@bp.get("/supervision-report")
@staff_required(OVERSIGHT)
@api_view
def monthly_figures(session, hall):
    return report.figures(session, hall, request.args.get("month", ""))


@bp.get("/supervision-report.pdf")
@staff_required(OVERSIGHT)
@api_view
def monthly_pdf(session, hall):
    month = request.args.get("month", "")
    figures = report.figures(session, hall, month)
    return document(report.to_pdf(hall.name, figures), f"supervision-{month}.pdf")
