"""对接外部系统 through the API: integrations, the outbox rows written with their change, and
deliveries to a real receiver process on loopback (signature, retries, dead, retry button)."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from hall.integrations import rules, worker
from hall.integrations.models import Delivery
from tests.api.test_cases import make_desk
from tests.conftest import both_databases, db_session, free_port

pytestmark = both_databases
RECEIVER = Path(__file__).resolve().parents[1] / "outbox_receiver.py"
SECRET = "hcp-secret-0123456789"


class Receiver:
    """The outside system, its own process (``tests/outbox_receiver.py``)."""

    def __init__(self, secret: str | None = SECRET, fail_first: int = 0, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/events"
        args = [sys.executable, str(RECEIVER), str(self.port), "--fail-first", str(fail_first)]
        if secret is not None:
            args += ["--secret", secret]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "ready"

    def log(self) -> list[dict]:
        return requests.get(f"http://127.0.0.1:{self.port}/log", timeout=5).json()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


@pytest.fixture
def receiver():
    started = []

    def _start(**kwargs) -> Receiver:
        started.append(Receiver(**kwargs))
        return started[-1]
    yield _start
    for r in started:
        r.stop()


def integrate(client, login, url: str, events, name: str = "省好差评系统") -> int:
    response = client.post("/api/v1/admin/integrations", headers=login("manager"),
                           json={"name": name, "url": url, "secret": SECRET, "events": list(events)})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def deliver_all(app, **settings) -> int:
    """Run the server's worker here until nothing is due (what ``hall serve`` does in the background)."""
    wanted = worker.settings_of(app) | {"base": 0.0} | settings
    done = 0
    while worker.deliver_one(app, wanted):
        done += 1
        assert done < 500
    return done


def rows(app, **where) -> list[Delivery]:
    session = db_session(app)
    try:
        query = select(Delivery).order_by(Delivery.id)
        for key, value in where.items():
            query = query.where(getattr(Delivery, key) == value)
        return list(session.scalars(query).all())
    finally:
        session.close()


def rated_case(client, login) -> tuple[dict, dict]:
    """A case accepted at window 2, its service finished and rated 2 with a reason: (case, rating)."""
    desk = make_desk(client, login, 2)
    case = desk.accept()
    assert case.status_code == 201, case.get_json()
    finished = client.post(f"/api/v1/tickets/{desk.ticket_id}/finish", headers=desk.headers)
    assert finished.status_code == 200
    token = finished.get_json().get("rating_token")
    if token is None:
        token = client.get(f"/api/v1/tickets/by-token/{desk.ticket_token}").get_json()["rating_token"]
    rating = client.post("/api/v1/ratings", json={"rating_token": token, "level": 2, "reasons": ["办事效率低"],
                                                   "channel": "phone"})
    assert rating.status_code == 201, rating.get_json()
    return case.get_json(), rating.get_json()


def test_creating_an_integration_checks_its_fields_and_is_for_managers(client, login):
    manager = login("manager")
    good = {"name": "省好差评系统", "url": "https://hcp.example.gov.cn/push", "secret": SECRET,
            "events": ["rating.created"]}
    for change, code in (({"name": ""}, "invalid_name"), ({"url": "ftp://x"}, "invalid_url"),
                         ({"secret": "short"}, "invalid_secret"), ({"events": ["rating.deleted"]}, "unknown_event"),
                         ({"events": []}, "unknown_event")):
        response = client.post("/api/v1/admin/integrations", headers=manager, json=good | change)
        assert response.status_code == 400 and response.get_json()["error"]["code"] == code, change
    assert client.post("/api/v1/admin/integrations", headers=login("staff02"), json=good).status_code == 403
    assert client.post("/api/v1/admin/integrations", json=good).status_code == 401
    created = client.post("/api/v1/admin/integrations", headers=manager, json=good)
    assert created.status_code == 201 and set(created.get_json()) == {"id"}
    twice = client.post("/api/v1/admin/integrations", headers=manager, json=good)
    assert twice.status_code == 409 and twice.get_json()["error"]["code"] == "integration_exists"
    listed = client.get("/api/v1/admin/integrations", headers=manager).get_json()
    assert [(i["name"], i["events"]) for i in listed] == [("省好差评系统", ["rating.created"])]
    assert "secret" not in listed[0]
    audit = client.get("/api/v1/audit", headers=manager).get_json()
    assert any(e["path"] == "/api/v1/admin/integrations" and e["method"] == "POST" for e in audit)
    assert client.get("/api/v1/admin/integrations/999/deliveries", headers=manager).status_code == 404
    bad = client.get(f"/api/v1/admin/integrations/{created.get_json()['id']}/deliveries?status=x", headers=manager)
    assert bad.status_code == 400


def test_no_integration_means_no_outbox_rows(client, login, app):
    rated_case(client, login)
    assert rows(app) == []


def test_a_rating_reaches_the_receiver_signed_with_its_case_and_the_rest(client, login, app, receiver):
    outside = receiver()
    integration = integrate(client, login, outside.url, ["rating.created", "case.accepted"])
    case, _rating = rated_case(client, login)
    written = rows(app)
    assert sorted(r.event for r in written) == ["case.accepted", "rating.created"]   # no ticket.* rows
    assert all(r.status == "pending" for r in written)
    assert deliver_all(app) == 2
    log = outside.log()
    assert [e["status"] for e in log] == [200, 200] and all(e["signature_ok"] for e in log)
    rating = next(e["body"] for e in log if e["event"] == "rating.created")
    assert rating["hall"] and rating["id"] and rating["occurred_at"].endswith("Z")
    data = rating["data"]
    assert data["case_no"] == case["case_no"]
    assert data["item_code"] == "SCJG005" and data["window"] == 2 and data["staff_no"]
    assert data["department"] and data["channel"] == "phone" and data["level"] == 2
    assert data["reasons"] == ["办事效率低"] and data["rated_at"]
    delivered = client.get(f"/api/v1/admin/integrations/{integration}/deliveries?status=delivered",
                           headers=login("manager")).get_json()
    assert len(delivered) == 2 and all(d["attempts"] == 1 for d in delivered)
    assert client.get(f"/api/v1/admin/integrations/{integration}/deliveries?status=pending",
                      headers=login("manager")).get_json() == []


def test_failures_are_retried_with_the_same_id_then_dead_then_retried_by_a_manager(client, login, app, receiver):
    outside = receiver(fail_first=3)
    integration = integrate(client, login, outside.url, ["rating.created"])
    rated_case(client, login)
    deliver_all(app, attempts=2)          # two attempts, both answered 500: dead
    (row,) = rows(app)
    assert row.status == "dead" and row.attempts == 2 and row.last_status == 500
    attempts = outside.log()
    assert [a["status"] for a in attempts] == [500, 500] and len({a["id"] for a in attempts}) == 1
    assert attempts[0]["id"] == row.event_id
    manager = login("manager")
    dead = client.get(f"/api/v1/admin/integrations/{integration}/deliveries?status=dead", headers=manager).get_json()
    assert [d["id"] for d in dead] == [row.id]
    retried = client.post(f"/api/v1/admin/deliveries/{row.id}/retry", headers=manager)
    assert retried.status_code == 200 and retried.get_json()["status"] == "pending"
    deliver_all(app, attempts=2)          # the third attempt fails, the fourth is answered 200
    (row,) = rows(app)
    assert row.status == "delivered" and row.attempts == 2
    assert [a["status"] for a in outside.log()] == [500, 500, 500, 200]
    assert len({a["id"] for a in outside.log()}) == 1
    again = client.post(f"/api/v1/admin/deliveries/{row.id}/retry", headers=manager)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_delivered"
    assert client.post("/api/v1/admin/deliveries/99999/retry", headers=manager).status_code == 404
    assert client.post(f"/api/v1/admin/deliveries/{row.id}/retry", headers=login("staff02")).status_code == 403


def test_backoff_puts_the_next_attempt_later(client, login, app, receiver):
    outside = receiver(fail_first=5)
    integrate(client, login, outside.url, ["rating.created"])
    rated_case(client, login)
    before = time.time()
    assert deliver_all(app, base=60.0, cap=600.0) == 1    # one attempt, the next one a minute later
    (row,) = rows(app)
    assert row.status == "pending" and row.attempts == 1
    assert 55 <= row.next_at.timestamp() - before <= 70


def test_an_unreachable_endpoint_is_retried(client, login, app):
    integrate(client, login, f"http://127.0.0.1:{free_port()}/nobody", ["case.accepted"])
    make_desk(client, login, 2).accept()
    deliver_all(app, attempts=1)
    (row,) = rows(app)
    assert row.status == "dead" and row.last_status is None and row.last_error


def test_a_rollback_writes_no_outbox_row(client, login, app):
    integrate(client, login, "http://127.0.0.1:9/x", ["case.accepted"])
    desk = make_desk(client, login, 2)
    refused = desk.accept(materials=["M01"])          # materials missing: a notice, no case
    assert refused.status_code == 422
    assert rows(app) == []
    assert desk.accept().status_code == 201
    assert [r.event for r in rows(app)] == ["case.accepted"]


def test_ticket_events_when_subscribed(client, login, app):
    integrate(client, login, "http://127.0.0.1:9/x", ["ticket.issued", "ticket.called", "service.finished"])
    desk = make_desk(client, login, 2)
    client.post(f"/api/v1/tickets/{desk.ticket_id}/finish", headers=desk.headers)
    events = [r.event for r in rows(app)]
    assert events == ["ticket.issued", "ticket.called", "service.finished"]
    called = json.loads(rows(app, event="ticket.called")[0].body)["data"]
    assert called["window"] == 2 and called["number"]


def test_an_endpoint_failing_for_ten_minutes_alerts_the_managers_once(client, login, app, socket_client):
    from datetime import timedelta

    from hall.clock import utcnow
    from hall.integrations.models import Integration
    integration = integrate(client, login, f"http://127.0.0.1:{free_port()}/down", ["case.accepted"])
    make_desk(client, login, 2).accept()
    manager = socket_client("manager", token=login("manager")["Authorization"][7:])
    manager.get_received()
    deliver_all(app, attempts=1)                         # failing since now: no alert yet
    assert [m for m in manager.get_received() if m["name"] == "alert"] == []
    session = db_session(app)
    try:
        row = session.get(Integration, integration)
        assert row.failing_since is not None
        row.failing_since = utcnow() - timedelta(minutes=10, seconds=5)
        session.commit()
    finally:
        session.close()
    desk = make_desk(client, login, 3)
    desk.accept()
    deliver_all(app, attempts=1)
    alerts = [m["args"][0] for m in manager.get_received() if m["name"] == "alert"]
    assert [a["kind"] for a in alerts] == ["integration_failing"] and "省好差评系统" in alerts[0]["message"]
    listed = client.get("/api/v1/admin/integrations", headers=login("manager")).get_json()
    assert listed[0]["failing_since"] and listed[0]["counts"]["dead"] == 2


def test_a_joint_case_decided_by_its_reviews_is_published_as_decided(client, login, app, receiver):
    """Every path that decides a case tells the integrations: here the departments' review
    (联审联办), not the window."""
    from tests.api.test_joint_review import accept_joint, opinion

    outside = receiver()
    integrate(client, login, outside.url, ["case.decided"])
    _desk, accepted = accept_joint(client, login)
    no = accepted.get_json()["case_no"]
    assert opinion(client, login, no, "wjj", "approve", "卫生条件符合").get_json()["status"] == "reviewing"
    assert [r.event for r in rows(app)] == []                 # one department is no decision
    assert opinion(client, login, no, "scjg", "reject", "经营场所不符", "《食品经营许可管理办法》第十一条"
                   ).get_json()["status"] == "rejected"
    assert deliver_all(app) == 1
    decided = outside.log()[0]["body"]
    assert decided["event"] == "case.decided"
    assert decided["data"]["case_no"] == no and decided["data"]["status"] == "rejected"
    assert "经营场所不符" in decided["data"]["decision_reason"]


def test_a_stopped_integration_gets_no_new_events_and_can_start_again(client, login, app, receiver):
    """停用: DELETE stops an integration and keeps its history; PUT changes it or starts it again."""
    outside = receiver()
    manager = login("manager")
    integration = integrate(client, login, outside.url, ["case.accepted"])
    rated_case(client, login)
    assert deliver_all(app) == 1
    stopped = client.delete(f"/api/v1/admin/integrations/{integration}", headers=manager)
    assert stopped.status_code == 200 and stopped.get_json()["active"] is False
    assert stopped.get_json()["created_at"].endswith("+08:00")      # the hall's time, as every answer
    rated_case(client, login)                                   # accepted while stopped: not for it
    assert [r.event for r in rows(app)] == ["case.accepted"]    # the delivered one stays, no new row
    bad = client.put(f"/api/v1/admin/integrations/{integration}", headers=manager, json={"url": "ftp://x"})
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "invalid_url"
    assert client.put(f"/api/v1/admin/integrations/{integration}", headers=login("staff02"),
                      json={"active": True}).status_code == 403
    again = client.put(f"/api/v1/admin/integrations/{integration}", headers=manager,
                       json={"active": True, "events": ["case.accepted", "rating.created"]})
    assert again.status_code == 200, again.get_json()
    assert again.get_json()["active"] is True and again.get_json()["events"] == ["case.accepted", "rating.created"]
    rated_case(client, login)
    assert sorted(r.event for r in rows(app))[-2:] == ["case.accepted", "rating.created"]
    assert deliver_all(app) == 2 and [e["status"] for e in outside.log()] == [200, 200, 200]
