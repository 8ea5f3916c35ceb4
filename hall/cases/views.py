"""Cases: acceptance, one-time notices, time limits, supervision."""
import io

from flask import Blueprint, current_app, g, request, send_file

from hall.applications import service as online
from hall.assist import attorney_cases
from hall.auth.guard import MANAGERS, WINDOW_ROLES, current_staff, staff_required
from hall.cases import service
from hall.cases.lookup import check_notice_read, readable_case
from hall.cases.schemas import case_view, steps_of
from hall.cases.models import Notice
from hall.catalog.service import hall_of
from hall.errors import InvalidInput, NotFound
from hall.fees.service import fee_lines
from hall.guessing import guarded
from hall.reviews.schemas import review_rows
from hall.web import api_view, base_url, current_hall, get_int, get_str, json_body, refuse_after_commit

bp = Blueprint("cases", __name__)


def _covered(session, hall, application_no, item_code, applicant, secret) -> dict:
    """The item and applicant a power of attorney must cover: the request's, or for an online
    application what the request leaves out, the application's."""
    if application_no and (item_code is None or applicant is None):
        own_item, own_hash = online.item_and_applicant(session, hall, application_no)
        return {"item_code": item_code or own_item,
                "applicant_hash": applicant.hash(secret) if applicant is not None else own_hash}
    return {"item_code": item_code, "applicant_hash": applicant.hash(secret)}


def _codes(body: dict, name: str) -> list[str]:
    value = body.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(f"参数{name}须为材料编码列表", code="invalid_field", field=name)
    return value


@bp.post("/cases")
@staff_required(WINDOW_ROLES)
@api_view(status=201)
def accept(session, hall):
    body = json_body()
    key = request.headers.get("Idempotency-Key") or None
    if key and len(key) > 100:
        raise InvalidInput("Idempotency-Key过长（最多100字符）", code="invalid_idempotency_key")
    # 一网通办: an online application's number brings its item, applicant and materials
    application_no = get_str(body, "application_no", required=False, max_len=30)
    ticket_id = get_int(body, "ticket_id", minimum=1)
    item_code = get_str(body, "item_code", required=not application_no, max_len=40)
    raw_applicant, secret = body.get("applicant"), current_app.extensions["hall_keys"].identities
    applicant = None if application_no and raw_applicant is None else service.Applicant.from_json(raw_applicant)
    # 帮办代办: the 授权委托书 the helper presents (or took the ticket under) must cover this case
    # (a retry of an accepted case with its Idempotency-Key gets that case back, checked then)
    attorney = None if key and service.case_by_idempotency_key(session, hall, key) else \
        attorney_cases.attorney_for_acceptance(
            session, hall, ticket_id=ticket_id, attorney_id=body.get("attorney_id"),
            **_covered(session, hall, application_no, item_code, applicant, secret))
    case, notice, created = service.accept(
        session, hall, g.staff, ticket_id=ticket_id, item_code=item_code, applicant=applicant,
        materials=_codes(body, "materials"), secret=secret, idempotency_key=key, application_no=application_no)
    if created and attorney is not None:
        attorney_cases.record_case(session, case, attorney, g.staff)
    if notice is not None:
        # the one-time notice stands even though nothing was accepted
        refuse_after_commit(session, service.MaterialsIncomplete(missing=[m["code"] for m in notice.missing],
                                                                 notice_no=notice.notice_no))
    view = case_view(session, hall, case)
    answer = {k: view[k] for k in ("case_no", "status", "kind", "accepted_at", "deadline", "provisional",
                                   "query_code", "item", "item_name", "attorney", "materials")} | {
        "application_no": case.application_no}
    return answer, 201 if created else 200   # the same Idempotency-Key again: the first case, 200


@bp.get("/cases/<case_no>")
@staff_required()
@api_view
def show(session, hall, case_no: str):
    case = readable_case(session, hall, case_no, g.staff)
    return case_view(session, hall, case) | {"steps": steps_of(session, hall, case)}


def _case_action(session, hall, action, case_no: str, **kwargs) -> dict:
    """A case's step by the signed-in staff member, answered with the case."""
    return case_view(session, hall, action(session, hall, case_no, g.staff, **kwargs))


@bp.post("/cases/<case_no>/pause")
@staff_required(WINDOW_ROLES)
@api_view
def pause(session, hall, case_no: str):
    return _case_action(session, hall, service.pause, case_no, reason=get_str(json_body(), "reason", max_len=200))


@bp.post("/cases/<case_no>/resume")
@staff_required(WINDOW_ROLES)
@api_view
def resume(session, hall, case_no: str):
    return _case_action(session, hall, service.resume, case_no)


@bp.post("/cases/<case_no>/extend")
@staff_required(MANAGERS)
@api_view
def extend(session, hall, case_no: str):
    body = json_body()
    return _case_action(session, hall, service.extend, case_no, working_days=get_int(body, "working_days", minimum=1, maximum=60),
                        reason=get_str(body, "reason", max_len=500))


@bp.post("/cases/<case_no>/urgent")
@staff_required(MANAGERS)
@api_view
def mark_urgent(session, hall, case_no: str):
    return _case_action(session, hall, service.mark_urgent, case_no,
                        reason=get_str(json_body(), "reason", required=False, max_len=500))


@bp.post("/cases/<case_no>/forward")
@staff_required(WINDOW_ROLES)
@api_view
def forward(session, hall, case_no: str):
    """上报件: handed to the higher level, with that level's limit in working days."""
    body = json_body()
    return _case_action(session, hall, service.forward, case_no, to=get_str(body, "to", required=False, max_len=100),
                        limit_days=body.get("limit_days"))


@bp.post("/cases/<case_no>/higher-answer")
@staff_required(WINDOW_ROLES)
@api_view
def higher_answer(session, hall, case_no: str):
    """上报件: the higher level's answer, recorded at the accepting hall."""
    body = json_body()
    return _case_action(session, hall, service.record_higher_answer, case_no,
                        decision=get_str(body, "decision", max_len=10), reason=get_str(body, "reason", max_len=500),
                        basis=get_str(body, "basis", required=False, max_len=500) or "",
                        reference=get_str(body, "reference", required=False, max_len=100) or "")


@bp.post("/cases/<case_no>/decide")
@staff_required(WINDOW_ROLES)
@api_view
def decide(session, hall, case_no: str):
    body = json_body()
    return _case_action(session, hall, service.decide, case_no, decision=get_str(body, "decision", max_len=10),
                        reason=get_str(body, "reason", max_len=500),
                        basis=get_str(body, "basis", required=False, max_len=500) or "")


@bp.post("/cases/<case_no>/complete")
@staff_required(WINDOW_ROLES)
@api_view
def complete(session, hall, case_no: str):
    body = json_body()
    certificates = _codes(body, "certificates")
    return _case_action(session, hall, service.complete, case_no,
                        certificate_no=get_str(body, "certificate_no", required=False, max_len=60) or "",
                        certificates=certificates)


@bp.post("/cases/<case_no>/request-materials")
@staff_required(WINDOW_ROLES)
@api_view
def request_materials(session, hall, case_no: str):
    body = json_body()
    entry = service.request_materials(session, hall, case_no, g.staff, body.get("materials"))
    refuse_after_commit(session, service.MaterialsFrozen(accountability_id=entry.id))   # the record stands


@bp.post("/cases/<case_no>/material-exceptions")
@staff_required(MANAGERS)
@api_view
def material_exception(session, hall, case_no: str):
    body = json_body()
    return _case_action(session, hall, service.material_exception, case_no, reason=get_str(body, "reason", max_len=500),
                        materials=_codes(body, "materials"))


@bp.get("/cases/<case_no>/progress")
@api_view(hall=False)
def progress(session, case_no: str):
    case = guarded(case_no, lambda: service.case_for_citizen(session, case_no, request.args.get("query_code")))
    return service.progress(session, hall_of(session, case.hall_id), case)


@bp.get("/cases/<case_no>/receipt.pdf")
@api_view(hall=False)   # the citizen's case names its hall; staff sign in first
def receipt(session, case_no: str):
    if request.args.get("query_code"):
        case = guarded(case_no, lambda: service.case_for_citizen(session, case_no, request.args.get("query_code")))
        hall = hall_of(session, case.hall_id)
    else:
        staff = current_staff()
        hall = current_hall(session)
        case = readable_case(session, hall, case_no, staff)
    from hall.cases import pdf  # reportlab loads where a notice is printed, not at start
    data = pdf.receipt_pdf(hall, case_view(session, hall, case), base_url(), fee_lines(session, hall, case))
    return send_file(io.BytesIO(data), mimetype="application/pdf", download_name=f"受理通知书{case_no}.pdf")


@bp.get("/cases/<case_no>/completion.pdf")
@staff_required()
@api_view
def completion(session, hall, case_no: str):
    case = readable_case(session, hall, case_no, g.staff)
    from hall.cases import pdf  # reportlab loads where a notice is printed, not at start
    data = pdf.completion_pdf(hall, case_view(session, hall, case), review_rows(session, case),
                              fee_lines(session, hall, case))
    return send_file(io.BytesIO(data), mimetype="application/pdf", download_name=f"办结通知书{case_no}.pdf")


@bp.get("/notices/<notice_no>.pdf")
@staff_required()
@api_view
def notice_pdf(session, hall, notice_no: str):
    notice = session.query(Notice).filter_by(hall_id=hall.id, notice_no=notice_no).one_or_none()
    if notice is None:
        raise NotFound("没有此告知书", code="notice_not_found")
    check_notice_read(session, notice, g.staff)
    from hall.cases import pdf  # reportlab loads where a notice is printed, not at start
    data = pdf.notice_pdf(session, hall, notice)
    return send_file(io.BytesIO(data), mimetype="application/pdf", download_name=f"告知书{notice_no}.pdf")


@bp.get("/windows/<int:number>/ready-cases")
@staff_required(WINDOW_ROLES)
@api_view
def ready_cases(session, hall, number: int):
    """Decided cases accepted at this window, waiting to be handed out (一审一核)."""
    return service.ready_cases(session, hall, number)


@bp.get("/supervision")
@staff_required(MANAGERS)
@api_view
def supervision(session, hall):
    return service.supervision(session, hall)


@bp.get("/accountability")
@staff_required(MANAGERS)
@api_view
def accountability(session, hall):
    return service.accountability(session, hall)
