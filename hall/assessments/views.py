"""Assessments: 月度自评 and 季度互评 from the windows, the year's weights from managers, 年度总评."""
from flask import Blueprint, g, request

from hall.assessments import published as publishing, report, service
from hall.auth.guard import HALL_STAFF, MANAGERS, WINDOW_ROLES, staff_required
from hall.errors import InvalidInput
from hall.web import api_view, document, get_int, get_str, json_body, query_int

bp = Blueprint("assessments", __name__)


@bp.get("/assessments/self/figures")
@staff_required(WINDOW_ROLES)
@api_view
def figures(session, hall):
    """The month's figures of a window, to pre-fill its self-assessment."""
    return service.month_figures(session, hall, request.args.get("month", ""),
                                 query_int("window", minimum=1, maximum=9999))


@bp.post("/assessments/self")
@staff_required(WINDOW_ROLES)
@api_view
def submit_self(session, hall):
    body = json_body()
    score = body.get("score")
    if score is not None and (isinstance(score, bool) or not isinstance(score, (int, float))):
        raise InvalidInput("自评分应为0—100之间的数", code="invalid_score", field="score")
    answer, created = service.submit_self(
        session, hall, g.staff, month=get_str(body, "month", max_len=7),
        window=get_int(body, "window", minimum=1, maximum=9999), text=get_str(body, "text", max_len=5000),
        score=score)
    return answer, 201 if created else 200


@bp.get("/assessments/self")
@staff_required(HALL_STAFF)
@api_view
def self_listing(session, hall):
    return service.self_listing(session, hall, request.args.get("month", ""))


@bp.post("/assessments/peer")
@staff_required(WINDOW_ROLES)
@api_view(status=201)
def submit_peer(session, hall):
    body = json_body()
    score = body.get("score")
    if isinstance(score, bool) or not isinstance(score, int):
        raise InvalidInput("评分应为0—100之间的整数", code="invalid_score", field="score")
    return service.submit_peer(session, hall, g.staff, quarter=get_str(body, "quarter", max_len=7),
                               from_window=get_int(body, "from_window", minimum=1, maximum=9999),
                               to_window=get_int(body, "to_window", minimum=1, maximum=9999), score=score,
                               comment=get_str(body, "comment", required=False, max_len=500) or "")


@bp.get("/assessments/peer")
@staff_required(HALL_STAFF)
@api_view
def peer_results(session, hall):
    return service.peer_results(session, hall, request.args.get("quarter", ""))


@bp.get("/assessments/weights/<int:year>")
@staff_required(HALL_STAFF)
@api_view
def weights(session, hall, year: int):
    return {"year": year, "weights": service.weights_for(session, hall, year)}


@bp.put("/assessments/weights/<int:year>")
@staff_required(MANAGERS)
@api_view
def set_weights(session, hall, year: int):
    return service.set_weights(session, hall, g.staff, year, json_body())


@bp.get("/assessments/annual")
@staff_required(HALL_STAFF)
@api_view
def annual(session, hall):
    return service.annual(session, hall, query_int("year", minimum=1900, maximum=2100))


@bp.get("/assessments/annual.pdf")
@staff_required(HALL_STAFF)
@api_view
def annual_pdf(session, hall):
    year = query_int("year", minimum=1900, maximum=2100)
    return document(report.annual_pdf(hall.name, service.annual(session, hall, year)), f"assessment-{year}.pdf")


@bp.get("/assessments/published")
@api_view
def published(session, hall):
    """What is published (like the monthly stars): the last closed month's 月度自评, the last
    ended quarter's 季度互评 averages with counts, the 年度总评 through that month. Public."""
    return publishing.published(session, hall)


@bp.get("/assessments/published.pdf")
@api_view
def published_pdf(session, hall):
    """考核结果公示 as an A4 PDF (public, as the star ratings' PDF of a closed month)."""
    data = publishing.published(session, hall, top=None)
    return document(report.published_pdf(hall.name, data), "assessments-published.pdf")
