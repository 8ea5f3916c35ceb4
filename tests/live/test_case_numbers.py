"""Case and notice numbers stay unique when windows accept at the same moment (PostgreSQL)."""
import threading

import pytest
from sqlalchemy import select

from hall.auth.models import Staff
from hall.cases.service import Applicant, accept_case
from hall.web import current_hall
from hall.queueing import service as queueing
from tests.conftest import db_session
from tests.live.load import widen_queue
from tests.unit.test_case_rules import make_id

pytestmark = pytest.mark.postgres


def test_eight_windows_accept_at_once_with_distinct_case_numbers(pg_app):
    windows = range(1, 9)
    widen_queue(pg_app.config["HALL"]["HALL_DATABASE_URL"], windows)   # windows 1–8 call from business
    session = db_session(pg_app)
    with pg_app.app_context():
        hall = current_hall(session)
        tickets = {}
        for number in windows:
            staff = session.scalar(select(Staff).where(Staff.username == f"staff{number:02d}"))
            queueing.sign_in(session, hall, number, staff)
            queueing.issue_ticket(session, hall, queue_code="business")
            _closed, _token, called = queueing.call_next(session, hall, number, staff)
            tickets[number] = (staff.id, called.id)
        session.commit()
    session.close()

    results, errors, barrier = [], [], threading.Barrier(len(windows))

    def accept(number: int):
        own = db_session(pg_app)
        try:
            with pg_app.app_context():
                hall = current_hall(own)
                staff = own.get(Staff, tickets[number][0])
                barrier.wait()
                case, _ = accept_case(own, hall, staff, ticket_id=tickets[number][1], item_code="SCJG001",
                                      applicant=Applicant("李四", make_id("23072219800101123"), "13900000000"),
                                      materials=["M01", "M02", "M03"], secret="s")
                own.commit()
                results.append(case.case_no)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            own.close()

    threads = [threading.Thread(target=accept, args=(n,)) for n in windows]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(results) == len(set(results)) == len(windows)


def test_the_same_acceptance_sent_eight_times_at_once_makes_one_case(pg_app):
    """A double click or a retrying client: eight identical acceptances at one window, at the
    same moment, on PostgreSQL: one case, seven ``case_exists`` answers naming it."""
    from hall.cases.models import Case
    from hall.errors import Conflict
    session = db_session(pg_app)
    with pg_app.app_context():
        hall = current_hall(session)
        staff = session.scalar(select(Staff).where(Staff.username == "staff02"))
        queueing.sign_in(session, hall, 2, staff)
        queueing.issue_ticket(session, hall, queue_code="business")
        _closed, _token, called = queueing.call_next(session, hall, 2, staff)
        staff_id, ticket_id = staff.id, called.id
        session.commit()
    session.close()
    accepted, refused, errors, barrier = [], [], [], threading.Barrier(8)

    def accept():
        own = db_session(pg_app)
        try:
            with pg_app.app_context():
                hall = current_hall(own)
                staff = own.get(Staff, staff_id)
                barrier.wait()
                case, _ = accept_case(own, hall, staff, ticket_id=ticket_id, item_code="SCJG005",
                                      applicant=Applicant("李四", make_id("23072219800101123"), "13900000000"),
                                      materials=["M01", "M02", "M03", "M04", "M05"], secret="s")
                own.commit()
                accepted.append(case.case_no)
        except Conflict as exc:
            refused.append(exc.to_dict().get("case_no"))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            own.close()

    threads = [threading.Thread(target=accept) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(accepted) == 1
    assert refused == accepted * 7
    check = db_session(pg_app)
    assert check.scalar(select(Case.case_no).where(Case.ticket_id == ticket_id)) == accepted[0]
    assert len(check.scalars(select(Case.id).where(Case.ticket_id == ticket_id)).all()) == 1
    check.close()


def test_one_idempotency_key_sent_by_eight_clients_at_once_makes_one_case(pg_app):
    """Eight HTTP clients (threads, each its own client) send the same acceptance with the
    same Idempotency-Key at the same moment on PostgreSQL: one 201, seven 200 with the
    same case, one row."""
    from hall.cases.models import Case
    client = pg_app.test_client()
    headers = {"Authorization": "Bearer " + client.post("/api/v1/auth/login", json={
        "username": "staff02", "password": "demo"}).get_json()["token"], "Idempotency-Key": "pad-2-retry"}
    assert client.post("/api/v1/windows/2/sign-in", headers=headers).status_code == 200
    assert client.post("/api/v1/tickets", json={"queue_code": "business"}).status_code == 201
    ticket_id = client.post("/api/v1/windows/2/call-next", headers=headers).get_json()["ticket"]["id"]
    body = {"ticket_id": ticket_id, "item_code": "SCJG005", "materials": ["M01", "M02", "M03", "M04", "M05"],
            "applicant": {"name": "李四", "id_number": make_id("23072219800101123"), "phone": "13900000000"}}
    answers, barrier = [], threading.Barrier(8)

    def send():
        own = pg_app.test_client()
        barrier.wait()
        response = own.post("/api/v1/cases", headers=headers, json=body)
        answers.append((response.status_code, response.get_json()))

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(code for code, _ in answers) == [200] * 7 + [201]
    assert len({answer["case_no"] for _, answer in answers}) == 1
    check = db_session(pg_app)
    assert check.scalars(select(Case.case_no).where(Case.ticket_id == ticket_id)).all() == [answers[0][1]["case_no"]]
    check.close()
