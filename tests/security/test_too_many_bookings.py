"""Attack: one person (one ID number, or one phone with generated ID numbers) holding many
bookings at once, taking places from everyone else. Now an ID number and a phone each hold at
most three open bookings (409 ``too_many_bookings``); one cancelled or used frees a place."""
from hall.calendar.workdays import WorkdayCalendar
from tests.api.test_appointments import ITEM, hall_today, person

API = "/api/v1/appointments"


def book(client, day, applicant, start="09:00"):
    return client.post(API, json={"item_code": ITEM, "date": day.isoformat(), "start": start, "applicant": applicant})


def days():
    cal = WorkdayCalendar()
    return [cal.add_working_days(hall_today(), n) for n in range(1, 6)]


def test_one_id_number_holds_at_most_three_open_bookings(client):
    one = person(1)
    answers = [book(client, d, {**one, "phone": f"1390000{n:04d}"}) for n, d in enumerate(days()[:4])]
    assert [a.status_code for a in answers] == [201, 201, 201, 409]
    assert answers[-1].get_json()["error"]["code"] == "too_many_bookings"
    first = answers[0].get_json()
    cancelled = client.post(f"{API}/{first['appointment_code']}/cancel", json={"id_number": one["id_number"]})
    assert cancelled.status_code == 200, cancelled.get_json()
    assert book(client, days()[3], one).status_code == 201


def test_one_phone_holds_at_most_three_open_bookings_whatever_the_id_numbers(client):
    day = days()[1]
    phone = "13912345678"
    answers = [book(client, day, {**person(n), "phone": phone}, start=start)
               for n, start in zip(range(10, 14), ("09:00", "10:00", "11:00", "14:00"))]
    assert [a.status_code for a in answers] == [201, 201, 201, 409]
    assert answers[-1].get_json()["error"]["code"] == "too_many_bookings"
    assert book(client, day, person(14)).status_code == 201     # someone else's phone books
