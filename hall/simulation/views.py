"""Managers simulate a day (tomorrow, say) to plan its staffing."""
from datetime import date

from flask import Blueprint

from hall.auth.guard import MANAGERS, staff_required
from hall.calendar.service import hall_calendar
from hall.clock import local_date, utcnow
from hall.errors import InvalidInput
from hall.simulation.service import plan
from hall.web import api_view, get_int, get_str, json_body

bp = Blueprint("simulations", __name__)


@bp.post("/simulations")
@staff_required(MANAGERS)
@api_view(commit=False)   # a simulation changes nothing
def simulate(session, hall):
    """``{date?, tickets?, windows_open?, target_minutes?}``; the date defaults to the next
    working day, the tickets to that weekday's recent average."""
    body = json_body()
    text = get_str(body, "date", required=False, max_len=10)
    if text:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise InvalidInput("日期格式应为YYYY-MM-DD", code="invalid_date", field="date")
    else:
        day = hall_calendar(session).add_working_days(local_date(utcnow(), hall.timezone), 1)
    target = body.get("target_minutes", 30)
    if isinstance(target, bool) or not isinstance(target, (int, float)):
        raise InvalidInput("目标等候时间须为分钟数", code="invalid_target", field="target_minutes")
    return plan(session, hall, day, tickets=get_int(body, "tickets", required=False),
                windows_open=get_int(body, "windows_open", required=False), target_minutes=float(target))
