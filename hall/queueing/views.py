"""Tickets and window actions: thin wrappers around queueing.service."""
from flask import Blueprint, current_app, g, jsonify, request

from hall.auth.guard import WINDOW_ROLES, staff_required
from hall.catalog.service import current_hall, hall_of, window_by_number, window_view
from hall.db import get_session, single_statements
from hall.errors import InvalidInput
from hall.queueing import service
from hall.web import get_bool, get_int, get_str, json_body, refuse_after_commit

bp = Blueprint("queueing", __name__)


def base_url() -> str:
    if "base_url" not in g:
        g.base_url = current_app.config["HALL"]["HALL_PUBLIC_URL"] or request.host_url.rstrip("/")
    return g.base_url


def _ticket_json(session, hall, ticket) -> dict:
    return service.ticket_view(session, hall, ticket, base_url())


@bp.post("/tickets")
def issue():
    body = json_body()
    key = request.headers.get("Idempotency-Key") or None
    if key and len(key) > 100:
        raise InvalidInput("Idempotency-Key过长（最多100字符）", code="invalid_idempotency_key")
    appointment_code = get_str(body, "appointment_code", required=False, max_len=40)
    session = get_session()
    if appointment_code is None:
        single_statements(session)   # a walk-in's ticket is one statement (see service._insert_ticket)
    hall = current_hall(session)
    ticket, created, position = service.issue_ticket(
        session, hall, item_code=get_str(body, "item_code", required=False, max_len=40),
        queue_code=get_str(body, "queue_code", required=False, max_len=40),
        green_channel=get_bool(body, "green_channel"), idempotency_key=key, appointment_code=appointment_code)
    view = service.ticket_view(session, hall, ticket, base_url(), position=position)
    session.commit()
    return jsonify(view), 201 if created else 200


@bp.get("/tickets/by-token/<token>")
def by_token(token: str):
    session = get_session()
    ticket = service.ticket_by_token(session, token)
    return jsonify(_ticket_json(session, hall_of(session, ticket.hall_id), ticket))


def _window_action(action, number: int, **kwargs):
    session = get_session()
    hall = current_hall(session)
    window = action(session, hall, number, g.staff, **kwargs)
    view = window_view(session, hall, window.number)
    session.commit()
    return jsonify(view)


@bp.post("/windows/<int:number>/sign-in")
@staff_required(WINDOW_ROLES)
def sign_in(number: int):
    return _window_action(service.sign_in, number)


@bp.post("/windows/<int:number>/sign-out")
@staff_required(WINDOW_ROLES)
def sign_out(number: int):
    return _window_action(service.sign_out, number)


@bp.post("/windows/<int:number>/pause")
@staff_required(WINDOW_ROLES)
def pause(number: int):
    reason = get_str(json_body(), "reason", required=False) or ""
    return _window_action(service.pause, number, reason=reason)


@bp.post("/windows/<int:number>/resume")
@staff_required(WINDOW_ROLES)
def resume(number: int):
    return _window_action(service.resume, number)


@bp.post("/windows/<int:number>/call-next")
@staff_required(WINDOW_ROLES)
def call_next(number: int):
    session = get_session()
    hall = current_hall(session)
    closed, rating_token, called = service.call_next(session, hall, number, g.staff)
    closed_view = service.ticket_view(session, hall, closed, base_url(), rating_token=rating_token) \
        if closed else None
    if called is None:   # the window's previous ticket is closed all the same
        refuse_after_commit(session, service.QueueEmpty(closed=closed_view))
    called_view = _ticket_json(session, hall, called)
    session.commit()
    return jsonify({"ticket": called_view, "closed": closed_view})


@bp.post("/windows/<int:number>/recall")
@staff_required(WINDOW_ROLES)
def recall(number: int):
    session = get_session()
    hall = current_hall(session)
    ticket = service.recall(session, hall, number, g.staff)
    view = _ticket_json(session, hall, ticket)
    session.commit()
    return jsonify({"ticket": view})


@bp.get("/windows/<int:number>/console")
@staff_required(WINDOW_ROLES)
def console(number: int):
    from hall.queueing.console import window_state
    session = get_session()
    hall = current_hall(session)
    window_by_number(session, hall, number)
    return jsonify(window_state(session, hall, number, base_url()))


def _ticket_action(action, ticket_id: int, **kwargs):
    session = get_session()
    hall = current_hall(session)
    view = service.ticket_view(session, hall, action(session, hall, ticket_id, g.staff, **kwargs), base_url())
    session.commit()
    return jsonify({"ticket": view})


@bp.post("/tickets/<int:ticket_id>/start")
@staff_required(WINDOW_ROLES)
def start(ticket_id: int):
    return _ticket_action(service.start, ticket_id)


@bp.post("/tickets/<int:ticket_id>/finish")
@staff_required(WINDOW_ROLES)
def finish(ticket_id: int):
    session = get_session()
    hall = current_hall(session)
    ticket, rating_token = service.finish(session, hall, ticket_id, g.staff)
    view = service.ticket_view(session, hall, ticket, base_url(), rating_token=rating_token)
    session.commit()
    return jsonify({"ticket": view, "rating_token": rating_token})


@bp.post("/tickets/<int:ticket_id>/no-show")
@staff_required(WINDOW_ROLES)
def no_show(ticket_id: int):
    return _ticket_action(service.no_show, ticket_id)


@bp.post("/tickets/<int:ticket_id>/hold")
@staff_required(WINDOW_ROLES)
def hold(ticket_id: int):
    reason = get_str(json_body(), "reason", required=False) or ""
    return _ticket_action(service.hold, ticket_id, reason=reason)


@bp.post("/tickets/<int:ticket_id>/call-back")
@staff_required(WINDOW_ROLES)
def call_back(ticket_id: int):
    return _ticket_action(service.call_back, ticket_id)


@bp.post("/tickets/<int:ticket_id>/transfer")
@staff_required(WINDOW_ROLES)
def transfer(ticket_id: int):
    body = json_body()
    return _ticket_action(service.transfer, ticket_id,
                          to_window=get_int(body, "to_window", required=False, minimum=1),
                          to_queue=get_str(body, "to_queue", required=False, max_len=40),
                          reason=get_str(body, "reason", required=False, max_len=500) or "")
