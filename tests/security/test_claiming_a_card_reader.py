"""Attack: jumping the line as "elderly" by claiming an ID-card reader. Anyone can post a
grandparent's ID number with ``id_source: "reader"`` from a phone, or from a kiosk that
has no reader; and the lookup that finds a card holder's appointment could be asked about
any number to learn who booked. Only a registered kiosk of the hall with a reader
configured is believed, and a typed number never gives priority."""
from tests.unit.test_case_rules import make_id

API = "/api/v1"
GRANDMOTHER = {"name": "张秀英", "id_number": make_id("11010119500307123"), "birth_date": "1950-03-07"}


def test_a_phone_or_a_reader_less_kiosk_cannot_claim_a_card_read(client, device):
    first = client.post(f"{API}/tickets", json={"queue_code": "business"}).get_json()
    for headers in ({}, {"X-Device-Token": "forged"}, {"X-Device-Token": device("kiosk")},
                    {"X-Device-Token": device("display")}):
        claimed = client.post(f"{API}/tickets", headers=headers,
                              json={"queue_code": "business", "applicant": GRANDMOTHER, "id_source": "reader"})
        assert claimed.status_code == 403, headers
        assert claimed.get_json()["error"]["code"] == "reader_not_configured"
    typed = client.post(f"{API}/tickets", json={"queue_code": "business", "applicant": GRANDMOTHER}).get_json()
    assert typed["elderly"] is False and typed["waiting_ahead"] == 1 and first["waiting_ahead"] == 0


def test_nobody_but_a_reader_kiosk_learns_whether_a_number_booked(client, device):
    for headers in ({}, {"X-Device-Token": "forged"}, {"X-Device-Token": device("kiosk")}):
        probe = client.post(f"{API}/appointments/for-card", headers=headers, json={"id_number": GRANDMOTHER["id_number"]})
        assert probe.status_code == 403 and "appointment" not in probe.get_json()
