"""Payments (收费) and their reversals, and refund requests. Append-only: the database refuses
UPDATE and DELETE on both tables (triggers in migration 0022), so a payment is never edited
nor removed, only reversed by a refund row of its own."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class FeePayment(SQLModel, table=True):
    """A fee charged for a case (``kind`` ``charge``, a positive amount) or the refund that
    reverses one (``kind`` ``refund``, the negative amount, ``reverses_id`` the charge, at most
    one refund a charge), each with its 财政电子票据号 (a refund's red-letter bill is optional)."""
    __table_args__ = (UniqueConstraint("hall_id", "receipt_no", name="uq_feepayment_receipt"),
                      UniqueConstraint("reverses_id", name="uq_feepayment_reverses"),
                      Index("ix_feepayment_day", "hall_id", "paid_at"))
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    case_id: int = Field(foreign_key="case.id", index=True)
    item_id: int = Field(foreign_key="item.id")
    department_id: int = Field(foreign_key="department.id")
    window_number: Optional[int] = None            # where it was charged (the charge's window for a refund)
    staff_id: int = Field(foreign_key="staff.id")  # the cashier; for a refund, the approving manager
    kind: str = Field(max_length=10)               # charge | refund
    amount_fen: int = Field(sa_column=Column(BigInteger, nullable=False))
    base_fen: Optional[int] = Field(default=None, sa_column=Column(BigInteger, nullable=True))   # percent rules
    method: str = Field(max_length=20)
    receipt_no: Optional[str] = Field(default=None, max_length=40)
    reverses_id: Optional[int] = Field(default=None, foreign_key="feepayment.id")
    reason: str = Field(default="", max_length=500)
    requested_by: Optional[int] = Field(default=None, foreign_key="staff.id")   # a refund asked for at the window
    paid_at: datetime


class RefundRequest(SQLModel, table=True):
    """A window asks a manager to refund a payment (申请退费), with the reason; the manager's
    refund answers it. Pending while the payment has no refund row."""
    __table_args__ = (UniqueConstraint("payment_id", name="uq_refundrequest_payment"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id", index=True)
    payment_id: int = Field(foreign_key="feepayment.id")
    staff_id: int = Field(foreign_key="staff.id")
    reason: str = Field(max_length=500)
    requested_at: datetime
