"""预约 through the API: capacity, one per person per day, cancellation, check-in at the kiosk."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update

from hall.appointments.models import Appointment
from hall.calendar.workdays import WorkdayCalendar
from tests.conftest import db_session
from tests.unit.test_case_rules import make_id

ITEM = "SCJG001"
SHANGHAI = timezone(timedelta(hours=8))


def hall_today() -> date:
    """The hall's date (Asia/Shanghai), not the machine's."""
    return datetime.now(SHANGHAI).date()


def person(n: int) -> dict:
    # born 1980-01-(n+1): an ID number carries a real birth date (GB 11643)
    return {"name": f"市民{n}", "id_number": make_id(f"230722198001{n + 1:02d}123"[:17]), "phone": f"1380013{n:04d}"}


@pytest.fixture
def day():
    return WorkdayCalendar().add_working_days(hall_today(), 2)


def book(client, day, n, start="09:00"):
    return client.post("/api/v1/appointments", json={"item_code": ITEM, "date": day.isoformat(), "start": start,
                                                     "applicant": person(n)})


def test_slots_fill_up_to_capacity(client, day):
    for n in range(4):
        assert book(client, day, n).status_code == 201
    full = book(client, day, 9)
    assert full.status_code == 409
    assert full.get_json()["error"]["code"] == "slot_full"
    slots = client.get("/api/v1/appointments/slots", query_string={"item_code": ITEM, "date": day.isoformat()}).get_json()
    assert slots[0] == {"start": "09:00", "end": "10:00", "capacity": 4, "booked": 4}
    assert book(client, day, 9, start="10:00").status_code == 201


def test_one_booking_per_person_per_day(client, day):
    assert book(client, day, 1).status_code == 201
    again = book(client, day, 1, start="14:00")
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "already_booked"


def test_booking_window_and_bad_input(client, day):
    for when, code in ((hall_today(), "outside_booking_window"),
                       (WorkdayCalendar().add_working_days(hall_today(), 6), "outside_booking_window")):
        r = client.post("/api/v1/appointments", json={"item_code": ITEM, "date": when.isoformat(), "start": "09:00",
                                                      "applicant": person(1)})
        assert r.status_code == 400
        assert r.get_json()["error"]["code"] == code
    assert book(client, day, 1, start="12:30").get_json()["error"]["code"] == "invalid_slot"
    assert client.get("/api/v1/appointments/slots", query_string={"item_code": ITEM, "date": "x"}).status_code == 400


def test_cancellation_frees_the_place_and_allows_rebooking(client, day):
    code = book(client, day, 1).get_json()["appointment_code"]
    wrong = client.post(f"/api/v1/appointments/{code}/cancel", json={"id_number": person(2)["id_number"]})
    assert wrong.status_code == 404
    ok = client.post(f"/api/v1/appointments/{code}/cancel", json={"id_number": person(1)["id_number"]})
    assert ok.get_json()["status"] == "cancelled"
    slots = client.get("/api/v1/appointments/slots", query_string={"item_code": ITEM, "date": day.isoformat()}).get_json()
    assert slots[0]["booked"] == 0
    assert book(client, day, 1).status_code == 201


def move_to_today(app, code):
    """Pretend the booked slot is today around now (the clock is the test's, any hour)."""
    now = datetime.now(SHANGHAI)
    start = max(now - timedelta(minutes=5), now.replace(hour=0, minute=0))
    end = min(now + timedelta(minutes=50), now.replace(hour=23, minute=59))
    session = db_session(app)
    session.execute(update(Appointment).where(Appointment.code == code).values(
        day=now.date(), start=start.strftime("%H:%M"), end=end.strftime("%H:%M")))
    session.commit()
    session.close()


def test_checked_in_appointment_is_served_ahead_of_walk_ins(client, login, app, day):
    code = book(client, day, 1).get_json()["appointment_code"]
    walk_in = client.post("/api/v1/tickets", json={"item_code": ITEM}).get_json()
    early = client.post("/api/v1/tickets", json={"appointment_code": code})
    assert early.status_code == 409
    assert early.get_json()["error"]["code"] == "appointment_not_in_slot"
    move_to_today(app, code)
    ticket = client.post("/api/v1/tickets", json={"appointment_code": code})
    assert ticket.status_code == 201
    assert ticket.get_json()["waiting_ahead"] == 0
    again = client.post("/api/v1/tickets", json={"appointment_code": code})
    assert again.status_code == 200
    assert again.get_json()["number"] == ticket.get_json()["number"]
    headers = login("staff02")
    client.post("/api/v1/windows/2/sign-in", headers=headers)
    first = client.post("/api/v1/windows/2/call-next", headers=headers).get_json()["ticket"]
    assert first["number"] == ticket.get_json()["number"] != walk_in["number"]
    assert client.post("/api/v1/tickets", json={"appointment_code": "Y00000000"}).status_code == 404


def test_no_shows_are_marked_and_three_suspend_booking(client, app, day):
    from hall.appointments.service import mark_no_shows
    from hall.web import current_hall
    codes = []
    for offset in (2, 3, 4):
        when = WorkdayCalendar().add_working_days(hall_today(), offset)
        codes.append(book(client, when, 1).get_json()["appointment_code"])
    session = db_session(app)
    with app.app_context():
        assert mark_no_shows(session, current_hall(session), datetime.now(timezone.utc) + timedelta(days=10)) == 3
        session.commit()
    session.execute(update(Appointment).values(day=hall_today() - timedelta(days=1)))   # they were yesterday
    session.commit()
    assert [a.status for a in session.scalars(select(Appointment))] == ["no_show"] * 3
    session.close()
    refused = book(client, day, 1)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "booking_suspended"
    assert book(client, day, 2).status_code == 201


def test_a_hong_kong_resident_books_and_cancels_by_the_permit_number(client, day):
    """DOMAIN rule 13: an appointment by a 港澳居民来往内地通行证, one per person per day as for
    ID cards, cancelled with the same number however it is spelled."""
    resident = {"kind": "hk_macau_permit", "number": "H12345678", "name": "陈大文", "phone": "85291234567"}
    booked = client.post("/api/v1/appointments", json={"item_code": ITEM, "date": day.isoformat(), "start": "09:00",
                                                       "applicant": resident})
    assert booked.status_code == 201
    assert booked.get_json()["applicant"] == {"name": "陈大文", "id_number": "H1*****78", "kind": "hk_macau_permit"}
    twice = client.post("/api/v1/appointments", json={"item_code": ITEM, "date": day.isoformat(), "start": "14:00",
                                                      "applicant": {**resident, "number": "h 1234 5678"}})
    assert twice.get_json()["error"]["code"] == "already_booked"
    bad = client.post("/api/v1/appointments", json={"item_code": ITEM, "date": day.isoformat(), "start": "10:00",
                                                    "applicant": {**resident, "number": "X12345678"}})
    assert (bad.status_code, bad.get_json()["error"]["code"]) == (400, "invalid_document_number")
    code = booked.get_json()["appointment_code"]
    cancelled = client.post(f"/api/v1/appointments/{code}/cancel", json={"id_number": "h12345678"})
    assert cancelled.get_json()["status"] == "cancelled"
