"""Joint review: department opinions, the reviewer's task list, joint meetings."""
from datetime import date

from flask import Blueprint, g, jsonify
from sqlalchemy import select

from hall.auth.guard import staff_required
from hall.calendar.service import hall_calendar
from hall.cases.lookup import case_by_no
from hall.web import parse_date
from hall.catalog.models import Department
from hall.web import current_hall
from hall.db import get_session
from hall.errors import InvalidInput, NotFound
from hall.reviews import service
from hall.reviews.schemas import review_rows
from hall.web import get_str, json_body

bp = Blueprint("reviews", __name__)
REVIEWERS = ("reviewer", "manager", "admin")


@bp.get("/cases/<case_no>/reviews")
@staff_required()
def reviews(case_no: str):
    session = get_session()
    return jsonify(review_rows(session, case_by_no(session, current_hall(session), case_no)))


@bp.post("/cases/<case_no>/reviews/<dept_code>")
@staff_required(REVIEWERS)
def opinion(case_no: str, dept_code: str):
    body = json_body()
    session = get_session()
    hall = current_hall(session)
    case = service.give_opinion(session, hall, case_no, dept_code, g.staff,
                                get_str(body, "opinion", max_len=20),
                                get_str(body, "reason", required=False, max_len=500) or "",
                                get_str(body, "basis", required=False, max_len=500) or "", hall_calendar(session))
    rows = review_rows(session, case)
    status = case.status
    session.commit()
    return jsonify({"case_no": case_no, "status": status, "reviews": rows})


@bp.get("/reviews/<dept_code>")
@staff_required(REVIEWERS)
def department_tasks(dept_code: str):
    session = get_session()
    hall = current_hall(session)
    department = session.scalar(select(Department).where(Department.hall_id == hall.id, Department.code == dept_code))
    if department is None:
        raise NotFound("没有此部门", code="department_not_found")
    return jsonify(service.tasks_for_department(session, hall, department))


@bp.post("/cases/<case_no>/review-meetings")
@staff_required(REVIEWERS)
def meeting(case_no: str):
    body = json_body()
    departments = body.get("departments")
    if not isinstance(departments, list) or not departments or not all(isinstance(d, str) for d in departments):
        raise InvalidInput("参会部门须为非空列表", code="invalid_field", field="departments")
    session = get_session()
    held_on: date = parse_date(body.get("held_on"), "held_on")
    service.record_meeting(session, current_hall(session), case_no, g.staff, held_on, departments,
                           get_str(body, "conclusion", max_len=1000))
    session.commit()
    return jsonify({"ok": True}), 201
