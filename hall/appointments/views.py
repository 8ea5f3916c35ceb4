"""预约: slots, booking and cancellation (public)."""
from flask import Blueprint, current_app, jsonify, request

from hall.appointments import schemas, service
from hall.web import parse_date
from hall.catalog.models import Item
from hall.web import current_hall
from hall.db import get_session
from hall.intake.applicant import Applicant
from hall.web import get_str, json_body

bp = Blueprint("appointments", __name__)


@bp.get("/appointments/dates")
def dates():
    session = get_session()
    return jsonify(service.bookable_dates(session, current_hall(session)))


@bp.get("/appointments/slots")
def slots():
    session = get_session()
    hall = current_hall(session)
    item_code = get_str({"item_code": request.args.get("item_code")}, "item_code", max_len=40)
    return jsonify(service.slots(session, hall, item_code, parse_date(request.args.get("date"))))


@bp.post("/appointments")
def book():
    body = json_body()
    session = get_session()
    hall = current_hall(session)
    appointment = service.book(session, hall, item_code=get_str(body, "item_code", max_len=40),
                               day=parse_date(body.get("date")), start=get_str(body, "start", max_len=5),
                               applicant=Applicant.from_json(body.get("applicant")),
                               secret=current_app.config["SECRET_KEY"])
    out = schemas.view(appointment, session.get(Item, appointment.item_id))
    session.commit()
    return jsonify(out), 201


@bp.post("/appointments/<code>/cancel")
def cancel(code: str):
    body = json_body()
    session = get_session()
    hall = current_hall(session)
    appointment = service.cancel(session, hall, code, get_str(body, "id_number", max_len=18),
                                 current_app.config["SECRET_KEY"])
    out = schemas.view(appointment, session.get(Item, appointment.item_id))
    session.commit()
    return jsonify(out)
