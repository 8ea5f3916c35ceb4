"""Elderly priority read from an ID card (DOMAIN rules 12, 13) and 老年人专窗, through the API."""
import pytest
from sqlalchemy import select, text

from hall.queueing.models import Ticket
from tests.api.test_appointments import ITEM, book, move_to_today, person
from tests.conftest import both_databases, db_session
from tests.unit.test_case_rules import make_id

pytestmark = both_databases   # the call-order statements differ by database

BORN_1950 = make_id("11010119500307123")
BORN_1990 = make_id("11010119900101123")
READER = "ws://127.0.0.1:18890"


def card(number=BORN_1950, name="张秀英", born=None):
    return {"name": name, "id_number": number, "birth_date": born or f"{number[6:10]}-{number[10:12]}-{number[12:14]}"}


@pytest.fixture
def kiosk(client, login):
    """The token of a registered kiosk with an ID-card reader."""
    made = client.post("/api/v1/devices", headers=login("manager"), json={"kind": "kiosk", "reader_url": READER})
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["reader_url"] == READER
    return made.get_json()["token"]


def take(client, kiosk_token=None, **body):
    headers = {"X-Device-Token": kiosk_token} if kiosk_token else {}
    return client.post("/api/v1/tickets", json={"queue_code": "business", **body}, headers=headers)


def test_a_card_read_at_a_reader_kiosk_gives_elderly_priority(client, kiosk, app):
    walk_in = take(client).get_json()
    old = take(client, kiosk, applicant=card(), id_source="reader")
    assert old.status_code == 201, old.get_json()
    answer = old.get_json()
    assert answer["elderly"] is True and walk_in["elderly"] is False
    assert answer["waiting_ahead"] == 0            # ahead of the walk-in who came first
    for field in ("id", "number", "queue", "status", "waiting_ahead", "estimated_wait_minutes", "issued_at",
                  "track_url"):
        assert field in answer                     # CONTRACT's /tickets fields stay
    young = take(client, kiosk, applicant=card(BORN_1990, "李明"), id_source="reader").get_json()
    assert young["elderly"] is False and young["waiting_ahead"] == 2
    # stored masked with its keyed hash, as cases keep applicants: never the number itself
    session = db_session(app)
    row = session.scalar(select(Ticket).where(Ticket.id == answer["id"]))
    assert row.applicant_id_masked == BORN_1950[:4] + "*" * 10 + BORN_1950[-4:]
    assert row.applicant_id_hash and len(row.applicant_id_hash) == 64 and row.applicant_name == "张秀英"
    assert row.device_id is not None
    from hall.queueing.models import TicketEvent
    issued = session.scalar(select(TicketEvent.detail).where(TicketEvent.ticket_id == answer["id"],
                                                             TicketEvent.kind == "issued"))
    assert issued == {"green_channel": False, "elderly": True}        # why it went ahead, in its log
    dump = " ".join(str(v) for r in session.execute(text("SELECT * FROM ticket")).all() for v in r)
    session.close()
    assert BORN_1950 not in dump


def test_a_typed_number_gives_no_elderly_priority(client, kiosk):
    take(client)
    typed = take(client, applicant=card()).get_json()
    assert typed["elderly"] is False and typed["waiting_ahead"] == 1
    typed_at_kiosk = take(client, kiosk, applicant=card(), id_source="typed").get_json()
    assert typed_at_kiosk["elderly"] is False


def test_only_a_registered_kiosk_with_a_reader_may_claim_a_reader(client, login, device):
    anyone = take(client, applicant=card(), id_source="reader")
    assert anyone.status_code == 403 and anyone.get_json()["error"]["code"] == "reader_not_configured"
    no_reader = take(client, device("kiosk"), applicant=card(), id_source="reader")
    assert no_reader.status_code == 403
    display = take(client, device("display"), applicant=card(), id_source="reader")
    assert display.status_code == 403


def test_bad_card_reads_are_400_and_issue_nothing(client, kiosk):
    before = client.get("/api/v1/queues").get_json()
    for applicant, code in ((card(born="1951-01-01"), "birth_date_mismatch"),
                            ({"name": "张", "id_number": "110101195003071234"}, "invalid_id_number"),
                            (None, "missing_field")):
        bad = take(client, kiosk, applicant=applicant, id_source="reader")
        assert bad.status_code == 400 and bad.get_json()["error"]["code"] == code
    assert client.get("/api/v1/queues").get_json() == before


def signed_in(client, login, number):
    headers = login(f"staff{number:02d}")
    assert client.post(f"/api/v1/windows/{number}/sign-in", headers=headers).status_code == 200
    return headers


def call_next(client, headers, number):
    answer = client.post(f"/api/v1/windows/{number}/call-next", headers=headers)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["ticket"]["number"]


def test_called_after_green_before_appointments_and_walk_ins(client, login, kiosk, app, day):
    code = book(client, day, 1).get_json()["appointment_code"]
    move_to_today(app, code)
    walk_in = take(client).get_json()["number"]
    appointment = client.post("/api/v1/tickets", json={"appointment_code": code}).get_json()["number"]
    elderly = take(client, kiosk, applicant=card(), id_source="reader").get_json()["number"]
    green = take(client, kiosk, green_channel=True).get_json()["number"]   # from a registered kiosk
    headers = signed_in(client, login, 2)
    called = [call_next(client, headers, 2) for _ in range(4)]
    assert called == [green, elderly, appointment, walk_in]


def test_the_hall_setting_turns_it_off_and_an_elderly_first_window_still_calls_them_first(client, login, kiosk):
    manager = login("manager")
    hall = client.get("/api/v1/hall").get_json()
    assert hall["elderly_priority"] is True
    off = client.put("/api/v1/admin/hall", headers=manager, json={
        "name": hall["name"], "opens_at": hall["opens_at"], "closes_at": hall["closes_at"],
        "open_on": hall["open_on"], "ticket_cutoff_minutes": hall["ticket_cutoff_minutes"], "elderly_priority": False})
    assert off.status_code == 200 and off.get_json()["elderly_priority"] is False
    flagged = client.put("/api/v1/admin/windows/3", headers=manager, json={"elderly_first": True})
    assert flagged.status_code == 200 and flagged.get_json()["elderly_first"] is True
    assert [w for w in client.get("/api/v1/windows").get_json() if w["number"] == 3][0]["elderly_first"] is True
    first, second = take(client).get_json()["number"], take(client).get_json()["number"]
    old = take(client, kiosk, applicant=card(), id_source="reader").get_json()
    assert old["elderly"] is True and old["waiting_ahead"] == 2      # no priority in this hall's line
    green = take(client, kiosk, green_channel=True).get_json()["number"]   # from a registered kiosk
    # window 3 (老年人专窗): green, then the elderly, then the others
    w3 = signed_in(client, login, 3)
    waiting = client.get("/api/v1/windows/3/console", headers=w3).get_json()["waiting"]
    assert [t["number"] for t in waiting][:2] == [green, old["number"]]   # its list in its call order
    assert [t["elderly"] for t in waiting][:2] == [False, True]
    assert call_next(client, w3, 3) == green
    assert call_next(client, w3, 3) == old["number"]
    # window 2 (ordinary): in the order they came
    w2 = signed_in(client, login, 2)
    assert call_next(client, w2, 2) == first
    assert call_next(client, w2, 2) == second


def test_elderly_first_is_checked_like_the_other_flags(client, login):
    bad = client.put("/api/v1/admin/windows/3", headers=login("manager"), json={"elderly_first": "maybe"})
    assert bad.status_code == 400 and bad.get_json()["field"] == "elderly_first"


def test_a_card_finds_todays_appointment_at_a_reader_kiosk_only(client, kiosk, device, app, day):
    someone = person(1)
    code = book(client, day, 1).get_json()["appointment_code"]
    url = "/api/v1/appointments/for-card"
    assert client.post(url, json={"id_number": someone["id_number"]}, headers={"X-Device-Token": kiosk}) \
        .get_json() == {"appointment": None}                 # booked for another day
    move_to_today(app, code)
    found = client.post(url, json={"id_number": someone["id_number"]}, headers={"X-Device-Token": kiosk})
    assert found.status_code == 200
    assert found.get_json()["appointment"]["appointment_code"] == code
    assert found.get_json()["appointment"]["item_code"] == ITEM
    assert client.post(url, json={"id_number": BORN_1950}, headers={"X-Device-Token": kiosk}) \
        .get_json() == {"appointment": None}
    for headers in ({}, {"X-Device-Token": device("kiosk")}):
        refused = client.post(url, json={"id_number": someone["id_number"]}, headers=headers)
        assert refused.status_code == 403


@pytest.mark.parametrize("url", ["ws://192.168.1.5:18890", "http://example.com/card", "file:///tmp/x"])
def test_a_reader_off_the_kiosk_is_refused(client, login, url):
    manager = login("manager")
    bad = client.post("/api/v1/devices", headers=manager, json={"kind": "kiosk", "reader_url": url})
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "invalid_reader_url"
    display = client.post("/api/v1/devices", headers=manager, json={"kind": "display", "reader_url": READER})
    assert display.status_code == 400


def test_a_kiosk_learns_its_reader_and_a_manager_changes_it(client, login, kiosk):
    me = client.get("/api/v1/devices/me", headers={"X-Device-Token": kiosk}).get_json()
    assert me["reader_url"] == READER
    manager = login("manager")
    changed = client.put(f"/api/v1/devices/{me['id']}", headers=manager, json={"reader_url": "http://127.0.0.1:18891/card"})
    assert changed.status_code == 200 and changed.get_json()["reader_url"] == "http://127.0.0.1:18891/card"
    assert client.put(f"/api/v1/devices/{me['id']}", headers=manager,
                      json={"reader_url": "ws://10.0.0.1:1"}).status_code == 400
    cleared = client.put(f"/api/v1/devices/{me['id']}", headers=manager, json={"reader_url": ""})
    assert cleared.get_json()["reader_url"] is None


@pytest.fixture
def day():
    from tests.api.test_appointments import hall_today
    from hall.calendar.workdays import WorkdayCalendar
    return WorkdayCalendar().add_working_days(hall_today(), 2)


def test_the_window_sheet_carries_the_elderly_window_both_ways(client, login):
    import io
    from openpyxl import load_workbook
    manager = login("manager")
    assert client.put("/api/v1/admin/windows/3", headers=manager, json={"elderly_first": True}).status_code == 200
    exported = client.get("/api/v1/admin/export.xlsx", headers=manager)
    book = load_workbook(io.BytesIO(exported.data))
    sheet = book["窗口"]
    headings = [c.value for c in sheet[1]]
    column = headings.index("老年人专窗")
    cells = {row[0]: row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert cells[3] == "是" and cells[2] == "否"
    # the manager swaps the flag in the sheet and imports it back
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in (2, 3):
            row[column].value = "是" if row[0].value == 2 else "否"
    out = io.BytesIO()
    book.save(out)
    done = client.post("/api/v1/admin/import", data=out.getvalue(), headers=manager)
    assert done.status_code == 200 and done.get_json()["errors"] == [], done.get_json()
    flags = {w["number"]: w["elderly_first"] for w in client.get("/api/v1/admin/windows", headers=manager).get_json()}
    assert flags[2] is True and flags[3] is False
    # a wrong cell is named by sheet, row and column, and nothing is written
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == 2:
            row[column].value = "也许"
    out = io.BytesIO()
    book.save(out)
    wrong = client.post("/api/v1/admin/import", data=out.getvalue(), headers=manager).get_json()
    assert [(e["sheet"], e["field"]) for e in wrong["errors"]] == [("窗口", "老年人专窗")]
    assert {w["number"]: w["elderly_first"] for w in client.get("/api/v1/admin/windows", headers=manager)
            .get_json()}[2] is True


def test_a_card_read_is_forgotten_with_the_tickets_day(client, kiosk, app):
    """The name, masked number and hash a reader put on a ticket go with its day (the sweep);
    the elderly flag that explains its place in the line stays."""
    from datetime import timedelta

    from hall.clock import utcnow
    from tests.conftest import run_sweep

    answer = take(client, kiosk, applicant=card(), id_source="reader").get_json()
    assert run_sweep(app, utcnow())["card_reads_forgotten"] == 0          # still its day
    assert run_sweep(app, utcnow() + timedelta(days=1))["card_reads_forgotten"] == 1
    session = db_session(app)
    row = session.scalar(select(Ticket).where(Ticket.id == answer["id"]))
    session.close()
    assert (row.applicant_name, row.applicant_id_masked, row.applicant_id_hash) == ("", "", None)
    assert row.elderly is True
