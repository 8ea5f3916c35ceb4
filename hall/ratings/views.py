"""好差评 capture (the rating pad and the citizen's phone post here) and monthly star ratings."""
from flask import Blueprint, Response, g, jsonify, request
from sqlalchemy import select

from hall.auth.guard import MANAGERS, current_staff, staff_required
from hall.catalog.service import current_hall
from hall.db import get_session
from hall.errors import Forbidden, InvalidInput
from hall.ratings import monthly, rectification, service
from hall.ratings.models import Rectification
from hall.web import get_str, json_body

bp = Blueprint("ratings", __name__)


@bp.post("/ratings")
def rate():
    """From a window's rating pad (a registered device, ``X-Device-Token``) or from the
    citizen's phone (the ticket's page); a pad rates only its own window's services."""
    from hall.devices.service import registered_device

    body = json_body()
    token = get_str(body, "rating_token", max_len=100)
    session = get_session()
    pad = None
    if request.headers.get("X-Device-Token") or body.get("channel") == "pad":
        pad = registered_device(session, request.headers.get("X-Device-Token"), "rating_pad")
    rating = service.submit_rating(session, token, body.get("level"), body.get("reasons"), body.get("comment"),
                                   channel="pad" if pad else "phone", pad=pad)
    session.commit()
    return jsonify({"level": rating.level, "level_name": service.LEVELS[rating.level],
                    "rated_at": rating.rated_at.isoformat()}), 201


@bp.get("/ratings/levels")
def levels():
    return jsonify({"levels": [{"level": k, "name": v} for k, v in service.LEVELS.items()],
                    "bad_reasons": list(service.BAD_REASONS)})


def _month_rows(of: str):
    """Closed months are public; a month still open is visible to managers only."""
    session = get_session()
    hall = current_hall(session)
    month = request.args.get("month", "")
    rows, closed = monthly.results(session, hall, month, of)
    if not closed and current_staff().role not in MANAGERS:
        raise Forbidden("评比结果尚未公布", code="month_not_published")
    return hall, month, rows, closed


@bp.get("/star-ratings")
def star_ratings():
    _hall, _month, rows, _closed = _month_rows(request.args.get("of", "window"))
    return jsonify(rows)


@bp.get("/star-ratings/published")
def published():
    """The last closed month, for the public board: windows and staff with their stars."""
    session = get_session()
    hall = current_hall(session)
    month = monthly.last_closed_month(session, hall)
    if month is None:
        return jsonify({"month": None, "windows": [], "staff": []})
    return jsonify({"month": month, "windows": monthly.results(session, hall, month, "window")[0],
                    "staff": monthly.results(session, hall, month, "staff")[0]})


@bp.get("/star-ratings.pdf")
def star_ratings_pdf():
    hall, month, windows, closed = _month_rows("window")
    _h, _m, staff, _c = _month_rows("staff")
    from hall.ratings import report  # reportlab and openpyxl load on first export
    return Response(report.to_pdf(hall.name, month, closed, windows, staff), mimetype="application/pdf",
                    headers={"Content-Disposition": f"inline; filename=stars-{month}.pdf"})


@bp.get("/star-ratings.csv")
def star_ratings_csv():
    of = request.args.get("of", "window")
    _hall, month, rows, _closed = _month_rows(of)
    from hall.ratings import report  # reportlab and openpyxl load on first export
    return Response(report.to_csv(rows, of), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename=stars-{of}-{month}.csv"})


@bp.get("/star-ratings.xlsx")
def star_ratings_xlsx():
    _hall, month, windows, _closed = _month_rows("window")
    _h, _m, staff, _c = _month_rows("staff")
    from hall.ratings import report  # reportlab and openpyxl load on first export
    data = report.to_xlsx({"窗口": (windows, "window"), "工作人员": (staff, "staff")})
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename=stars-{month}.xlsx"})


@bp.put("/star-ratings/settings/<month>")
@staff_required(MANAGERS)
def star_settings(month: str):
    body = json_body()
    session = get_session()
    hall = current_hall(session)
    monthly.month_bounds(month, hall.timezone)
    cfg = monthly.update_settings(session, hall, month, body.get("weights"), body.get("deductions"),
                                  body.get("thresholds"))
    view = {"month": month, "weights": cfg.weights, "deductions": cfg.deductions, "thresholds": cfg.thresholds}
    session.commit()
    return jsonify(view)


@bp.post("/star-ratings/<month>/close")
@staff_required(MANAGERS)
def close_month(month: str):
    session = get_session()
    hall = current_hall(session)
    monthly.month_bounds(month, hall.timezone)
    monthly.close_month(session, hall, month, g.staff)
    session.commit()
    return jsonify({"month": month, "closed": True})


@bp.get("/rectifications")
@staff_required(MANAGERS)
def rectifications():
    session = get_session()
    hall = current_hall(session)
    items = session.scalars(select(Rectification).where(Rectification.hall_id == hall.id)
                            .order_by(Rectification.id.desc())).all()
    return jsonify([rectification.view(session, hall, i) for i in items])


def _rectification_step(name: str, **fields):
    session = get_session()
    hall = current_hall(session)
    item = getattr(rectification, name)(session, hall, int(request.view_args["rectification_id"]), g.staff, **fields)
    out = rectification.view(session, hall, item)
    session.commit()
    return jsonify(out)


@bp.post("/rectifications/<int:rectification_id>/verify")
@staff_required(MANAGERS)
def rectification_verify(rectification_id: int):
    body = json_body()
    justified = body.get("justified")
    if not isinstance(justified, bool):
        raise InvalidInput("justified 须为 true 或 false", code="invalid_field", field="justified")
    return _rectification_step("verify", finding=get_str(body, "finding", max_len=1000), justified=justified)


@bp.post("/rectifications/<int:rectification_id>/rectify")
@staff_required(MANAGERS)
def rectification_rectify(rectification_id: int):
    return _rectification_step("rectify", measures=get_str(json_body(), "measures", max_len=1000))


@bp.post("/rectifications/<int:rectification_id>/callback")
@staff_required(MANAGERS)
def rectification_callback(rectification_id: int):
    return _rectification_step("call_back", result=get_str(json_body(), "result", max_len=1000))


@bp.post("/rectifications/<int:rectification_id>/appeal")
@staff_required()
def rectification_appeal(rectification_id: int):
    return _rectification_step("appeal", reason=get_str(json_body(), "reason", max_len=1000))


@bp.post("/rectifications/<int:rectification_id>/appeal-decision")
@staff_required(MANAGERS)
def rectification_appeal_decision(rectification_id: int):
    body = json_body()
    approve = body.get("approve")
    if not isinstance(approve, bool):
        raise InvalidInput("approve 须为 true 或 false", code="invalid_field", field="approve")
    return _rectification_step("decide_appeal", approve=approve, reason=get_str(body, "reason", max_len=1000))


@bp.get("/indicators")
@staff_required(MANAGERS)
def indicators():
    """好评率, 主动评价好评率, 未评价率, 满意率, 按时办结率, waits: per window, staff, department or item."""
    session = get_session()
    hall = current_hall(session)
    return jsonify(monthly.indicator_rows(session, hall, request.args.get("month", ""),
                                          request.args.get("of", "department")))
