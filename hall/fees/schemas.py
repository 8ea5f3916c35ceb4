"""Payments, refund requests and a case's fees as the API answers them (yuan, see rules)."""
from __future__ import annotations

from hall.clock import local_iso
from hall.fees import rules
from hall.fees.models import FeePayment, RefundRequest


def staff_card(staff) -> dict | None:
    return {"name": staff.name, "staff_no": staff.staff_no} if staff is not None else None


def payment_json(hall, row: FeePayment, *, case_no: str, item_code: str, item_name: str, department: str,
                 staff=None, refund: FeePayment | None = None, request: RefundRequest | None = None) -> dict:
    """A charge (with its refund, if any, and a pending refund request) or a refund row."""
    answer = {"id": row.id, "kind": row.kind, "case_no": case_no, "item": item_code, "item_name": item_name,
              "department": department, "window": row.window_number,
              "amount": rules.yuan(row.amount_fen), "amount_fen": row.amount_fen,
              "base": rules.yuan(row.base_fen) if row.base_fen is not None else None,
              "method": row.method, "method_name": rules.METHODS.get(row.method, row.method),
              "receipt_no": row.receipt_no, "staff": staff_card(staff),
              "paid_at": local_iso(row.paid_at, hall.timezone)}
    if row.kind == "refund":
        answer |= {"reverses": row.reverses_id, "reason": row.reason}
    else:
        answer |= {"refunded": refund is not None,
                   "refund": {"id": refund.id, "reason": refund.reason, "receipt_no": refund.receipt_no,
                              "refunded_at": local_iso(refund.paid_at, hall.timezone)} if refund else None,
                   "refund_request": {"id": request.id, "reason": request.reason,
                                      "requested_at": local_iso(request.requested_at, hall.timezone)}
                   if request is not None and refund is None else None}
    return answer
