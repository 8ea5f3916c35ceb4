"""Taking tickets: numbering, idempotency, green channel, caps, bad input."""
from sqlalchemy import update

from hall.catalog.models import Queue
from hall.db import dispose
from tests.conftest import both_databases, db_session

pytestmark = both_databases   # the queue's statements differ by database: run them on both


def first_item(client, queue="business"):
    return next(i for i in client.get("/api/v1/items").get_json() if i["queue"] == queue)


def test_queues_and_items_are_published(client):
    queues = client.get("/api/v1/queues").get_json()
    assert {"code", "prefix", "name", "waiting", "estimated_wait_minutes"} <= set(queues[0])
    items = client.get("/api/v1/items").get_json()
    assert len(items) >= 40
    item = items[0]
    assert {"code", "name", "department", "kind", "queue", "legal_days", "promised_days", "fee",
            "materials"} <= set(item)
    assert {"code", "name", "required"} <= set(item["materials"][0])
    assert {i["kind"] for i in items} == {"instant", "committed", "joint", "report"}


def test_windows_show_status_staff_and_current_ticket(client):
    windows = client.get("/api/v1/windows").get_json()
    assert len(windows) == 18
    assert windows[0]["number"] == 1
    assert [w["status"] for w in windows] == ["closed"] * len(windows)
    assert [w["staff"] for w in windows] == [None] * len(windows)
    assert [w["current_ticket"] for w in windows] == [None] * len(windows)


def test_tickets_number_in_sequence_per_queue(client):
    queue = client.get("/api/v1/queues").get_json()[0]
    first = client.post("/api/v1/tickets", json={"queue_code": queue["code"]})
    second = client.post("/api/v1/tickets", json={"queue_code": queue["code"]})
    assert first.status_code == 201
    assert second.status_code == 201
    a, b = first.get_json(), second.get_json()
    assert a["number"] == f"{queue['prefix']}001"
    assert b["number"] == f"{queue['prefix']}002"
    assert a["waiting_ahead"] == 0
    assert b["waiting_ahead"] == 1
    assert b["issued_at"].endswith("+08:00")
    assert b["track_url"].endswith("/t/" + b["token"])
    assert {"id", "number", "queue", "status", "waiting_ahead", "estimated_wait_minutes", "issued_at",
            "track_url"} <= set(b)
    assert client.get("/api/v1/queues").get_json()[0]["waiting"] == 2


def test_ticket_by_item_goes_to_the_items_queue(client):
    item = first_item(client, "tax") if any(i["queue"] == "tax" for i in client.get("/api/v1/items").get_json()) \
        else first_item(client)
    ticket = client.post("/api/v1/tickets", json={"item_code": item["code"]}).get_json()
    assert ticket["queue"] == item["queue"]
    assert ticket["item"] == item["code"]


def test_same_idempotency_key_returns_the_same_ticket(client):
    headers = {"Idempotency-Key": "kiosk-1-abc"}
    queue = client.get("/api/v1/queues").get_json()[0]["code"]
    first = client.post("/api/v1/tickets", json={"queue_code": queue}, headers=headers)
    again = client.post("/api/v1/tickets", json={"queue_code": queue}, headers=headers)
    assert first.status_code == 201
    assert again.status_code == 200
    assert first.get_json()["number"] == again.get_json()["number"]
    assert client.get("/api/v1/queues").get_json()[0]["waiting"] == 1


def test_green_channel_waits_behind_nobody_but_green(client, login):
    queue = client.get("/api/v1/queues").get_json()[0]["code"]
    for _ in range(3):
        client.post("/api/v1/tickets", json={"queue_code": queue})
    green = client.post("/api/v1/tickets", json={"queue_code": queue, "green_channel": True},
                        headers=login("manager")).get_json()   # staff (or a registered kiosk) issue green
    assert green["waiting_ahead"] == 0
    assert green["green_channel"] is True


def test_daily_cap_gives_a_clear_error_and_no_number_is_lost(client, app):
    queue = client.get("/api/v1/queues").get_json()[0]["code"]
    session = db_session(app)
    session.execute(update(Queue).where(Queue.code == queue).values(daily_cap=2))
    session.commit()
    session.close()
    assert client.post("/api/v1/tickets", json={"queue_code": queue}).status_code == 201
    assert client.post("/api/v1/tickets", json={"queue_code": queue}).status_code == 201
    refused = client.post("/api/v1/tickets", json={"queue_code": queue})
    assert refused.status_code == 409
    body = refused.get_json()
    assert body["error"]["code"] == "daily_cap_reached"
    assert "今日号票已发放完毕" in body["error"]["message"]
    assert client.get("/api/v1/queues").get_json()[0]["waiting"] == 2


def test_bad_ticket_requests_get_chinese_errors_not_500(client):
    cases = [
        ({"queue_code": "nope"}, 404, "queue_not_found"),
        ({"item_code": "NOPE"}, 404, "item_not_found"),
        ({}, 400, "missing_field"),
        ({"queue_code": 5}, 400, "invalid_field"),
        ({"queue_code": "business", "green_channel": "yes"}, 400, "invalid_field"),
    ]
    for body, status, code in cases:
        response = client.post("/api/v1/tickets", json=body)
        assert response.status_code == status, body
        error = response.get_json()["error"]
        assert error["code"] == code
        assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"])
    broken = client.post("/api/v1/tickets", data="{not json", content_type="application/json")
    assert broken.status_code == 400
    assert broken.get_json()["error"]["code"] == "invalid_json"
    assert client.get("/api/v1/nothing-here").get_json()["error"]["code"] == "not_found"


def test_ticket_tracking_by_token(client):
    ticket = client.post("/api/v1/tickets", json={"queue_code": "business"}).get_json()
    tracked = client.get(f"/api/v1/tickets/by-token/{ticket['token']}").get_json()
    assert tracked["number"] == ticket["number"]
    assert tracked["status"] == "waiting"
    assert client.get("/api/v1/tickets/by-token/unknown-token").status_code == 404


def test_ticket_issuing_is_rate_limited_per_kiosk_and_address(template_db, tmp_path):
    import shutil
    from tests.conftest import _app_for
    path = tmp_path / "limited.sqlite3"
    shutil.copy(template_db, path)
    app = _app_for(f"sqlite:///{path}", tmp_path, HALL_TICKET_RATE_LIMIT="3/minute")
    client = app.test_client()
    for _ in range(3):
        assert client.post("/api/v1/tickets", json={"queue_code": "tax"}).status_code == 201
    limited = client.post("/api/v1/tickets", json={"queue_code": "tax"})
    assert limited.status_code == 429
    assert limited.get_json()["error"] == {"code": "rate_limited", "message": "操作过于频繁，请稍后再试"}
    from hall.devices.service import add_device
    from hall.web import current_hall
    from tests.conftest import db_session
    session = db_session(app)
    with app.app_context():
        _device, token = add_device(session, current_hall(session), "kiosk", name="一楼取号机")
    session.commit()
    session.close()
    kiosk = client.post("/api/v1/tickets", json={"queue_code": "tax"}, headers={"X-Device-Token": token})
    assert kiosk.status_code == 201                    # a registered kiosk has its own allowance
    assert client.get("/api/v1/queues").get_json()[1]["waiting"] == 4
    dispose(app)
