"""A record's query code is being guessed (``hall.guessing`` blocked it): the managers of the
record's hall get an ``alert`` (kind ``query_code_guessing``) at once."""
from __future__ import annotations

from sqlalchemy import select

from hall.cases.models import Case
from hall.complaints.models import Complaint
from hall.db import session_scope
from hall.events import domain
from hall.events.bus import record
from hall.inforequests.models import InfoRequest

RECORDS = ((Case.hall_id, Case.case_no, "办件"), (Complaint.hall_id, Complaint.complaint_no, "投诉建议"),
           (InfoRequest.hall_id, InfoRequest.request_no, "信息公开申请"))


def alert_guessing(app, number: str, address: str) -> None:
    """In a session of its own: the request that guessed is refused and rolls back."""
    session = session_scope(app)
    try:
        for hall_id, column, what in RECORDS:
            found = session.scalar(select(hall_id).where(column == number))
            if found is not None:
                record(session, domain.Alert(hall_id=found, rooms=("manager",), payload={
                    "kind": "query_code_guessing", "record": number, "address": address,
                    "message": f"{what}{number}的查询码被反复试错（来自{address}），已暂停查询"}))
                session.commit()
                return
    finally:
        session.close()
