"""Ticket printing for kiosks, the PDF ticket and the ticket's QR code. The drawing
libraries load on first use, not in every server process at start."""
import io

from flask import Blueprint, current_app, request, send_file

from hall.catalog.service import hall_of
from hall.devices.service import device_for_token
from hall.errors import Forbidden
from hall.printing.service import print_at_kiosk, ticket_print
from hall.queueing.service import ticket_by_id, ticket_by_token
from hall.web import api_view, base_url

bp = Blueprint("printing", __name__)


@bp.post("/tickets/<int:ticket_id>/print")
@api_view(hall=False)
def print_ticket(session, ticket_id: int):
    device = device_for_token(session, request.headers.get("X-Device-Token"))
    if device is None or device.kind != "kiosk":
        raise Forbidden("此设备未登记为取号机，不能打印号票", code="device_not_registered")
    hall = hall_of(session, device.hall_id)
    ticket = ticket_by_id(session, hall, ticket_id)
    if ticket.device_id != device.id:   # another kiosk's (or a phone's) ticket: its QR code is not this kiosk's to print
        raise Forbidden("本机只能打印本机取的号票", code="not_this_kiosks_ticket")
    fault = print_at_kiosk(session, hall, device, ticket, base_url(),
                           current_app.extensions["hall_printer_policy"])
    return {"printed": fault is None, "fault": fault}


@bp.get("/tickets/by-token/<token>/ticket.pdf")
@api_view(hall=False)
def ticket_pdf(session, token: str):
    ticket = ticket_by_token(session, token)
    hall = hall_of(session, ticket.hall_id)
    from printers.pdf_ticket import render_ticket_pdf
    pdf = render_ticket_pdf(ticket_print(session, hall, ticket, base_url()))
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", download_name=f"号票{ticket.number}.pdf")


@bp.get("/tickets/by-token/<token>/qr.png")
@api_view(hall=False)
def ticket_qr(session, token: str):
    ticket_by_token(session, token)
    import qrcode
    image = qrcode.make(f"{base_url()}/t/{token}", box_size=8, border=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    out.seek(0)
    return send_file(out, mimetype="image/png", max_age=3600)
