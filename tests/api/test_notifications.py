"""Notifications through the gateway (HALL_NOTIFY_URL), sent by the outbox worker, never by a
request: 即将到号 for a ticket taken with a phone, 已受理 with the query code, 结果已出. Phone
numbers are optional, checked, masked in answers, and erased with the ticket's day."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from hall.clock import utcnow
from hall.integrations.models import Delivery, TicketPhone
from tests.api.test_cases import APPLICANT, make_desk
from tests.api.test_outbox import Receiver, deliver_all, receiver, rows  # noqa: F401  (the fixture)
from tests.conftest import both_databases, db_session, run_sweep

pytestmark = both_databases


def test_without_a_gateway_nothing_is_promised_nor_kept(client, app, login):
    assert client.get("/api/v1/hall").get_json()["notifications"] is False
    taken = client.post("/api/v1/tickets", json={"queue_code": "business", "phone": "13800138000"})
    assert taken.status_code == 201
    assert "notify" not in taken.get_json() and "13800138000" not in taken.get_data(as_text=True)
    make_desk(client, login, 2).accept()
    session = db_session(app)
    try:
        assert session.scalars(select(TicketPhone)).all() == [] and session.scalars(select(Delivery)).all() == []
    finally:
        session.close()


def test_a_bad_phone_number_is_refused(client):
    for phone in ("1380013800", "23800138000", 13800138000, "abc"):
        response = client.post("/api/v1/tickets", json={"queue_code": "business", "phone": phone})
        assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_phone", phone


def test_turn_near_accepted_and_result_ready_reach_the_gateway(client, app, login, receiver):  # noqa: F811
    gateway = receiver(secret=None)
    app.config["HALL"]["HALL_NOTIFY_URL"] = gateway.url
    assert client.get("/api/v1/hall").get_json()["notifications"] is True
    staff = login("staff02")
    client.post("/api/v1/windows/2/sign-in", headers=staff)
    tickets = [client.post("/api/v1/tickets", json={"queue_code": "business"}).get_json() for _ in range(4)]
    mine = client.post("/api/v1/tickets", json={"queue_code": "business", "phone": "13912345678"})
    assert mine.status_code == 201
    assert mine.get_json()["phone"] == "139****5678" and mine.get_json()["notify"] is True
    assert "13912345678" not in mine.get_data(as_text=True)
    assert not rows(app)                                              # 4 ahead: nothing yet
    first = client.post("/api/v1/windows/2/call-next", headers=staff).get_json()["ticket"]
    assert first["id"] == tickets[0]["id"]
    (near,) = rows(app)                                               # 3 ahead now: 即将到号
    assert near.event == "notify:turn_near" and near.integration_id is None
    client.post("/api/v1/tickets/%d/finish" % first["id"], headers=staff)
    client.post("/api/v1/windows/2/call-next", headers=staff)
    assert len(rows(app)) == 1                                        # told once
    deliver_all(app)
    (message,) = gateway.log()
    assert message["status"] == 200 and message["body"]["to"] == "13912345678"
    assert message["body"]["template"] == "turn_near" and message["body"]["params"]["ahead"] == 3
    assert mine.get_json()["number"] in message["body"]["text"] and "前面还有3人" in message["body"]["text"]
    assert "13912345678" not in rows(app)[0].body                      # sent: the number is not kept in the outbox

    desk = make_desk(client, login, 3)
    case = desk.accept().get_json()
    decided = client.post(f"/api/v1/cases/{case['case_no']}/decide", headers=desk.headers,
                          json={"decision": "approve", "reason": "符合条件"})
    assert decided.status_code == 200
    deliver_all(app)
    accepted, ready = [m["body"] for m in gateway.log()[1:]]
    assert accepted["template"] == "case_accepted" and accepted["to"] == APPLICANT["phone"]
    assert accepted["params"]["query_code"] == case["query_code"] and case["query_code"] in accepted["text"]
    assert ready["template"] == "result_ready" and case["case_no"] in ready["text"]
    completed = client.post(f"/api/v1/cases/{case['case_no']}/complete", headers=desk.headers, json={})
    assert completed.status_code == 200

    session = db_session(app)
    try:
        from hall.cases.models import Case
        assert session.scalar(select(Case.notify_phone).where(Case.case_no == case["case_no"])) is None
        assert len(session.scalars(select(TicketPhone)).all()) == 1
    finally:
        session.close()
    run_sweep(app, utcnow() + timedelta(days=1))                      # the next day: the day's numbers go
    session = db_session(app)
    try:
        assert session.scalars(select(TicketPhone)).all() == []
    finally:
        session.close()


def test_the_appointment_reminder_goes_the_working_day_before_once(client, app, receiver):  # noqa: F811
    from datetime import datetime, timezone

    from hall.calendar.workdays import WorkdayCalendar
    from hall.integrations.models import AppointmentPhone
    from tests.api.test_appointments import SHANGHAI, book, hall_today
    gateway = receiver(secret=None)
    app.config["HALL"]["HALL_NOTIFY_URL"] = gateway.url
    cal = WorkdayCalendar()
    day = cal.add_working_days(hall_today(), 2)
    booked = book(client, day, 1)
    assert booked.status_code == 201
    eve = cal.add_working_days(hall_today(), 1)
    at = lambda d, hour: datetime(d.year, d.month, d.day, hour, tzinfo=SHANGHAI).astimezone(timezone.utc)  # noqa: E731
    run_sweep(app, at(eve, 7))                          # too early in the morning: not yet
    assert rows(app) == []
    summary = run_sweep(app, at(eve, 10))
    assert summary["appointment_reminders"] == 1
    run_sweep(app, at(eve, 11))                         # once
    (reminder,) = rows(app)
    assert reminder.event == "notify:appointment_reminder"
    deliver_all(app)
    (message,) = gateway.log()
    assert message["body"]["params"]["code"] == booked.get_json()["appointment_code"] and f"{day.month}月{day.day}日" in \
        message["body"]["text"]
    run_sweep(app, at(day + timedelta(days=1), 10))     # its day has passed: the number goes
    session = db_session(app)
    try:
        assert session.scalars(select(AppointmentPhone)).all() == []
    finally:
        session.close()
