"""投诉、建议、局长信箱、在线问答: taken from citizens, handled by the hall, rated by the citizen."""
from flask import Blueprint, g, request

from hall.auth.guard import HALL_STAFF, OVERSIGHT, intake_channel, optional_staff, staff_required
from hall.guessing import guarded
from hall.complaints import schemas, service
from hall.intake.views import created, follow as follow_record
from hall.web import api_view, current_hall, get_int, get_object, get_str, json_body

bp = Blueprint("complaints", __name__)


@bp.post("/complaints")
@api_view(hall=False)   # the hall is the signed-in staff member's, when there is one
def submit(session):
    """From the kiosk, the phone page, or a staffed supervision window (with a staff token)."""
    body = json_body()
    staff = optional_staff()
    contact = get_object(body, "contact")
    complaint = service.submit(
        session, current_hall(session), kind=get_str(body, "kind", max_len=20),
        title=get_str(body, "title", max_len=100), content=get_str(body, "content", max_len=2000),
        channel=intake_channel(staff, "supervision_window"), contact_name=get_str(contact, "name", required=False) or "",
        contact_phone=get_str(contact, "phone", required=False, max_len=20) or "",
        window=get_int(body, "window", required=False, minimum=1, maximum=999),
        staff_no=get_str(body, "staff_no", required=False, max_len=40), registered_by=staff)
    return created(complaint, schemas.view(session, complaint, public=True))


@bp.get("/complaints/<complaint_no>")
@api_view(hall=False)
def follow(session, complaint_no: str):
    return follow_record(session, service.for_citizen, schemas.view, complaint_no)


@bp.post("/complaints/<complaint_no>/satisfaction")
@api_view(hall=False)
def satisfaction(session, complaint_no: str):
    body = json_body()
    complaint = guarded(complaint_no, lambda: service.rate(session, complaint_no, body.get("query_code"),
                                                           body.get("level")))
    return schemas.view(session, complaint, public=True)


@bp.get("/complaints")
@staff_required(OVERSIGHT)
@api_view
def listing(session, hall):
    return schemas.views(session, service.listing(session, hall, request.args.get("status")))


@bp.post("/complaints/<complaint_no>/assign")
@staff_required(OVERSIGHT)
@api_view
def assign(session, hall, complaint_no: str):
    body = json_body()
    complaint = service.assign(session, hall, complaint_no, get_str(body, "owner", max_len=60))
    return schemas.view(session, complaint)


@bp.post("/complaints/<complaint_no>/reply")
@staff_required(HALL_STAFF)
@api_view
def reply(session, hall, complaint_no: str):
    body = json_body()
    complaint = service.reply(session, hall, complaint_no, g.staff,
                              get_str(body, "reply", max_len=2000), get_str(body, "finding", required=False),
                              window=get_int(body, "window", required=False, minimum=1, maximum=999),
                              staff_no=get_str(body, "staff_no", required=False, max_len=40))
    return schemas.view(session, complaint)
