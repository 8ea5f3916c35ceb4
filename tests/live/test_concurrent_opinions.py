"""Opinions posted at the same moment by several departments are never lost (PostgreSQL)."""
import threading

import pytest
from sqlalchemy import select

from hall.auth.models import Staff
from hall.calendar.service import hall_calendar
from hall.cases.service import Applicant, accept_case, case_by_no
from hall.web import current_hall
from hall.queueing import service as queueing
from hall.reviews.models import ReviewTask
from tests.conftest import db_session
from tests.unit.test_case_rules import make_id

pytestmark = pytest.mark.postgres
DEPARTMENTS = ("zjj", "zrzy", "yjj")   # LB003 施工许可联合审查: lead 住建, co 自然资源 and 应急


def test_three_departments_approve_at_once_and_the_case_is_approved(pg_app):
    session = db_session(pg_app)
    with pg_app.app_context():
        hall = current_hall(session)
        staff = session.scalar(select(Staff).where(Staff.username == "staff07"))   # 住建 window
        queueing.sign_in(session, hall, 7, staff)
        queueing.issue_ticket(session, hall, queue_code="property")
        _closed, _token, ticket = queueing.call_next(session, hall, 7, staff)
        case, _ = accept_case(session, hall, staff, ticket_id=ticket.id, item_code="LB003",
                              applicant=Applicant("王五", make_id("23072219800101123"), "13900000000"),
                              materials=["M01", "M02", "M03", "M04", "M05", "M06"], secret="s")
        session.commit()
        case_no = case.case_no
    session.close()

    barrier, errors = threading.Barrier(len(DEPARTMENTS)), []

    def approve(dept: str):
        own = db_session(pg_app)
        try:
            with pg_app.app_context():
                hall = current_hall(own)
                reviewer = own.scalar(select(Staff).where(Staff.username == f"reviewer-{dept}"))
                from hall.reviews.service import give_opinion
                barrier.wait()
                give_opinion(own, hall, case_no, dept, reviewer, "approve", f"{dept}同意", "", hall_calendar(own))
                own.commit()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            own.close()

    threads = [threading.Thread(target=approve, args=(d,)) for d in DEPARTMENTS]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    session = db_session(pg_app)
    with pg_app.app_context():
        case = case_by_no(session, current_hall(session), case_no)
        statuses = sorted(t.status for t in session.scalars(select(ReviewTask).where(ReviewTask.case_id == case.id)))
        assert statuses == ["approved"] * 3
        assert case.status == "approved"
    session.close()
