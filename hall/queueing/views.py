"""Tickets and window actions: thin wrappers around queueing.service."""
from flask import Blueprint, current_app, g, request

from hall.auth.guard import HALL_STAFF, MANAGERS, WINDOW_ROLES, optional_staff, staff_required
from hall.devices.service import device_for_token
from hall.catalog.service import hall_of, window_by_number, window_view
from hall.db import single_statements
from hall.errors import Forbidden, InvalidInput
from hall.integrations import phones
from hall.integrations.handlers import notifications_on, subscribed_anywhere
from hall.intake.identity import mask_phone
from hall.queueing.console import window_state
from hall.queueing import card, schemas, service
from hall.web import api_view, base_url, current_hall, get_bool, get_int, get_str, json_body, refuse_after_commit

bp = Blueprint("queueing", __name__)


def _ticket_json(session, hall, ticket) -> dict:
    """The citizen's view of a ticket (the kiosk, the ticket's own page)."""
    return schemas.ticket_view(session, hall, ticket, base_url())


def _staff_json(session, hall, ticket) -> dict | None:
    return schemas.staff_ticket_view(session, hall, ticket) if ticket is not None else None


@bp.post("/tickets")
@api_view(hall=False)   # the session is set up before its first statement, the hall's lookup
def issue(session):
    body = json_body()
    key = request.headers.get("Idempotency-Key") or None
    if key and len(key) > 100:
        raise InvalidInput("Idempotency-Key过长（最多100字符）", code="invalid_idempotency_key")
    appointment_code = get_str(body, "appointment_code", required=False, max_len=40)
    try:     # 即将到号 by SMS: an optional mobile number, kept only when a gateway sends
        phone = phones.check(body.get("phone"))
    except ValueError:
        raise InvalidInput("手机号码有误（11位手机号）", code="invalid_phone", field="phone") from None
    keep_phone = phone is not None and notifications_on()
    if appointment_code is None and not keep_phone and not subscribed_anywhere("ticket.issued"):
        # a walk-in's ticket is one statement (see service._insert_ticket), unless an integration
        # subscribes to ticket.issued: its outbox row then shares the ticket's transaction
        single_statements(session)
    urgent_reason = get_str(body, "urgent_reason", required=False, max_len=200)
    urgent_by = None
    if urgent_reason is not None:   # 急事急办 outside the hours: only a signed-in staff member
        urgent_by = staff_required(HALL_STAFF)(lambda: g.staff)()
    green = get_bool(body, "green_channel")
    kiosk = device_for_token(session, request.headers.get("X-Device-Token"))
    kiosk = kiosk if kiosk is not None and kiosk.kind == "kiosk" else None   # the ticket names it: it alone prints it
    if green and kiosk is None and optional_staff() is None:
        # 绿色通道 is given where someone can see the citizen: a registered kiosk in the
        # hall (the window checks it) or a staff member; a phone cannot claim it
        raise Forbidden("绿色通道请在大厅自助取号机取号或由工作人员办理", code="green_channel_in_the_hall")
    hall = current_hall(session)
    ticket, created, position = service.issue_ticket(
        session, hall, item_code=get_str(body, "item_code", required=False, max_len=40),
        queue_code=get_str(body, "queue_code", required=False, max_len=40),
        green_channel=green, idempotency_key=key, appointment_code=appointment_code,
        urgent_by=urgent_by, urgent_reason=urgent_reason, applicant=_card_applicant(hall, body, kiosk),
        device_id=kiosk.id if kiosk is not None else None, identity_secret=current_app.extensions["hall_keys"].identities)
    answer = schemas.ticket_view(session, hall, ticket, base_url(), position=position)
    if keep_phone:
        if created:
            phones.remember(session, hall.id, ticket.id, ticket.service_date, phone)
        answer |= {"phone": mask_phone(phone), "notify": True}
    return answer, 201 if created else 200


def _card_applicant(hall, body, kiosk):
    """The ticket's applicant, or None. ``id_source: "reader"`` is believed only from a
    registered kiosk of this hall with an ID-card reader configured (its ``X-Device-Token``):
    see ``hall.queueing.card`` for why."""
    if body.get("applicant") is None and body.get("id_source") is None:
        return None
    applicant = card.ticket_applicant(body.get("applicant"), get_str(body, "id_source", required=False, max_len=10))
    if applicant is not None and applicant.from_reader and (
            kiosk is None or kiosk.hall_id != hall.id or not kiosk.reader_url):
        raise Forbidden("读卡取号只能在配置了身份证阅读器的登记取号机上进行", code="reader_not_configured")
    return applicant


@bp.get("/tickets/by-token/<token>")
@api_view(hall=False)
def by_token(session, token: str):
    ticket = service.ticket_by_token(session, token)
    return _ticket_json(session, hall_of(session, ticket.hall_id), ticket)


def _window_action(session, hall, action, number: int, **kwargs) -> dict:
    """A window's state change by the signed-in staff member, answered with the window."""
    window = action(session, hall, number, g.staff, **kwargs)
    return window_view(session, hall, window.number)


@bp.post("/windows/<int:number>/sign-in")
@staff_required(WINDOW_ROLES)
@api_view
def sign_in(session, hall, number: int):
    return _window_action(session, hall, service.sign_in, number)


@bp.post("/windows/<int:number>/sign-out")
@staff_required(WINDOW_ROLES)
@api_view
def sign_out(session, hall, number: int):
    return _window_action(session, hall, service.sign_out, number)


@bp.post("/windows/<int:number>/pause")
@staff_required(WINDOW_ROLES)
@api_view
def pause(session, hall, number: int):
    reason = get_str(json_body(), "reason", required=False) or ""
    return _window_action(session, hall, service.pause, number, reason=reason)


@bp.post("/windows/<int:number>/resume")
@staff_required(WINDOW_ROLES)
@api_view
def resume(session, hall, number: int):
    return _window_action(session, hall, service.resume, number)


@bp.post("/windows/<int:number>/call-next")
@staff_required(WINDOW_ROLES)
@api_view
def call_next(session, hall, number: int):
    closed, _rating_token, called = service.call_next(session, hall, number, g.staff)
    closed_view = _staff_json(session, hall, closed)   # its rating token went to the pad, not here
    if called is None:   # the window's previous ticket is closed all the same
        refuse_after_commit(session, service.QueueEmpty(closed=closed_view))
    return {"ticket": _staff_json(session, hall, called), "closed": closed_view}


@bp.post("/windows/<int:number>/recall")
@staff_required(WINDOW_ROLES)
@api_view
def recall(session, hall, number: int):
    return {"ticket": _staff_json(session, hall, service.recall(session, hall, number, g.staff))}


@bp.get("/windows/<int:number>/console")
@staff_required(WINDOW_ROLES)
@api_view
def console(session, hall, number: int):
    window_by_number(session, hall, number)
    return window_state(session, hall, number)


def _ticket_action(session, hall, action, ticket_id: int, **kwargs) -> dict:
    """A ticket's state change by the signed-in staff member, answered with the ticket."""
    return {"ticket": _staff_json(session, hall, action(session, hall, ticket_id, g.staff, **kwargs))}


@bp.post("/tickets/<int:ticket_id>/start")
@staff_required(WINDOW_ROLES)
@api_view
def start(session, hall, ticket_id: int):
    return _ticket_action(session, hall, service.start, ticket_id)


@bp.post("/tickets/<int:ticket_id>/finish")
@staff_required(WINDOW_ROLES)
@api_view
def finish(session, hall, ticket_id: int):
    ticket, _rating_token = service.finish(session, hall, ticket_id, g.staff)
    return {"ticket": _staff_json(session, hall, ticket)}   # the rating token goes to the pad only


@bp.post("/tickets/<int:ticket_id>/no-show")
@staff_required(WINDOW_ROLES)
@api_view
def no_show(session, hall, ticket_id: int):
    return _ticket_action(session, hall, service.no_show, ticket_id)


@bp.post("/tickets/<int:ticket_id>/hold")
@staff_required(WINDOW_ROLES)
@api_view
def hold(session, hall, ticket_id: int):
    reason = get_str(json_body(), "reason", required=False) or ""
    return _ticket_action(session, hall, service.hold, ticket_id, reason=reason)


@bp.post("/tickets/<int:ticket_id>/call-back")
@staff_required(WINDOW_ROLES)
@api_view
def call_back(session, hall, ticket_id: int):
    return _ticket_action(session, hall, service.call_back, ticket_id)


@bp.post("/tickets/<int:ticket_id>/transfer")
@staff_required(WINDOW_ROLES)
@api_view
def transfer(session, hall, ticket_id: int):
    body = json_body()
    return _ticket_action(session, hall, service.transfer, ticket_id,
                          to_window=get_int(body, "to_window", required=False, minimum=1),
                          to_queue=get_str(body, "to_queue", required=False, max_len=40),
                          reason=get_str(body, "reason", required=False, max_len=500) or "")


@bp.post("/tickets/<int:ticket_id>/urgent")
@staff_required(MANAGERS)
@api_view
def mark_urgent(session, hall, ticket_id: int):
    """急事急办: a manager marks a waiting ticket urgent, with the reason."""
    return _ticket_action(session, hall, service.mark_urgent, ticket_id,
                          reason=get_str(json_body(), "reason", required=False, max_len=500))


@bp.post("/tickets/<int:ticket_id>/green-channel/confirm")
@staff_required(WINDOW_ROLES)
@api_view
def confirm_green(session, hall, ticket_id: int):
    return _ticket_action(session, hall, service.confirm_green, ticket_id,
                          basis=get_str(json_body(), "basis", required=False, max_len=200) or "")


@bp.post("/tickets/<int:ticket_id>/green-channel/revoke")
@staff_required(WINDOW_ROLES)
@api_view
def revoke_green(session, hall, ticket_id: int):
    return _ticket_action(session, hall, service.revoke_green, ticket_id,
                          reason=get_str(json_body(), "reason", required=False, max_len=500))
