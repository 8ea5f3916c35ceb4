"""Several halls in one deployment: every record in its hall, devices and staff bound to
theirs, a regional view over all."""
import pytest

from tests.api.test_live_events import received, token_of
from tests.api.test_windows import take

TOWN = {"X-Hall": "xinlin-zhen"}


def test_each_hall_has_its_own_catalog_numbers_and_lines(client):
    assert len(client.get("/api/v1/windows").get_json()) == 18                 # the district centre by default
    town_windows = client.get("/api/v1/windows", headers=TOWN).get_json()
    assert [w["number"] for w in town_windows] == [1, 2, 3]
    assert {q["code"] for q in client.get("/api/v1/queues", headers=TOWN).get_json()} == {"social", "welfare"}
    assert client.get("/api/v1/queues?hall=xinlin-zhen").get_json()[0]["code"] in ("social", "welfare")
    district = take(client, "social")
    town = client.post("/api/v1/tickets", json={"queue_code": "social"}, headers=TOWN).get_json()
    assert district["number"] == town["number"] == "D001"                      # numbered per hall
    assert town["hall_name"] == "新林镇便民服务中心"
    assert client.get("/api/v1/queues", headers=TOWN).get_json()[0]["waiting"] + \
        client.get("/api/v1/queues", headers=TOWN).get_json()[1]["waiting"] == 1
    assert client.post("/api/v1/tickets", json={"queue_code": "business"}, headers=TOWN).status_code == 404
    unknown = client.get("/api/v1/queues", headers={"X-Hall": "nowhere"})
    assert unknown.status_code == 404
    assert unknown.get_json()["error"]["code"] == "hall_not_found"
    # a ticket's page finds its own hall from the token alone
    assert client.get(f"/api/v1/tickets/by-token/{town['token']}").get_json()["hall_name"] == "新林镇便民服务中心"


def test_staff_act_in_their_own_hall_only(client, login):
    zhen = login("zhen01")
    assert client.post("/api/v1/windows/1/sign-in", headers=zhen).status_code == 200
    client.post("/api/v1/tickets", json={"queue_code": "social"}, headers=TOWN)
    take(client, "social")                                                     # the district's D001
    called = client.post("/api/v1/windows/1/call-next", headers=zhen).get_json()["ticket"]
    assert called["hall_name"] == "新林镇便民服务中心"
    # asking for the other hall does not move a staff member there
    assert client.post("/api/v1/windows/1/call-next", headers={**zhen, "X-Hall": "xinlin"}).status_code == 404
    assert client.get("/api/v1/windows", headers=TOWN).get_json()[0]["staff"]["name"] == "常红"
    assert client.get("/api/v1/windows").get_json()[0]["staff"] is None


def test_devices_belong_to_the_hall_that_registered_them(client, login, socket_client):
    pad = client.post("/api/v1/devices", json={"kind": "rating_pad", "window": 1}, headers=login("zhen-manager")).get_json()
    me = client.get("/api/v1/devices/me", headers={"X-Device-Token": pad["token"]}).get_json()
    assert me["hall"]["code"] == "xinlin-zhen"
    refused = received(socket_client("rating_pad:1", device_token=pad["token"]), "join_error")
    assert refused[0]["error"]["code"] == "device_not_registered"        # not a pad of the district's window 1


def test_the_region_sees_every_hall_and_may_look_into_each(client, login):
    region = login("region")
    for user in ("manager", "staff01"):
        assert client.get("/api/v1/region", headers=login(user)).status_code == 403
    client.post("/api/v1/tickets", json={"queue_code": "social"}, headers=TOWN)
    take(client, "tax")
    take(client, "tax")
    view = client.get("/api/v1/region", headers=region).get_json()
    assert [(h["code"], h["issued"]) for h in view["halls"]] == [("xinlin", 2), ("xinlin-zhen", 1)]
    assert view["total"]["issued"] == 3
    assert view["total"]["waiting"] == 3
    assert client.get("/api/v1/dashboard", headers={**region, **TOWN}).get_json()["today"]["issued"] == 1
    assert client.get("/api/v1/dashboard", headers={**login("manager"), **TOWN}).get_json()["today"]["issued"] == 2


@pytest.mark.parametrize("room", ["manager", "window:1"])
def test_staff_rooms_are_their_halls(socket_client, login, room):
    refused = received(socket_client(room, token=token_of(login("zhen-manager"))), "join_error")
    assert refused[0]["error"]["code"] == "wrong_hall"


def test_a_lobby_screen_hears_its_own_halls_calls_only(app, client, login):
    from hall import socketio
    district = socketio.test_client(app)
    town = socketio.test_client(app, query_string="hall=xinlin-zhen")
    for screen in (district, town):
        screen.emit("join", {"room": "display"})
    assert received(town, "state")[0]["hall"]["name"] == "新林镇便民服务中心"
    zhen = login("zhen03")
    client.post("/api/v1/windows/3/sign-in", headers=zhen)
    client.post("/api/v1/tickets", json={"queue_code": "welfare"}, headers=TOWN)
    client.post("/api/v1/windows/3/call-next", headers=zhen)
    assert [c["text"] for c in received(town, "ticket_called")] == ["请F001号到3号窗口办理"]
    assert received(district, "ticket_called") == []
    for screen in (district, town):
        screen.disconnect()


def test_a_halls_audit_log_shows_its_own_staff(client, login):
    client.post("/api/v1/windows/1/sign-in", headers=login("zhen01"))
    client.post("/api/v1/windows/2/sign-in", headers=login("staff02"))
    assert [e["username"] for e in client.get("/api/v1/audit", headers=login("manager")).get_json()] == ["staff02"]
    assert [e["username"] for e in client.get("/api/v1/audit", headers=login("zhen-manager")).get_json()] == ["zhen01"]
