"""帮办代办 on a case: a window accepting a case names the 授权委托书 the helper presents (or the
ticket the helper took under one names it); the case records who applied for whom, only for
the principal, the items and the days the power covers; its answer, progress and 受理通知书
show the 代办人. On SQLite and PostgreSQL."""
from datetime import timedelta

from hall.assist.models import PowerOfAttorney
from tests.api.test_assist import hall_today
from tests.api.test_cases import APPLICANT, ITEM, make_desk
from tests.conftest import both_databases, db_session
from tests.pdfs import first_page_png, pdf_text
from tests.unit.test_case_rules import make_id

pytestmark = both_databases
MATERIALS = ["M01", "M02", "M03", "M04", "M05"]


def power(client, helper, items=(ITEM,), id_number=APPLICANT["id_number"], days=30):
    made = client.post("/api/v1/powers-of-attorney", headers=helper, json={
        "principal": {"name": APPLICANT["name"], "id_number": id_number}, "items": list(items),
        "valid_until": (hall_today() + timedelta(days=days)).isoformat()})
    assert made.status_code == 201, made.get_json()
    return made.get_json()


def refused(answer, status, code):
    assert answer.status_code == status, answer.get_json()
    body = answer.get_json()
    assert body["error"]["code"] == code, body
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["error"]["message"]), body
    return body


def test_a_case_from_a_ticket_taken_under_a_power_of_attorney_names_the_helper(client, login, tmp_path):
    helper = login("helper01")
    attorney = power(client, helper)
    taken = client.post(f"/api/v1/powers-of-attorney/{attorney['id']}/tickets", headers=helper,
                        json={"item_code": ITEM})
    assert taken.status_code == 201, taken.get_json()
    desk = make_desk(client, login, 2)
    assert desk.ticket_id == taken.get_json()["id"]
    accepted = desk.accept()
    assert accepted.status_code == 201, accepted.get_json()
    case = accepted.get_json()
    assert case["attorney"]["helper"] == {"name": "周小燕", "staff_no": "XL0801"}
    assert case["attorney"]["principal"] == APPLICANT["name"] and case["attorney"]["attorney_id"] == attorney["id"]

    listed = client.get("/api/v1/powers-of-attorney", headers=helper).get_json()
    assert next(a for a in listed if a["id"] == attorney["id"])["cases"] == [case["case_no"]]
    shown = client.get(f"/api/v1/cases/{case['case_no']}", headers=desk.headers).get_json()
    assert shown["attorney"]["helper"]["staff_no"] == "XL0801"
    assert any(s["name"] == "帮办代办" and "周小燕" in s["detail"] for s in shown["steps"])
    progress = client.get(f"/api/v1/cases/{case['case_no']}/progress?query_code={case['query_code']}").get_json()
    assert progress["applicant_name"] == APPLICANT["name"]
    assert progress["attorney"]["helper"] == {"name": "周小燕", "staff_no": "XL0801"}
    pdf = client.get(f"/api/v1/cases/{case['case_no']}/receipt.pdf?query_code={case['query_code']}")
    assert pdf.status_code == 200
    words = pdf_text(pdf.data, tmp_path, "r.pdf")
    assert "代办人" in words and "周小燕" in words and "XL0801" in words
    first_page_png(pdf.data, tmp_path, "receipt-attorney", dpi=80)   # the page as printed, kept to be looked at


def test_a_window_names_the_power_of_attorney_and_a_case_without_one_has_no_attorney(client, login):
    helper = login("helper01")
    attorney = power(client, helper)
    plain = make_desk(client, login, 2).accept()
    assert plain.status_code == 201 and plain.get_json()["attorney"] is None
    named = make_desk(client, login, 3).accept(attorney_id=attorney["id"])
    assert named.status_code == 201, named.get_json()
    assert named.get_json()["attorney"]["attorney_id"] == attorney["id"]


def test_a_power_of_attorney_covers_only_its_principal_items_and_days(app, client, login):
    helper = login("helper01")
    other_person = power(client, helper, id_number=make_id("11010519600101123"))
    refused(make_desk(client, login, 2).accept(attorney_id=other_person["id"]), 422, "principal_mismatch")
    other_item = power(client, helper, items=("SCJG001",))
    refused(make_desk(client, login, 2).accept(attorney_id=other_item["id"]), 409, "item_not_authorised")
    refused(make_desk(client, login, 2).accept(attorney_id=999999), 404, "attorney_not_found")
    refused(make_desk(client, login, 2).accept(attorney_id="1"), 400, "invalid_field")
    lapsed = power(client, helper)
    session = db_session(app)
    session.get(PowerOfAttorney, lapsed["id"]).valid_until = hall_today() - timedelta(days=1)
    session.commit()
    session.close()
    refused(make_desk(client, login, 2).accept(attorney_id=lapsed["id"]), 409, "attorney_expired")


def test_a_ticket_taken_under_one_power_of_attorney_is_not_used_under_another(client, login):
    helper = login("helper01")
    first, second = power(client, helper), power(client, helper)
    client.post(f"/api/v1/powers-of-attorney/{first['id']}/tickets", headers=helper, json={"item_code": ITEM})
    desk = make_desk(client, login, 2)
    body = refused(desk.accept(attorney_id=second["id"]), 409, "attorney_mismatch")
    assert body["ticket_attorney_id"] == first["id"]
    # nothing was accepted: the same ticket under its own power of attorney still goes through
    again = desk.accept(attorney_id=first["id"])
    assert again.status_code == 201, again.get_json()
