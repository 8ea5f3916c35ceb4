"""PUT /admin/hall and tickets outside the hours: refused with the next opening, except
for staff opening one for 急事急办."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hall.queueing.models import TicketEvent
from tests.conftest import db_session


def closed_now() -> dict:
    """Hours (every day) that do not contain the present Shanghai time."""
    hour = datetime.now(ZoneInfo("Asia/Shanghai")).hour
    opens, closes = ("20:00", "21:00") if hour < 12 else ("03:00", "04:00")
    return {"name": "新林区政务服务中心", "opens_at": opens, "closes_at": closes,
            "ticket_cutoff_minutes": 0, "open_on": "every_day"}


def test_demo_hall_is_open_around_the_clock_every_day(client):
    hall = client.get("/api/v1/hall").get_json()
    assert (hall["opens_at"], hall["closes_at"], hall["open_on"]) == (None, None, "every_day")


def test_manager_sets_hours_and_tickets_are_refused_with_the_next_opening(client, login):
    manager = login("manager")
    body = closed_now()
    answer = client.put("/api/v1/admin/hall", json=body, headers=manager)
    assert answer.status_code == 200, answer.get_json()
    assert client.get("/api/v1/hall").get_json()["opens_at"] == body["opens_at"]   # the cached catalog moved
    queue = client.get("/api/v1/queues").get_json()[0]["code"]
    refused = client.post("/api/v1/tickets", json={"queue_code": queue})
    assert refused.status_code == 409
    data = refused.get_json()
    assert data["error"]["code"] == "hall_closed"
    opening = datetime.fromisoformat(data["opens_at"])
    assert opening.strftime("%H:%M") == body["opens_at"]
    assert timedelta(0) < opening - datetime.now(ZoneInfo("Asia/Shanghai")) <= timedelta(hours=24)
    assert "下次开门" in data["error"]["message"]
    # back to around the clock: tickets again
    again = client.put("/api/v1/admin/hall", headers=manager, json={
        "name": "新林区政务服务中心", "opens_at": None, "closes_at": None, "open_on": "every_day"})
    assert again.status_code == 200
    assert client.post("/api/v1/tickets", json={"queue_code": queue}).status_code == 201


def test_staff_open_an_urgent_ticket_outside_the_hours_and_it_is_recorded(client, login, app):
    assert client.put("/api/v1/admin/hall", json=closed_now(), headers=login("manager")).status_code == 200
    queue = client.get("/api/v1/queues").get_json()[0]["code"]
    anonymous = client.post("/api/v1/tickets", json={"queue_code": queue, "urgent_reason": "急事急办"})
    assert anonymous.status_code == 401
    answer = client.post("/api/v1/tickets", json={"queue_code": queue, "urgent_reason": "急事急办：明早出国"},
                         headers=login("staff03"))
    assert answer.status_code == 201, answer.get_json()
    with db_session(app) as session:
        events = session.query(TicketEvent).filter_by(kind="urgent").all()
        assert [e.detail["reason"] for e in events] == ["急事急办：明早出国"]
        assert events[0].detail["outside_hours"] == "hall_closed"


def test_validation_and_who_may_change_the_hall(client, login):
    manager = login("manager")
    wrong = client.put("/api/v1/admin/hall", headers=manager, json={**closed_now(), "closes_at": "02:00"})
    assert wrong.status_code == 400
    assert wrong.get_json()["error"]["code"] == "invalid_hours"
    assert wrong.get_json()["field"] == "closes_at"
    bad_day = client.put("/api/v1/admin/hall", headers=manager, json={**closed_now(), "open_on": "sundays"})
    assert bad_day.get_json()["field"] == "open_on"
    assert client.put("/api/v1/admin/hall", headers=login("staff03"), json=closed_now()).status_code == 403
    assert client.put("/api/v1/admin/hall", json=closed_now()).status_code == 401


def test_entering_2027_ends_the_provisional_count(client, login):
    manager = login("manager")
    before = client.get("/api/v1/calendar/add-working-days?start=2026-12-30&days=2").get_json()
    assert before == {"date": "2027-01-01", "provisional": True}
    wrong = client.put("/api/v1/calendar/years/2027", headers=manager,
                       json={"holidays": ["2026-01-01"], "workdays": []})
    assert wrong.status_code == 400 and wrong.get_json()["error"]["code"] == "date_outside_year"
    both = client.put("/api/v1/calendar/years/2027", headers=manager,
                      json={"holidays": ["2027-01-01"], "workdays": ["2027-01-01"]})
    assert both.status_code == 400 and both.get_json()["error"]["code"] == "date_in_both"
    assert client.put("/api/v1/calendar/years/2027", headers=login("staff03"),
                      json={"holidays": ["2027-01-01"]}).status_code == 403
    entered = client.put("/api/v1/calendar/years/2027", headers=manager, json={"holidays": ["2027-01-01"]})
    assert entered.status_code == 200, entered.get_json()
    after = client.get("/api/v1/calendar/add-working-days?start=2026-12-30&days=2").get_json()
    assert after == {"date": "2027-01-04"}
