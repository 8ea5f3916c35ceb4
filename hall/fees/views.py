"""统一收费: a case's fee charged at the window, refund requests, a manager's refunds, and the
daily fee report (JSON, PDF, XLSX). Money in the API is yuan: JSON numbers with at most two
decimals, read from numbers or decimal strings (see ``hall.fees.rules``)."""
from flask import Blueprint, g, request

from hall.auth.guard import MANAGERS, OVERSIGHT, WINDOW_ROLES, staff_required
from hall.cases.lookup import readable_case
from hall.clock import local_date, utcnow
from hall.errors import InvalidInput
from hall.fees import rules, service
from hall.web import api_view, document, get_str, json_body, parse_date

bp = Blueprint("fees", __name__)
FORMATS = ("json", "pdf", "xlsx")


@bp.get("/cases/<case_no>/payments")
@staff_required()
@api_view
def case_fees(session, hall, case_no: str):
    """The case's fee rule and its payments (the window console's 收费 section)."""
    return service.case_fees(session, hall, readable_case(session, hall, case_no, g.staff))   # departments apart


@bp.post("/cases/<case_no>/payments")
@staff_required(WINDOW_ROLES)
@api_view(status=201)
def charge(session, hall, case_no: str):
    body = json_body()
    base = body.get("base")
    row = service.charge(
        session, hall, g.staff, case_no, amount_fen=rules.parse_fen(body.get("amount"), "amount", "收费金额"),
        method=get_str(body, "method", max_len=20), receipt_no=get_str(body, "receipt_no", max_len=40),
        base_fen=None if base in (None, "") else rules.parse_fen(base, "base", "计费基数", maximum=rules.MAX_BASE_FEN))
    return service.payment_view(session, hall, row)


@bp.post("/payments/<int:payment_id>/refund-request")
@staff_required(WINDOW_ROLES)
@api_view(status=201)
def refund_request(session, hall, payment_id: int):
    """申请退费 at the window; a manager approves it with ``POST /payments/<id>/refund``."""
    row = service.request_refund(session, hall, g.staff, payment_id,
                                 get_str(json_body(), "reason", required=False, max_len=500))
    return {"id": row.id, "payment": service.payment_view(session, hall, service.charge_row(session, hall, payment_id))}


@bp.post("/payments/<int:payment_id>/refund")
@staff_required(MANAGERS)
@api_view(status=201)
def refund(session, hall, payment_id: int):
    """A manager's refund: a new reversing row; the payment itself is never changed."""
    body = json_body()
    row = service.refund(session, hall, g.staff, payment_id, get_str(body, "reason", required=False, max_len=500),
                         receipt_no=get_str(body, "receipt_no", required=False, max_len=40))
    return service.payment_view(session, hall, row)


@bp.get("/fees/refund-requests")
@staff_required(MANAGERS)
@api_view
def refund_requests(session, hall):
    return service.refund_requests(session, hall)


@bp.get("/fees/daily-report")
@staff_required(OVERSIGHT)
@api_view
def daily_report(session, hall):
    """``?date=YYYY-MM-DD`` (today by default) ``&format=json|pdf|xlsx``."""
    fmt = request.args.get("format", "json")
    if fmt not in FORMATS:
        raise InvalidInput("format 应为 json、pdf 或 xlsx", code="invalid_format", field="format")
    raw = request.args.get("date")
    day = parse_date(raw) if raw else local_date(utcnow(), hall.timezone)
    answer = service.daily_report(session, hall, day)
    if fmt == "json":
        return answer
    from hall.fees import report  # reportlab and openpyxl load where a report is made, not at start
    if fmt == "pdf":
        return document(report.to_pdf(answer), f"fees-{day.isoformat()}.pdf")
    return document(report.to_xlsx(answer), f"fees-{day.isoformat()}.xlsx", attachment=True)
