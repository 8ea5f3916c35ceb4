"""Joint review: department opinions, the reviewer's task list, joint meetings."""
from datetime import date

from flask import Blueprint, g
from sqlalchemy import select

from hall.auth.guard import staff_required
from hall.calendar.service import hall_calendar
from hall.cases.access import may_read_department_tasks, reader_of
from hall.cases.lookup import readable_case
from hall.catalog.models import Department
from hall.errors import Forbidden, InvalidInput, NotFound
from hall.reviews import service
from hall.reviews.schemas import review_rows
from hall.web import api_view, get_str, json_body, parse_date

bp = Blueprint("reviews", __name__)
REVIEWERS = ("reviewer", "manager", "admin")


@bp.get("/cases/<case_no>/reviews")
@staff_required()
@api_view
def reviews(session, hall, case_no: str):
    return review_rows(session, readable_case(session, hall, case_no, g.staff))


@bp.post("/cases/<case_no>/reviews/<dept_code>")
@staff_required(REVIEWERS)
@api_view
def opinion(session, hall, case_no: str, dept_code: str):
    body = json_body()
    case = service.give_opinion(session, hall, case_no, dept_code, g.staff,
                                get_str(body, "opinion", max_len=20),
                                get_str(body, "reason", required=False, max_len=500) or "",
                                get_str(body, "basis", required=False, max_len=500) or "", hall_calendar(session))
    return {"case_no": case_no, "status": case.status, "reviews": review_rows(session, case)}


@bp.get("/reviews/<dept_code>")
@staff_required(REVIEWERS)
@api_view
def department_tasks(session, hall, dept_code: str):
    department = session.scalar(select(Department).where(Department.hall_id == hall.id, Department.code == dept_code))
    if department is None:
        raise NotFound("没有此部门", code="department_not_found")
    if not may_read_department_tasks(reader_of(g.staff), department.id):
        raise Forbidden("只能查看本部门的联审任务", code="wrong_department")
    return service.tasks_for_department(session, hall, department)


@bp.post("/cases/<case_no>/review-meetings")
@staff_required(REVIEWERS)
@api_view(status=201)
def meeting(session, hall, case_no: str):
    body = json_body()
    departments = body.get("departments")
    if not isinstance(departments, list) or not departments or not all(isinstance(d, str) for d in departments):
        raise InvalidInput("参会部门须为非空列表", code="invalid_field", field="departments")
    held_on: date = parse_date(body.get("held_on"), "held_on")
    service.record_meeting(session, hall, case_no, g.staff, held_on, departments,
                           get_str(body, "conclusion", max_len=1000))
    return {"ok": True}
