"""Working-day arithmetic for everyone; the override table for managers."""
from flask import Blueprint, g, request

from hall.auth.guard import MANAGERS, staff_required
from hall.calendar import schemas, service
from hall.errors import InvalidInput
from hall.web import api_view, get_bool, get_str, json_body, parse_date, query_int

bp = Blueprint("calendar", __name__)


@bp.get("/calendar/add-working-days")
@api_view(hall=False)
def add_working_days(session):
    start = parse_date(request.args.get("start"), "start")
    days = query_int("days", minimum=0, maximum=366)   # a year: no legal limit is longer, and each day costs
    calendar = service.hall_calendar(session)
    end = calendar.add_working_days(start, days)
    answer = {"date": end.isoformat()}
    if calendar.provisional(start, end):   # over a year whose holidays nobody has entered yet
        answer["provisional"] = True
    return answer


@bp.put("/calendar/years/<int:year>")
@staff_required(MANAGERS)
@api_view(hall=False)
def put_year(session, year: int):
    body = json_body()
    row = service.set_year(session, year, body.get("holidays", []), body.get("workdays", []), g.staff.id,
                           hall_id=g.staff.hall_id)
    return {"year": row.year, "holidays": row.holidays, "workdays": row.workdays}


@bp.get("/calendar/years")
@api_view(hall=False)
def years(session):
    """The years whose holidays are known, newest first, and where each comes from
    (``entered`` here, or the chinesecalendar ``library``)."""
    return service.list_years(session)


@bp.get("/calendar/years/<int:year>")
@api_view(hall=False)
def year(session, year: int):
    return service.get_year(session, year)


@bp.get("/calendar/overrides")
@api_view(hall=False)
def overrides(session):
    return [schemas.override(o) for o in service.list_overrides(session)]


@bp.put("/calendar/overrides/<day>")
@staff_required(MANAGERS)
@api_view(hall=False)
def put_override(session, day: str):
    body = json_body()
    if "is_workday" not in body:
        raise InvalidInput("缺少参数：is_workday", code="missing_field", field="is_workday")
    row = service.set_override(session, parse_date(day), get_bool(body, "is_workday"),
                               get_str(body, "note", required=False, max_len=200) or "", g.staff.id)
    return schemas.override(row)


@bp.delete("/calendar/overrides/<day>")
@staff_required(MANAGERS)
@api_view(hall=False)
def delete_override(session, day: str):
    service.delete_override(session, parse_date(day))
    return {"ok": True}
