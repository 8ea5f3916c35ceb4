"""依申请公开: registered at the window or sent from a phone, answered within the statutory limit."""
from flask import Blueprint, g, jsonify

from hall.auth.guard import MANAGERS, OVERSIGHT, intake_channel, optional_staff, staff_required
from hall.web import current_hall
from hall.db import get_session
from hall.inforequests import schemas, service
from hall.intake.views import created, follow as follow_record
from hall.web import get_int, get_object, get_str, json_body

bp = Blueprint("inforequests", __name__)


@bp.post("/info-requests")
def submit():
    body = json_body()
    session = get_session()
    staff = optional_staff()
    applicant = get_object(body, "applicant")
    request_ = service.register(
        session, current_hall(session), applicant_name=get_str(applicant, "name", max_len=60),
        id_number=get_str(applicant, "id_number", required=False, max_len=18),
        phone=get_str(applicant, "phone", max_len=20), description=get_str(body, "description", max_len=2000),
        purpose=get_str(body, "purpose", required=False, max_len=500) or "", channel=intake_channel(staff, "window"),
        registered_by=staff)
    session.commit()
    return created(request_, schemas.view(session, request_, public=True))


@bp.get("/info-requests/<request_no>")
def follow(request_no: str):
    return follow_record(service.for_citizen, schemas.view, request_no)


@bp.get("/info-requests")
@staff_required(OVERSIGHT)
def listing():
    session = get_session()
    return jsonify(schemas.views(session, service.listing(session, current_hall(session))))


@bp.post("/info-requests/<request_no>/extend")
@staff_required(MANAGERS)
def extend(request_no: str):
    """The head of the disclosure office approves the extension: a manager's action."""
    body = json_body()
    session = get_session()
    request_ = service.extend(session, current_hall(session), request_no, g.staff,
                              get_int(body, "working_days", minimum=1, maximum=365),
                              get_str(body, "reason", max_len=500))
    session.commit()
    return jsonify(schemas.view(session, request_))


@bp.post("/info-requests/<request_no>/reply")
@staff_required(OVERSIGHT)
def reply(request_no: str):
    body = json_body()
    session = get_session()
    request_ = service.reply(session, current_hall(session), request_no, g.staff,
                             get_str(body, "reply_type", max_len=20), get_str(body, "basis", required=False,
                                                                              max_len=1000) or "",
                             get_str(body, "reply", max_len=4000))
    session.commit()
    return jsonify(schemas.view(session, request_))
