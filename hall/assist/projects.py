"""全程代办 (DOMAIN.md rule 12): an enterprise's project, owned by one helper, with the cases of
the project across departments attached; one public progress page for the whole project
(project number + query code, guessed no more often than a case's), and what is due soonest
on the helper's console."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hall.assist import rules
from hall.assist.models import AssistProject, AttorneyCase, PowerOfAttorney, ProjectCase
from hall.auth.models import Staff
from hall.cases.lookup import add_step, case_by_no
from hall.cases.models import Case
from hall.cases.rules import OPEN, STATUS_NAMES
from hall.catalog.cache import HallCatalog
from hall.clock import local_date, local_iso, utcnow
from hall.errors import Conflict, Forbidden, InvalidInput, NotFound
from hall.intake import documents
from hall.intake.applicant import Representative
from hall.intake.identity import id_hash
from hall.intake.numbering import hall_prefix, next_seq
from hall.intake.query_codes import new_query_code, query_code_matches

MANAGING = ("manager", "admin")


def credit_code(number) -> str:
    """The enterprise's 统一社会信用代码, normalised and checked (GB 32100 check character)."""
    if not isinstance(number, str) or len(number) > 40:
        raise InvalidInput("请填写统一社会信用代码", code="missing_field", field="enterprise.credit_code")
    try:
        return documents.parse(documents.DocumentKind.CREDIT_CODE, number).number
    except documents.InvalidDocument as exc:
        raise InvalidInput(str(exc), code=exc.code, field="enterprise.credit_code") from None


def representative(data, secret: str) -> dict:
    """The legal representative or agent, checked as on a case (their number masked and hashed)."""
    try:
        return Representative.from_json(data).json(secret)
    except InvalidInput as exc:
        if isinstance(exc.extra.get("field"), str):
            exc.extra["field"] = exc.extra["field"].replace("applicant.", "")
        raise


def create(session: Session, hall: HallCatalog, helper: Staff, *, name: str, enterprise_name: str, code: str,
           representative_json: dict, note: str = "", secret: str, now: datetime | None = None) -> AssistProject:
    """A helper opens a project for an enterprise and owns it."""
    if helper.role != "helper":
        raise Forbidden("只有帮办员可以开设全程代办项目", code="wrong_role")
    now = now or utcnow()
    day = local_date(now, hall.timezone)
    row = AssistProject(hall_id=hall.id, query_code=new_query_code(), name=rules.clean_project_name(name),
                        enterprise_name=enterprise_name, credit_code=code, representative=representative_json,
                        helper_id=helper.id, note=note, created_at=now,
                        project_no=rules.project_number(hall_prefix(hall.code), day,
                                                        next_seq(session, hall, day, "project")))
    session.add(row)
    session.flush()
    return row


def _credit_hash(secret: str, project: AssistProject) -> str:
    return id_hash(secret, project.credit_code)


def project_by_no(session: Session, hall: HallCatalog, project_no: str) -> AssistProject:
    row = session.scalar(select(AssistProject).where(AssistProject.hall_id == hall.id,
                                                     AssistProject.project_no == project_no))
    if row is None:
        raise NotFound("没有此代办项目", code="project_not_found")
    return row


def _case_rows(session: Session, hall: HallCatalog, project_ids: list[int]) -> dict[int, list[dict]]:
    """Every project's cases: number, item, department, status, deadline, light."""
    found: dict[int, list[dict]] = {i: [] for i in project_ids}
    if not project_ids:
        return found
    rows = session.execute(select(ProjectCase.project_id, Case).join(Case, Case.id == ProjectCase.case_id)
                           .where(ProjectCase.project_id.in_(project_ids)).order_by(Case.deadline, Case.id)).all()
    for project_id, case in rows:
        item = hall.items_by_id.get(case.item_id)
        department = hall.departments.get(case.department_id)
        found[project_id].append({
            "case_no": case.case_no, "item": item.code if item else None, "item_name": item.name if item else "",
            "department": department.name if department else "", "status": case.status,
            "status_name": STATUS_NAMES.get(case.status, case.status), "open": case.status in OPEN,
            "accepted_at": local_iso(case.accepted_at, hall.timezone), "deadline": case.deadline.isoformat(),
            "light": case.light})
    return found


def _states(cases: list[dict]) -> list[rules.ProjectCaseState]:
    return [rules.ProjectCaseState(c["case_no"], c["status"], c["open"], date.fromisoformat(c["deadline"]))
            for c in cases]


def _json(hall: HallCatalog, row: AssistProject, helper: Staff | None, cases: list[dict], today, *,
          public: bool = False) -> dict:
    body = {"project_no": row.project_no, "name": row.name,
            "enterprise": {"name": row.enterprise_name, "credit_code": row.credit_code},
            "helper": {"name": helper.name, "staff_no": helper.staff_no} if helper else None,
            "created_at": local_iso(row.created_at, hall.timezone), "summary": rules.project_summary(_states(cases), today),
            "cases": cases}
    if not public:
        body |= {"representative": {k: v for k, v in row.representative.items() if k != "number_hash"},
                 "note": row.note, "query_code": row.query_code}
    return body


def _helpers(session: Session, rows) -> dict[int, Staff]:
    ids = {r.helper_id for r in rows}
    return {s.id: s for s in session.scalars(select(Staff).where(Staff.id.in_(ids)))} if ids else {}


def project_json(session: Session, hall: HallCatalog, row: AssistProject, now: datetime | None = None) -> dict:
    today = local_date(now or utcnow(), hall.timezone)
    return _json(hall, row, session.get(Staff, row.helper_id), _case_rows(session, hall, [row.id])[row.id], today)


def listing(session: Session, hall: HallCatalog, staff: Staff, now: datetime | None = None) -> list[dict]:
    """A helper's own projects (managers: every project of the hall), newest first."""
    query = select(AssistProject).where(AssistProject.hall_id == hall.id)
    if staff.role not in MANAGING:
        query = query.where(AssistProject.helper_id == staff.id)
    rows = list(session.scalars(query.order_by(AssistProject.id.desc()).limit(500)))
    cases = _case_rows(session, hall, [r.id for r in rows])
    helpers = _helpers(session, rows)
    today = local_date(now or utcnow(), hall.timezone)
    return [_json(hall, r, helpers.get(r.helper_id), cases[r.id], today) for r in rows]


def attach(session: Session, hall: HallCatalog, project_no: str, case_no: str, staff: Staff, *, secret: str,
           now: datetime | None = None) -> AssistProject:
    """The project's helper (or a manager) attaches a case of the enterprise: whichever
    department accepted it, it is now on the project's page and the helper's console."""
    now = now or utcnow()
    project = project_by_no(session, hall, project_no)
    if staff.role not in MANAGING and staff.id != project.helper_id:
        raise Forbidden("此项目由其他帮办员负责", code="not_your_project")
    case = case_by_no(session, hall, case_no)
    in_project = session.scalar(select(AssistProject.project_no).join(ProjectCase, ProjectCase.project_id ==
                                                                      AssistProject.id)
                                .where(ProjectCase.case_id == case.id))
    rules.check_project_case(project_credit_hash=_credit_hash(secret, project), case_applicant_hash=case.applicant_id_hash,
                             case_hall_id=case.hall_id, project_hall_id=project.hall_id, in_project=in_project,
                             this_project=project.project_no)
    try:
        with session.begin_nested():    # one project per case, also when two attach at once
            session.add(ProjectCase(project_id=project.id, case_id=case.id, attached_by=staff.id, attached_at=now))
    except IntegrityError:
        raise Conflict("此办件已属其他项目", code="case_in_project") from None
    helper = session.get(Staff, project.helper_id)
    add_step(session, case, "全程代办", now, staff,
             f"纳入全程代办项目{project.project_no}（{project.name}），帮办员{helper.name}（工号 {helper.staff_no}）负责跟办")
    session.flush()
    return project


def public_progress(session: Session, project_no: str, query_code) -> AssistProject:
    """The project found by its number and query code (whichever hall): a wrong pair is 404."""
    row = session.scalar(select(AssistProject).where(AssistProject.project_no == project_no))
    if not query_code_matches(row, query_code):
        raise NotFound("项目编号或查询码不正确", code="project_not_found")
    return row


def progress_json(session: Session, hall: HallCatalog, row: AssistProject, now: datetime | None = None) -> dict:
    """What the public page shows: the project, its helper and every case with its status and
    deadline (no applicant's number, no case's query code)."""
    today = local_date(now or utcnow(), hall.timezone)
    return _json(hall, row, session.get(Staff, row.helper_id), _case_rows(session, hall, [row.id])[row.id], today,
                 public=True)


def due(session: Session, hall: HallCatalog, staff: Staff, now: datetime | None = None) -> list[dict]:
    """The open cases a helper follows (those of their projects and those applied for under
    their powers of attorney), soonest due first; a manager sees every helper's."""
    today = local_date(now or utcnow(), hall.timezone)
    project_q = select(ProjectCase.case_id, AssistProject.project_no, AssistProject.name).join(
        AssistProject, AssistProject.id == ProjectCase.project_id).where(AssistProject.hall_id == hall.id)
    attorney_q = select(AttorneyCase.case_id, PowerOfAttorney.principal_name).join(
        PowerOfAttorney, PowerOfAttorney.id == AttorneyCase.attorney_id).where(PowerOfAttorney.hall_id == hall.id)
    if staff.role not in MANAGING:
        project_q = project_q.where(AssistProject.helper_id == staff.id)
        attorney_q = attorney_q.where(AttorneyCase.helper_id == staff.id)
    projects = {case_id: (no, name) for case_id, no, name in session.execute(project_q)}
    principals = {case_id: name for case_id, name in session.execute(attorney_q)}
    ids = set(projects) | set(principals)
    if not ids:
        return []
    cases = {c.case_no: c for c in session.scalars(select(Case).where(Case.id.in_(ids), Case.status.in_(OPEN)))}
    states = [rules.ProjectCaseState(c.case_no, c.status, True, c.deadline) for c in cases.values()]
    answer = []
    for row in rules.due_list(states, today):
        case = cases[row["case_no"]]
        item = hall.items_by_id.get(case.item_id)
        department = hall.departments.get(case.department_id)
        project = projects.get(case.id)
        answer.append({**row, "item_name": item.name if item else "", "department": department.name if department else "",
                       "status": case.status, "status_name": STATUS_NAMES.get(case.status, case.status),
                       "light": case.light, "applicant": case.applicant_name,
                       "project": {"project_no": project[0], "name": project[1]} if project else None,
                       "principal": principals.get(case.id)})
    return answer
