"""Working-day arithmetic for everyone; the override table for managers."""
from flask import Blueprint, g, jsonify, request

from hall.auth.guard import MANAGERS, staff_required
from hall.calendar import service
from hall.db import get_session
from hall.errors import InvalidInput
from hall.web import get_bool, get_str, json_body, query_int

bp = Blueprint("calendar", __name__)


@bp.get("/calendar/add-working-days")
def add_working_days():
    start = service.parse_date(request.args.get("start"), "start")
    days = query_int("days", minimum=0, maximum=3650)
    result = service.hall_calendar(get_session()).add_working_days(start, days)
    return jsonify({"date": result.isoformat()})


@bp.get("/calendar/overrides")
def overrides():
    return jsonify([{"date": o.day.isoformat(), "is_workday": o.is_workday, "note": o.note}
                    for o in service.list_overrides(get_session())])


@bp.put("/calendar/overrides/<day>")
@staff_required(MANAGERS)
def put_override(day: str):
    body = json_body()
    if "is_workday" not in body:
        raise InvalidInput("缺少参数：is_workday", code="missing_field", field="is_workday")
    session = get_session()
    row = service.set_override(session, service.parse_date(day), get_bool(body, "is_workday"),
                               get_str(body, "note", required=False, max_len=200) or "", g.staff.id)
    session.commit()
    return jsonify({"date": row.day.isoformat(), "is_workday": row.is_workday, "note": row.note})


@bp.delete("/calendar/overrides/<day>")
@staff_required(MANAGERS)
def delete_override(day: str):
    session = get_session()
    service.delete_override(session, service.parse_date(day))
    session.commit()
    return jsonify({"ok": True})
