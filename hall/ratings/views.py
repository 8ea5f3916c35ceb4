"""好差评 capture (the rating pad and the citizen's phone post here) and monthly star ratings."""
from flask import Blueprint, g, request
from sqlalchemy import select

from hall.auth.guard import MANAGERS, current_staff, staff_required
from hall.catalog.service import hall_of
from hall.clock import local_iso
from hall.devices.service import registered_device
from hall.errors import Forbidden, InvalidInput
from hall.ratings import monthly, rectification, schemas, service
from hall.ratings.models import RatingRequest, Rectification
from hall.web import api_view, document, get_str, json_body

bp = Blueprint("ratings", __name__)


@bp.post("/ratings")
@api_view(hall=False, status=201)
def rate(session):
    """From a window's rating pad (a registered device, ``X-Device-Token``) or from the
    citizen's phone (the ticket's page); a pad rates only its own window's services."""
    body = json_body()
    token = get_str(body, "rating_token", max_len=100)
    pad = None
    if request.headers.get("X-Device-Token") or body.get("channel") == "pad":
        pad = registered_device(session, request.headers.get("X-Device-Token"), "rating_pad")
    rating = service.submit_rating(session, token, body.get("level"), body.get("reasons"), body.get("comment"),
                                   channel="pad" if pad else "phone", pad=pad)
    return {"level": rating.level, "level_name": service.LEVELS[rating.level],
            "rated_at": local_iso(rating.rated_at, hall_of(session, session.get(RatingRequest, rating.request_id).hall_id).timezone)}


@bp.get("/ratings/levels")
def levels():
    return {"levels": [{"level": k, "name": v} for k, v in service.LEVELS.items()],
            "bad_reasons": list(service.BAD_REASONS)}


def _month_rows(session, hall, of: str):
    """``?month=``'s results. Closed months are public; a month still open is visible to
    managers only."""
    month = request.args.get("month", "")
    rows, closed = monthly.results(session, hall, month, of)
    if not closed and current_staff().role not in MANAGERS:
        raise Forbidden("评比结果尚未公布", code="month_not_published")
    return month, rows, closed


@bp.get("/star-ratings")
@api_view
def star_ratings(session, hall):
    _month, rows, _closed = _month_rows(session, hall, request.args.get("of", "window"))
    return rows


@bp.get("/star-ratings/published")
@api_view
def published(session, hall):
    """The last closed month, for the public board: windows and staff with their stars."""
    month = monthly.last_closed_month(session, hall)
    if month is None:
        return {"month": None, "windows": [], "staff": []}
    return {"month": month, "windows": monthly.results(session, hall, month, "window")[0],
            "staff": monthly.results(session, hall, month, "staff")[0]}


@bp.get("/star-ratings.pdf")
@api_view
def star_ratings_pdf(session, hall):
    month, windows, closed = _month_rows(session, hall, "window")
    _m, staff, _c = _month_rows(session, hall, "staff")
    from hall.ratings import report  # reportlab and openpyxl load on first export
    return document(report.to_pdf(hall.name, month, closed, windows, staff), f"stars-{month}.pdf")


@bp.get("/star-ratings.csv")
@api_view
def star_ratings_csv(session, hall):
    of = request.args.get("of", "window")
    month, rows, _closed = _month_rows(session, hall, of)
    from hall.ratings import report  # reportlab and openpyxl load on first export
    return document(report.to_csv(rows, of), f"stars-{of}-{month}.csv", attachment=True)


@bp.get("/star-ratings.xlsx")
@api_view
def star_ratings_xlsx(session, hall):
    month, windows, _closed = _month_rows(session, hall, "window")
    _m, staff, _c = _month_rows(session, hall, "staff")
    from hall.ratings import report  # reportlab and openpyxl load on first export
    data = report.to_xlsx({"窗口": (windows, "window"), "工作人员": (staff, "staff")})
    return document(data, f"stars-{month}.xlsx", attachment=True)


@bp.put("/star-ratings/settings/<month>")
@staff_required(MANAGERS)
@api_view
def star_settings(session, hall, month: str):
    body = json_body()
    monthly.month_bounds(month, hall.timezone)
    cfg = monthly.update_settings(session, hall, month, body.get("weights"), body.get("deductions"),
                                  body.get("thresholds"))
    return {"month": month, "weights": cfg.weights, "deductions": cfg.deductions, "thresholds": cfg.thresholds}


@bp.post("/star-ratings/<month>/close")
@staff_required(MANAGERS)
@api_view
def close_month(session, hall, month: str):
    monthly.month_bounds(month, hall.timezone)
    monthly.close_month(session, hall, month, g.staff)
    return {"month": month, "closed": True}


@bp.get("/rectifications")
@staff_required(MANAGERS)
@api_view
def rectifications(session, hall):
    items = session.scalars(select(Rectification).where(Rectification.hall_id == hall.id)
                            .order_by(Rectification.id.desc())).all()
    return [schemas.rectification(session, hall, i) for i in items]


def _rectification_step(session, hall, step, rectification_id: int, **fields) -> dict:
    """One step of a rectification (``rectification.verify`` …) by the signed-in staff member."""
    return schemas.rectification(session, hall, step(session, hall, rectification_id, g.staff, **fields))


@bp.post("/rectifications/<int:rectification_id>/verify")
@staff_required(MANAGERS)
@api_view
def rectification_verify(session, hall, rectification_id: int):
    body = json_body()
    justified = body.get("justified")
    if not isinstance(justified, bool):
        raise InvalidInput("justified 须为 true 或 false", code="invalid_field", field="justified")
    return _rectification_step(session, hall, rectification.verify, rectification_id,
                               finding=get_str(body, "finding", max_len=1000), justified=justified)


@bp.post("/rectifications/<int:rectification_id>/rectify")
@staff_required(MANAGERS)
@api_view
def rectification_rectify(session, hall, rectification_id: int):
    return _rectification_step(session, hall, rectification.rectify, rectification_id,
                               measures=get_str(json_body(), "measures", max_len=1000))


@bp.post("/rectifications/<int:rectification_id>/callback")
@staff_required(MANAGERS)
@api_view
def rectification_callback(session, hall, rectification_id: int):
    return _rectification_step(session, hall, rectification.call_back, rectification_id,
                               result=get_str(json_body(), "result", max_len=1000))


@bp.post("/rectifications/<int:rectification_id>/appeal")
@staff_required()
@api_view
def rectification_appeal(session, hall, rectification_id: int):
    return _rectification_step(session, hall, rectification.appeal, rectification_id,
                               reason=get_str(json_body(), "reason", max_len=1000))


@bp.post("/rectifications/<int:rectification_id>/appeal-decision")
@staff_required(MANAGERS)
@api_view
def rectification_appeal_decision(session, hall, rectification_id: int):
    body = json_body()
    approve = body.get("approve")
    if not isinstance(approve, bool):
        raise InvalidInput("approve 须为 true 或 false", code="invalid_field", field="approve")
    return _rectification_step(session, hall, rectification.decide_appeal, rectification_id,
                               approve=approve, reason=get_str(body, "reason", max_len=1000))


@bp.get("/indicators")
@staff_required(MANAGERS)
@api_view
def indicators(session, hall):
    """好评率, 主动评价好评率, 未评价率, 满意率, 按时办结率, waits: per window, staff, department or item."""
    return monthly.indicator_rows(session, hall, request.args.get("month", ""), request.args.get("of", "department"))
