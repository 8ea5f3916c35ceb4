"""Working the queue at windows: who may act, call order, the 下一位 button, referrals."""
import pytest

from tests.conftest import both_databases

pytestmark = both_databases   # the queue's statements differ by database: run them on both


def staff_for(window: int) -> str:
    return f"staff{window:02d}"


def windows_of(client, queue="business"):
    return [w["number"] for w in client.get("/api/v1/windows").get_json() if queue in w["queues"]]


@pytest.fixture
def desk(client, login):
    """A signed-in window serving the business queue: desk.post('call-next')."""
    class Desk:
        def __init__(self, number):
            self.number = number
            self.headers = login(staff_for(number))
            assert client.post(f"/api/v1/windows/{number}/sign-in", headers=self.headers).status_code == 200

        def post(self, action, **json):
            return client.post(f"/api/v1/windows/{self.number}/{action}", headers=self.headers, json=json)

        def ticket(self, ticket_id, action, **json):
            return client.post(f"/api/v1/tickets/{ticket_id}/{action}", headers=self.headers, json=json)
    return Desk


def take(client, queue="business", headers=None, **extra):
    """A ticket; a green-channel one from a registered kiosk or staff (``headers``) only."""
    response = client.post("/api/v1/tickets", json={"queue_code": queue, **extra}, headers=headers)
    assert response.status_code == 201
    return response.get_json()


def test_login_and_wrong_password(client):
    assert client.post("/api/v1/auth/login", json={"username": "staff01", "password": "x"}).status_code == 401
    ok = client.post("/api/v1/auth/login", json={"username": "staff01", "password": "demo"})
    assert ok.status_code == 200
    assert ok.get_json()["token"]


def test_repeated_wrong_passwords_lock_the_account(client):
    for _ in range(5):
        client.post("/api/v1/auth/login", json={"username": "staff02", "password": "wrong"})
    locked = client.post("/api/v1/auth/login", json={"username": "staff02", "password": "demo"})
    assert locked.status_code == 403
    assert locked.get_json()["error"]["code"] == "account_locked"


def test_staff_endpoints_need_a_token_and_the_right_role_and_window(client, login):
    number = windows_of(client)[0]
    assert client.post(f"/api/v1/windows/{number}/call-next").status_code == 401
    bad = client.post(f"/api/v1/windows/{number}/call-next", headers={"Authorization": "Bearer forged"})
    assert bad.status_code == 401
    assert bad.get_json()["error"]["code"] == "invalid_token"
    reviewer = client.get("/api/v1/items").get_json()[0]["department_code"]
    headers = login(f"reviewer-{reviewer}")
    assert client.post(f"/api/v1/windows/{number}/sign-in", headers=headers).get_json()["error"]["code"] \
        == "wrong_role"
    # staff not signed in at that window
    other = login(staff_for(number))
    response = client.post(f"/api/v1/windows/{number}/call-next", headers=other)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "not_your_window"


def test_a_window_has_one_staff_member_at_a_time(client, login, desk):
    number = windows_of(client)[0]
    desk(number)
    intruder = login("staff09" if number != 9 else "staff08")
    response = client.post(f"/api/v1/windows/{number}/sign-in", headers=intruder)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "window_occupied"


def test_sign_in_shows_the_staff_card(client, desk):
    number = windows_of(client)[0]
    desk(number)
    window = next(w for w in client.get("/api/v1/windows").get_json() if w["number"] == number)
    assert window["status"] == "open"
    assert window["staff"]["staff_no"]
    assert window["staff"]["name"]


def test_call_order_green_first_then_first_come(client, desk):
    d = desk(windows_of(client)[0])
    first = take(client)
    second = take(client)
    green = take(client, green_channel=True, headers=d.headers)
    called = [d.post("call-next").get_json()["ticket"]["number"] for _ in range(3)]
    assert called == [green["number"], first["number"], second["number"]]
    empty = d.post("call-next")
    assert empty.status_code == 404
    assert empty.get_json()["error"]["code"] == "queue_empty"


def test_next_closes_current_called_as_no_show_and_served_as_finished(client, desk):
    d = desk(windows_of(client)[0])
    a, b = take(client), take(client)
    take(client)
    assert d.post("call-next").get_json()["ticket"]["number"] == a["number"]
    response = d.post("call-next").get_json()
    assert response["closed"]["status"] == "no_show"
    assert response["ticket"]["number"] == b["number"]
    assert d.ticket(response["ticket"]["id"], "start").get_json()["ticket"]["status"] == "serving"
    response = d.post("call-next").get_json()
    assert response["closed"]["status"] == "finished"


def test_start_finish_and_a_rating_token(client, desk):
    d = desk(windows_of(client)[0])
    t = take(client)
    d.post("call-next")
    assert d.ticket(t["id"], "start").status_code == 200
    finished = d.ticket(t["id"], "finish").get_json()
    assert finished["ticket"]["status"] == "finished"
    assert "rating_token" not in finished                 # the counter never sees it
    assert finished["ticket"]["rating_token"] is None
    assert client.get(f"/api/v1/tickets/by-token/{t['token']}").get_json()["rating_token"]   # the citizen does
    again = d.ticket(t["id"], "finish")
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "invalid_ticket_state"
    window = next(w for w in client.get("/api/v1/windows").get_json() if w["number"] == d.number)
    assert window["status"] == "open"
    assert window["current_ticket"] is None


def test_recall_and_no_show(client, desk):
    d = desk(windows_of(client)[0])
    t = take(client)
    d.post("call-next")
    recalled = d.post("recall")
    assert recalled.status_code == 200
    assert recalled.get_json()["ticket"]["number"] == t["number"]
    assert d.ticket(t["id"], "no-show").get_json()["ticket"]["status"] == "no_show"
    assert d.post("recall").get_json()["error"]["code"] == "nothing_to_recall"


def test_paused_window_does_not_call(client, desk):
    d = desk(windows_of(client)[0])
    take(client)
    assert d.post("pause", reason="午休").get_json()["status"] == "paused"
    refused = d.post("call-next")
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "window_paused"
    assert d.post("resume").get_json()["status"] == "open"
    assert d.post("call-next").status_code == 200


def test_referral_keeps_the_citizens_place(client, desk):
    """首问负责制: referred to another queue, the citizen goes ahead of later walk-ins."""
    numbers = windows_of(client)
    d = desk(numbers[0])
    referred = take(client)
    d.post("call-next")
    other_queue = next(q["code"] for q in client.get("/api/v1/queues").get_json() if q["code"] != "business")
    walk_in = take(client, queue=other_queue)
    response = d.ticket(referred["id"], "transfer", to_queue=other_queue, reason="不属本窗口业务")
    assert response.status_code == 200
    moved = response.get_json()["ticket"]
    assert moved["number"] == referred["number"]          # no new ticket
    assert moved["queue"] == other_queue
    assert moved["status"] == "waiting"
    assert moved["waiting_ahead"] == 0                     # ahead of the walk-in
    receiver = desk(windows_of(client, other_queue)[0 if windows_of(client, other_queue)[0] != numbers[0] else 1])
    assert receiver.post("call-next").get_json()["ticket"]["number"] == referred["number"]
    assert receiver.post("call-next").get_json()["ticket"]["number"] == walk_in["number"]


def test_transfer_to_a_window_is_called_only_there(client, desk):
    numbers = windows_of(client)
    first, second = desk(numbers[0]), desk(numbers[1])
    t = take(client)
    first.post("call-next")
    bad = first.ticket(t["id"], "transfer", to_window=numbers[0])
    assert bad.status_code == 400
    assert bad.get_json()["error"]["code"] == "same_window"
    assert first.ticket(t["id"], "transfer", to_window=999).status_code == 404
    assert first.ticket(t["id"], "transfer", to_window=numbers[1]).status_code == 200
    assert first.post("call-next").status_code == 404
    assert second.post("call-next").get_json()["ticket"]["number"] == t["number"]


def test_hold_and_call_back(client, desk):
    d = desk(windows_of(client)[0])
    held, other = take(client), take(client)
    d.post("call-next")
    d.ticket(held["id"], "start")
    assert d.ticket(held["id"], "hold", reason="复印材料").get_json()["ticket"]["status"] == "held"
    assert d.post("call-next").get_json()["ticket"]["number"] == other["number"]
    busy = d.ticket(held["id"], "call-back")
    assert busy.status_code == 409
    assert busy.get_json()["error"]["code"] == "window_busy"
    d.ticket(other["id"], "finish")
    back = d.ticket(held["id"], "call-back").get_json()["ticket"]
    assert back["status"] == "called"
    assert back["window"] == d.number


def test_a_ticket_of_another_window_cannot_be_touched(client, desk):
    numbers = windows_of(client)
    first, second = desk(numbers[0]), desk(numbers[1])
    t = take(client)
    first.post("call-next")
    response = second.ticket(t["id"], "finish")
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "not_your_ticket"


def test_sign_out_refused_while_serving_then_allowed(client, desk):
    d = desk(windows_of(client)[0])
    t = take(client)
    d.post("call-next")
    assert d.post("sign-out").get_json()["error"]["code"] == "window_busy"
    d.ticket(t["id"], "finish")
    assert d.post("sign-out").get_json()["status"] == "closed"


def test_every_state_change_is_recorded_with_window_and_staff(client, desk, app):
    from sqlalchemy import select
    from hall.queueing.models import TicketEvent
    from tests.conftest import db_session
    d = desk(windows_of(client)[0])
    t = take(client)
    d.post("call-next")
    d.ticket(t["id"], "start")
    d.ticket(t["id"], "finish")
    session = db_session(app)
    events = session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == t["id"])
                             .order_by(TicketEvent.id)).all()
    assert [e.kind for e in events] == ["issued", "called", "serving", "finished"]
    assert all(e.window_id for e in events[1:])
    assert all(e.staff_id for e in events[1:])
    session.close()


def test_a_referred_citizen_goes_ahead_of_walk_ins_who_came_earlier(client, desk):
    """首问负责制: the referral is not a new ticket from the back; the citizen already waited
    once, so at the receiving queue they are called before walk-ins, even earlier ones."""
    numbers = windows_of(client)
    other_queue = next(q["code"] for q in client.get("/api/v1/queues").get_json() if q["code"] != "business")
    earlier = [take(client, queue=other_queue) for _ in range(2)]
    d = desk(numbers[0])
    referred = take(client)
    assert d.post("call-next").get_json()["ticket"]["number"] == referred["number"]
    moved = d.ticket(referred["id"], "transfer", to_queue=other_queue, reason="不属本窗口业务").get_json()["ticket"]
    assert moved["waiting_ahead"] == 0
    receivers = [n for n in windows_of(client, other_queue) if n != numbers[0]]
    receiver = desk(receivers[0])
    called = [receiver.post("call-next").get_json()["ticket"]["number"] for _ in range(3)]
    assert called == [referred["number"]] + [t["number"] for t in earlier]


def _ticket_log(app, ticket_id):
    from sqlalchemy import select
    from hall.queueing.models import TicketEvent
    from tests.conftest import db_session
    session = db_session(app)
    try:
        return [(e.kind, e.detail) for e in session.scalars(
            select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id))]
    finally:
        session.close()


def test_an_urgent_ticket_is_called_next_even_before_the_green_channel(client, desk, login, app):
    """急事急办: a manager marks a waiting ticket urgent with a reason (logged and audited); it
    is called next at its queue's windows, ahead of the green channel and earlier walk-ins."""
    d = desk(windows_of(client)[0])
    first, second = take(client), take(client)
    green = take(client, green_channel=True, headers=d.headers)
    urgent = take(client)
    manager = login("manager")
    url = f"/api/v1/tickets/{urgent['id']}/urgent"
    no_reason = client.post(url, headers=manager, json={})
    assert (no_reason.status_code, no_reason.get_json()["error"]["code"]) == (400, "reason_required")
    assert client.post(url, headers=d.headers, json={"reason": "急"}).status_code == 403   # managers only
    marked = client.post(url, headers=manager, json={"reason": "就医急需证明"})
    assert marked.status_code == 200
    assert marked.get_json()["ticket"]["urgent"] is True
    assert client.get(f"/api/v1/tickets/by-token/{urgent['token']}").get_json()["waiting_ahead"] == 0
    called = [d.post("call-next").get_json()["ticket"]["number"] for _ in range(4)]
    assert called == [urgent["number"], green["number"], first["number"], second["number"]]
    assert ("marked_urgent", {"reason": "就医急需证明"}) in _ticket_log(app, urgent["id"])
    again = client.post(f"/api/v1/tickets/{urgent['id']}/urgent", headers=manager, json={"reason": "再次"})
    assert (again.status_code, again.get_json()["error"]["code"]) == (409, "invalid_ticket_state")
    audit = client.get("/api/v1/audit", headers=manager).get_json()
    assert any(e["path"] == url and e["status"] == 200 and e["username"] == "manager" for e in audit)


def test_staff_confirm_or_revoke_a_green_channel_at_the_window(client, desk, app):
    """绿色通道 verified: the staff member confirms (logged) or revokes it (logged, with the
    reason); a revoked ticket goes back to the place it would have had without it."""
    d = desk(windows_of(client)[0])
    walk_in = take(client)
    entitled = take(client, green_channel=True, headers=d.headers)
    pretender = take(client, green_channel=True, headers=d.headers)
    later = take(client)
    assert d.post("call-next").get_json()["ticket"]["id"] == entitled["id"]
    not_here = d.ticket(pretender["id"], "green-channel/confirm")
    assert not_here.status_code == 403                   # only a ticket at this window
    confirmed = d.ticket(entitled["id"], "green-channel/confirm", basis="持老年人优待证")
    assert confirmed.status_code == 200
    assert confirmed.get_json()["ticket"]["green_channel"] is True
    assert d.ticket(entitled["id"], "start").status_code == 200
    assert d.post("call-next").get_json()["ticket"]["id"] == pretender["id"]
    assert d.ticket(pretender["id"], "green-channel/revoke").get_json()["error"]["code"] == "reason_required"
    revoked = d.ticket(pretender["id"], "green-channel/revoke", reason="无优待证件")
    assert revoked.status_code == 200
    body = revoked.get_json()["ticket"]
    assert (body["status"], body["green_channel"], body["window"]) == ("waiting", False, None)
    assert body["waiting_ahead"] == 1                    # behind the walk-in who came earlier, not at the back
    called = [d.post("call-next").get_json()["ticket"]["id"] for _ in range(3)]
    assert called == [walk_in["id"], pretender["id"], later["id"]]
    kinds = [k for k, _ in _ticket_log(app, pretender["id"])]
    assert "green_revoked" in kinds
    assert ("green_confirmed", {"basis": "持老年人优待证"}) in _ticket_log(app, entitled["id"])
    # a walk-in's ticket has no green channel to confirm or revoke
    not_green = d.ticket(pretender["id"], "green-channel/revoke", reason="再次")
    assert (not_green.status_code, not_green.get_json()["error"]["code"]) == (409, "not_green_channel")
