"""依申请公开: registered at the window or sent from a phone, answered within the statutory limit."""
from flask import Blueprint, g

from hall.auth.guard import MANAGERS, OVERSIGHT, intake_channel, optional_staff, staff_required
from hall.inforequests import schemas, service
from hall.intake.views import created, follow as follow_record
from hall.web import api_view, current_hall, get_int, get_object, get_str, json_body

bp = Blueprint("inforequests", __name__)


@bp.post("/info-requests")
@api_view(hall=False)   # the hall is the signed-in staff member's, when there is one
def submit(session):
    body = json_body()
    staff = optional_staff()
    applicant = get_object(body, "applicant")
    request_ = service.register(
        session, current_hall(session), applicant_name=get_str(applicant, "name", max_len=60),
        id_number=get_str(applicant, "id_number", required=False, max_len=18),
        phone=get_str(applicant, "phone", max_len=20), description=get_str(body, "description", max_len=2000),
        purpose=get_str(body, "purpose", required=False, max_len=500) or "", channel=intake_channel(staff, "window"),
        registered_by=staff)
    return created(request_, schemas.view(session, request_, public=True))


@bp.get("/info-requests/<request_no>")
@api_view(hall=False)
def follow(session, request_no: str):
    return follow_record(session, service.for_citizen, schemas.view, request_no)


@bp.get("/info-requests")
@staff_required(OVERSIGHT)
@api_view
def listing(session, hall):
    return schemas.views(session, service.listing(session, hall))


@bp.post("/info-requests/<request_no>/extend")
@staff_required(MANAGERS)
@api_view
def extend(session, hall, request_no: str):
    """The head of the disclosure office approves the extension: a manager's action."""
    body = json_body()
    request_ = service.extend(session, hall, request_no, g.staff,
                              get_int(body, "working_days", minimum=1, maximum=365),
                              get_str(body, "reason", max_len=500))
    return schemas.view(session, request_)


@bp.post("/info-requests/<request_no>/reply")
@staff_required(OVERSIGHT)
@api_view
def reply(session, hall, request_no: str):
    body = json_body()
    request_ = service.reply(session, hall, request_no, g.staff,
                             get_str(body, "reply_type", max_len=20), get_str(body, "basis", required=False,
                                                                              max_len=1000) or "",
                             get_str(body, "reply", max_len=4000))
    return schemas.view(session, request_)
