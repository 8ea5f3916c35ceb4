"""帮办代办: a kiosk calls for a helper, the helpers on duty hear it live, one accepts (once,
even when two press at once), the kiosk hears who is coming; arrival, the month's report,
and tickets taken under a 授权委托书."""
import threading
from datetime import date, timedelta

from hall.clock import local_date, utcnow
from tests.api.test_live_events import received, token_of
from tests.conftest import both_databases, db_session

pytestmark = both_databases   # the accept is a conditional UPDATE: its race is run on both

ID_NUMBER = "11010519491231002X"   # a valid 居民身份证 number (check digit X)
ZONE = "Asia/Shanghai"              # the demo hall's


def hall_today() -> date:
    return local_date(utcnow(), ZONE)


def on_duty(client, headers, on=True):
    answer = client.post("/api/v1/helpers/duty", json={"on_duty": on}, headers=headers)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["on_duty"] is on
    return answer.get_json()


def ask(client, kiosk_token, reason="老人需要帮助填表"):
    answer = client.post("/api/v1/assist-requests", json={"reason": reason}, headers={"X-Device-Token": kiosk_token})
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def test_a_kiosk_call_reaches_the_helpers_on_duty_and_the_kiosk_hears_who_is_coming(client, login, device,
                                                                                    socket_client):
    helper = login("helper01")
    on_duty(client, helper)
    kiosk_token, other_kiosk_token = device("kiosk"), device("kiosk")
    helpers_room = socket_client("helpers", token=token_of(helper))
    assert received(helpers_room, "state")[0]["requests"] == []
    kiosk_room = socket_client("kiosk", device_token=kiosk_token)
    other_kiosk = socket_client("kiosk", device_token=other_kiosk_token)
    assert received(kiosk_room, "state")[0]["assist"] is None
    received(other_kiosk, "state")

    asked = ask(client, kiosk_token)
    assert asked["status"] == "waiting"
    paged = received(helpers_room, "assist_requested")
    assert len(paged) == 1
    assert paged[0]["id"] == asked["id"] and paged[0]["reason"] == "老人需要帮助填表"
    assert paged[0]["kiosk"]["id"] and paged[0]["requested_at"]

    accepted = client.post(f"/api/v1/assist-requests/{asked['id']}/accept", headers=helper)
    assert accepted.status_code == 200, accepted.get_json()
    assert accepted.get_json() == {"id": asked["id"], "status": "accepted",
                                   "helper": {"name": "周小燕", "staff_no": "XL0801"}}
    assert received(kiosk_room, "assist_accepted") == [{"id": asked["id"],
                                                        "helper": {"name": "周小燕", "staff_no": "XL0801"}}]
    assert received(other_kiosk, "assist_accepted") == []   # only the kiosk that asked
    # a kiosk that reconnects is told who is on the way
    again = received(socket_client("kiosk", device_token=kiosk_token), "state")[0]
    assert again["assist"]["status"] == "accepted" and again["assist"]["helper"]["name"] == "周小燕"

    # helper02 comes on duty: the request is already taken
    on_duty(client, login("helper02"))
    second = client.post(f"/api/v1/assist-requests/{asked['id']}/accept", headers=login("helper02"))
    assert second.status_code == 409
    assert second.get_json()["error"]["code"] == "already_accepted"

    here = client.post(f"/api/v1/assist-requests/{asked['id']}/arrived", headers=helper)
    assert here.status_code == 200 and here.get_json()["status"] == "arrived"
    assert here.get_json()["seconds_to_accept"] is not None and here.get_json()["seconds_to_arrive"] is not None
    assert received(kiosk_room, "assist_arrived")[0]["id"] == asked["id"]
    twice = client.post(f"/api/v1/assist-requests/{asked['id']}/arrived", headers=helper)
    assert twice.status_code == 409 and twice.get_json()["error"]["code"] == "already_arrived"


def test_only_helpers_on_duty_accept_and_hear_the_room(client, login, device, socket_client):
    helper = login("helper02")
    refused = received(socket_client("helpers", token=token_of(helper)), "join_error")
    assert refused[0]["error"]["code"] == "not_on_duty"
    assert received(socket_client("helpers", token=token_of(login("staff03"))), "join_error")[0]["error"]["code"] \
        == "wrong_role"
    asked = ask(client, device("kiosk"))
    answer = client.post(f"/api/v1/assist-requests/{asked['id']}/accept", headers=helper)
    assert answer.status_code == 409 and answer.get_json()["error"]["code"] == "not_on_duty"
    window_staff = client.post(f"/api/v1/assist-requests/{asked['id']}/accept", headers=login("staff03"))
    assert window_staff.status_code == 403
    on_duty(client, helper)
    assert client.get("/api/v1/helpers/on-duty", headers=login("manager")).get_json()[0]["staff_no"] == "XL0802"
    on_duty(client, helper, on=False)
    assert client.get("/api/v1/helpers/on-duty", headers=login("manager")).get_json() == []
    answer = client.post(f"/api/v1/assist-requests/{asked['id']}/accept", headers=helper)
    assert answer.get_json()["error"]["code"] == "not_on_duty"


def test_who_may_call_for_a_helper(client, login, device):
    nobody = client.post("/api/v1/assist-requests", json={"reason": "帮忙"})
    assert nobody.status_code == 403
    display = client.post("/api/v1/assist-requests", json={"reason": "帮忙"},
                          headers={"X-Device-Token": device("display")})
    assert display.status_code == 403   # a screen that is not a kiosk counts as none
    forged = client.post("/api/v1/assist-requests", json={"reason": "帮忙"}, headers={"X-Device-Token": "forged"})
    assert forged.status_code == 403
    empty = client.post("/api/v1/assist-requests", json={"reason": "  "}, headers={"X-Device-Token": device("kiosk")})
    assert empty.status_code == 400 and empty.get_json()["error"]["code"] == "missing_field"
    by_staff = client.post("/api/v1/assist-requests", json={"reason": "3号窗口有残疾人需要帮办"},
                           headers=login("staff03"))
    assert by_staff.status_code == 201
    listed = client.get("/api/v1/assist-requests?status=waiting", headers=login("helper01")).get_json()
    assert listed[0]["requested_by"]["staff_no"] == "XL0103" and listed[0]["kiosk"] is None


def test_two_helpers_accepting_at_once_one_wins(app, client, login, device):
    helpers = [login("helper01"), login("helper02")]
    for headers in helpers:
        on_duty(client, headers)
    for _round in range(3):
        asked = ask(client, device("kiosk"))
        barrier = threading.Barrier(2)
        answers = []

        def press(headers):
            own = app.test_client()
            barrier.wait()
            answers.append(own.post(f"/api/v1/assist-requests/{asked['id']}/accept", headers=headers))
        threads = [threading.Thread(target=press, args=(h,)) for h in helpers]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        codes = sorted(a.status_code for a in answers)
        assert codes == [200, 409], [a.get_json() for a in answers]
        loser = next(a for a in answers if a.status_code == 409)
        assert loser.get_json()["error"]["code"] == "already_accepted"
        winner = next(a for a in answers if a.status_code == 200).get_json()["helper"]
        row = next(r for r in client.get("/api/v1/assist-requests", headers=helpers[0]).get_json()
                   if r["id"] == asked["id"])
        assert row["helper"] == winner and row["status"] == "accepted"


def test_the_months_report_times_accepting_and_arriving(app, client, login, device):
    from hall.assist.models import AssistRequest
    helper = login("helper01")
    on_duty(client, helper)
    token = device("kiosk")
    first, second, unanswered = ask(client, token), ask(client, token), ask(client, token)
    for asked in (first, second):
        assert client.post(f"/api/v1/assist-requests/{asked['id']}/accept", headers=helper).status_code == 200
    assert client.post(f"/api/v1/assist-requests/{first['id']}/arrived", headers=helper).status_code == 200
    # set the times as they happened: asked 2 and 4 minutes before accepting, arrived 3 minutes later
    session = db_session(app)
    now = utcnow()
    for request_id, waited in ((first["id"], 120), (second["id"], 240)):
        row = session.get(AssistRequest, request_id)
        row.requested_at, row.accepted_at = now - timedelta(seconds=waited + 180), now - timedelta(seconds=180)
        if row.arrived_at:
            row.arrived_at = now
    session.commit()
    session.close()
    month = hall_today().strftime("%Y-%m")
    report = client.get(f"/api/v1/assist-requests/report?month={month}", headers=login("manager")).get_json()
    assert report["requests"] == 3 and report["accepted"] == 2 and report["arrived"] == 1
    assert report["unanswered"] == 1
    assert report["time_to_accept"] == {"count": 2, "mean_seconds": 180.0, "median_seconds": 180.0, "max_seconds": 240}
    assert report["time_to_arrive"]["mean_seconds"] == 180.0
    assert report["helpers"][0]["name"] == "周小燕" and report["helpers"][0]["accepted"] == 2
    assert unanswered["status"] == "waiting"
    bad = client.get("/api/v1/assist-requests/report?month=2026-13", headers=login("manager"))
    assert bad.status_code == 400


def test_a_helper_takes_a_ticket_under_a_power_of_attorney(client, login):
    helper = login("helper01")
    items = client.get("/api/v1/items").get_json()
    chosen, other = items[0]["code"], items[1]["code"]
    until = (hall_today() + timedelta(days=30)).isoformat()
    made = client.post("/api/v1/powers-of-attorney", headers=helper, json={
        "principal": {"name": "李秀英", "id_number": ID_NUMBER}, "items": [chosen], "valid_until": until})
    assert made.status_code == 201, made.get_json()
    attorney = made.get_json()
    assert attorney["principal"] == {"name": "李秀英", "id_number": "1101**********002X"}
    assert ID_NUMBER not in str(client.get("/api/v1/powers-of-attorney", headers=login("manager")).get_json())
    ticket = client.post(f"/api/v1/powers-of-attorney/{attorney['id']}/tickets", headers=helper,
                         json={"item_code": chosen})
    assert ticket.status_code == 201, ticket.get_json()
    assert ticket.get_json()["number"] and ticket.get_json()["attorney"]["id"] == attorney["id"]
    outside = client.post(f"/api/v1/powers-of-attorney/{attorney['id']}/tickets", headers=helper,
                          json={"item_code": other})
    assert outside.status_code == 409 and outside.get_json()["error"]["code"] == "item_not_authorised"
    not_theirs = client.post(f"/api/v1/powers-of-attorney/{attorney['id']}/tickets", headers=login("helper02"),
                             json={"item_code": chosen})
    assert not_theirs.status_code == 403
    for body, code in [({"principal": {"name": "李秀英", "id_number": "110105194912310021"}, "items": [chosen],
                         "valid_until": until}, "invalid_id_number"),
                       ({"principal": {"name": "李秀英", "id_number": ID_NUMBER}, "items": [],
                         "valid_until": until}, "missing_field"),
                       ({"principal": {"name": "李秀英", "id_number": ID_NUMBER}, "items": [chosen],
                         "valid_until": (hall_today() - timedelta(days=1)).isoformat()}, "invalid_date"),
                       ({"principal": {"name": "李秀英", "id_number": ID_NUMBER}, "items": ["nope"],
                         "valid_until": until}, "item_not_found")]:
        refused = client.post("/api/v1/powers-of-attorney", headers=helper, json=body)
        assert refused.status_code == 400 and refused.get_json()["error"]["code"] == code, body


def test_an_expired_power_of_attorney_takes_no_ticket(app, client, login):
    from hall.assist.models import PowerOfAttorney
    helper = login("helper01")
    code = client.get("/api/v1/items").get_json()[0]["code"]
    made = client.post("/api/v1/powers-of-attorney", headers=helper, json={
        "principal": {"name": "李秀英", "id_number": ID_NUMBER}, "items": [code],
        "valid_until": hall_today().isoformat()}).get_json()
    session = db_session(app)
    session.get(PowerOfAttorney, made["id"]).valid_until = hall_today() - timedelta(days=2)
    session.commit()
    session.close()
    expired = client.post(f"/api/v1/powers-of-attorney/{made['id']}/tickets", headers=helper, json={"item_code": code})
    assert expired.status_code == 409 and expired.get_json()["error"]["code"] == "attorney_expired"


def test_a_kiosk_hears_only_its_own_calls(client, login, device, socket_client):
    """No client names another kiosk's room; the kiosk room wants a kiosk's device token."""
    asked_by = device("kiosk")
    assert received(socket_client("kiosk:1"), "join_error")[0]["error"]["code"] == "invalid_room"
    for extra in ({}, {"device_token": device("display")}, {"device_token": "forged"},
                  {"token": token_of(login("manager"))}):
        assert received(socket_client("kiosk", **extra), "join_error")[0]["error"]["code"] == "device_not_registered"
    listener = socket_client("kiosk", device_token=device("kiosk"))
    helper = login("helper01")
    on_duty(client, helper)
    asked = ask(client, asked_by)
    assert client.post(f"/api/v1/assist-requests/{asked['id']}/accept", headers=helper).status_code == 200
    assert received(listener, "assist_accepted") == []
