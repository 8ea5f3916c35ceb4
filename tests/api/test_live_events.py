"""Socket.IO rooms: a state snapshot on join, events after commit only."""
from tests.api.test_windows import take, windows_of
from tests.conftest import both_databases

pytestmark = both_databases   # the queue's statements differ by database: run them on both


def received(sc, name):
    """The messages named ``name`` since the last look (the buffer is emptied)."""
    return [m["args"][0] for m in sc.get_received() if m["name"] == name]


def test_join_always_answers_with_state_even_for_an_empty_hall(socket_client):
    display = socket_client("display")
    states = received(display, "state")
    assert len(states) == 1
    state = states[0]
    assert state["recent_calls"] == []
    assert len(state["windows"]) == 18
    assert all(q["waiting"] == 0 for q in state["queues"])


def test_bad_rooms_are_refused(socket_client, login):
    sc = socket_client("nonsense")
    assert received(sc, "join_error")[0]["error"]["code"] == "invalid_room"
    sc2 = socket_client("window:999", token=token_of(login("manager")))
    assert received(sc2, "join_error")[0]["error"]["code"] == "window_not_found"


def token_of(headers: dict) -> str:
    return headers["Authorization"][len("Bearer "):]


def test_window_rooms_need_the_windows_screen_or_staff_and_pads_their_device(socket_client, login, device):
    for room, extra, code in [("window:3", {}, "unauthorized"), ("rating_pad:3", {}, "device_not_registered"),
                              ("rating_pad:3", {"device_token": device("rating_pad", 4)}, "device_not_registered"),
                              ("rating_pad:3", {"device_token": device("window_screen", 3)}, "device_not_registered"),
                              ("rating_pad:3", {"token": token_of(login("manager"))}, "device_not_registered"),
                              ("window:3", {"device_token": "forged"}, "device_not_registered"),
                              ("manager", {"token": token_of(login("staff03"))}, "wrong_role")]:
        refused = received(socket_client(room, **extra), "join_error")
        assert refused, (room, extra)
        assert refused[0]["error"]["code"] == code, (room, extra)
    for room, extra in [("window:3", {"device_token": device("window_screen", 3)}),
                        ("window:3", {"token": token_of(login("staff03"))}),
                        ("rating_pad:3", {"device_token": device("rating_pad", 3)})]:
        assert len(received(socket_client(room, **extra), "state")) == 1, room


def test_call_reaches_display_and_window_rooms(client, login, socket_client):
    number = windows_of(client)[0]
    headers = login(f"staff{number:02d}")
    display = socket_client("display")
    window_room = socket_client(f"window:{number}", token=token_of(headers))
    other_window = socket_client(f"window:{number + 1}", token=token_of(headers))
    client.post(f"/api/v1/windows/{number}/sign-in", headers=headers)
    ticket = take(client)
    assert received(display, "queue_changed")[-1]["waiting"] == 1
    client.post(f"/api/v1/windows/{number}/call-next", headers=headers)
    expected = {"number": ticket["number"], "window": number, "queue": "business", "recall": False,
                "text": f"请{ticket['number']}号到{number}号窗口办理"}
    assert received(display, "ticket_called") == [expected]
    assert received(window_room, "ticket_called") == [expected]
    assert received(other_window, "ticket_called") == []
    client.post(f"/api/v1/windows/{number}/recall", headers=headers)
    assert received(display, "ticket_called")[0]["recall"] is True
    # a screen that joins now gets the call in its snapshot
    late = socket_client("display")
    state = received(late, "state")[0]
    assert state["recent_calls"][0]["number"] == ticket["number"]
    assert next(w for w in state["windows"] if w["number"] == number)["current_ticket"] == ticket["number"]


def test_finish_sends_rating_requested_to_that_windows_pad_only(client, login, socket_client, device):
    number = windows_of(client)[0]
    pad = socket_client(f"rating_pad:{number}", device_token=device("rating_pad", number))
    other_pad = socket_client(f"rating_pad:{number + 1}", device_token=device("rating_pad", number + 1))
    headers = login(f"staff{number:02d}")
    client.post(f"/api/v1/windows/{number}/sign-in", headers=headers)
    ticket = take(client)
    client.post(f"/api/v1/windows/{number}/call-next", headers=headers)
    assert client.post(f"/api/v1/tickets/{ticket['id']}/finish", headers=headers).status_code == 200
    token = client.get(f"/api/v1/tickets/by-token/{ticket['token']}").get_json()["rating_token"]
    requested = received(pad, "rating_requested")
    assert requested == [{"rating_token": token, "window": number, "staff": requested[0]["staff"]}]
    assert requested[0]["staff"]["staff_no"]
    assert received(other_pad, "rating_requested") == []


def test_nothing_is_emitted_for_a_change_that_rolled_back(client, app, socket_client):
    from sqlalchemy import update
    from hall.catalog.models import Queue
    from tests.conftest import db_session
    session = db_session(app)
    session.execute(update(Queue).where(Queue.code == "business").values(daily_cap=0))
    session.commit()
    session.close()
    display = socket_client("display")
    display.get_received()
    assert client.post("/api/v1/tickets", json={"queue_code": "business"}).status_code == 409
    assert received(display, "queue_changed") == []


def test_ticket_room_hears_its_own_call(client, login, socket_client):
    number = windows_of(client)[0]
    ticket = take(client)
    phone = socket_client(f"ticket:{ticket['token']}")
    assert received(phone, "state")[0]["ticket"]["waiting_ahead"] == 0
    headers = login(f"staff{number:02d}")
    client.post(f"/api/v1/windows/{number}/sign-in", headers=headers)
    client.post(f"/api/v1/windows/{number}/call-next", headers=headers)
    messages = phone.get_received()
    assert [m["args"][0]["window"] for m in messages if m["name"] == "ticket_called"] == [number]
    assert [m["args"][0]["status"] for m in messages if m["name"] == "ticket_changed"][-1] == "called"


def test_a_ticket_page_hears_its_queue_move_to_show_the_new_place(client, login, socket_client):
    number = windows_of(client)[0]
    _first, second = take(client), take(client)
    phone = socket_client(f"ticket:{second['token']}")
    assert received(phone, "state")[0]["ticket"]["waiting_ahead"] == 1
    take(client, "tax")                                                 # another queue: not this page's business
    headers = login(f"staff{number:02d}")
    client.post(f"/api/v1/windows/{number}/sign-in", headers=headers)
    client.post(f"/api/v1/windows/{number}/call-next", headers=headers)   # the one ahead is called
    moved = received(phone, "queue_changed")
    assert moved
    assert {m["queue"] for m in moved} == {"business"}
    assert moved[-1]["waiting"] == 1
    assert client.get(f"/api/v1/tickets/by-token/{second['token']}").get_json()["waiting_ahead"] == 0
