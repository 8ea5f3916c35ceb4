"""预约: slots, booking and cancellation (public)."""
from flask import Blueprint, current_app, request

from hall.appointments import schemas, service
from hall.catalog.models import Item
from hall.intake.applicant import Applicant
from hall.web import api_view, get_str, json_body, parse_date

bp = Blueprint("appointments", __name__)


@bp.get("/appointments/dates")
@api_view
def dates(session, hall):
    return service.bookable_dates(session, hall)


@bp.get("/appointments/slots")
@api_view
def slots(session, hall):
    item_code = get_str({"item_code": request.args.get("item_code")}, "item_code", max_len=40)
    return service.slots(session, hall, item_code, parse_date(request.args.get("date")))


@bp.post("/appointments")
@api_view(status=201)
def book(session, hall):
    body = json_body()
    appointment = service.book(session, hall, item_code=get_str(body, "item_code", max_len=40),
                               day=parse_date(body.get("date")), start=get_str(body, "start", max_len=5),
                               applicant=Applicant.from_json(body.get("applicant")),
                               secret=current_app.extensions["hall_keys"].identities)
    return schemas.view(appointment, session.get(Item, appointment.item_id))


@bp.post("/appointments/<code>/cancel")
@api_view
def cancel(session, hall, code: str):
    body = json_body()
    appointment = service.cancel(session, hall, code, get_str(body, "id_number", max_len=40),
                                 current_app.extensions["hall_keys"].identities)
    return schemas.view(appointment, session.get(Item, appointment.item_id))


@bp.post("/appointments/for-card")
@api_view
def for_card(session, hall):
    """A kiosk read a citizen's ID card: their appointment today, if any, to offer for
    check-in (``{"appointment": {...} | null}``). Only from a registered kiosk of this hall
    with an ID-card reader (``X-Device-Token``): a number typed anywhere else must not tell
    whether its holder booked."""
    from hall.devices.service import device_for_token
    from hall.errors import Forbidden
    device = device_for_token(session, request.headers.get("X-Device-Token"))
    if device is None or device.kind != "kiosk" or device.hall_id != hall.id or not device.reader_url:
        raise Forbidden("只有配置了身份证阅读器的登记取号机可以按身份证查找预约", code="reader_not_configured")
    number = get_str(json_body(), "id_number", max_len=40)
    appointment = service.today_for_person(session, hall, number, current_app.extensions["hall_keys"].identities)
    if appointment is None:
        return {"appointment": None}
    return {"appointment": schemas.view(appointment, session.get(Item, appointment.item_id))}
