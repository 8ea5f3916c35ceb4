"""One rating per service through POST /ratings."""
import sqlalchemy as sa

from tests.api.test_windows import take, windows_of
from tests.conftest import db_session


def finished_service(client, login):
    """A finished service's rating token, as the citizen has it: from the ticket's own page
    (its QR code), never from the staff member's answer."""
    number = windows_of(client)[0]
    headers = login(f"staff{number:02d}")
    client.post(f"/api/v1/windows/{number}/sign-in", headers=headers)
    ticket = take(client)
    client.post(f"/api/v1/windows/{number}/call-next", headers=headers)
    assert client.post(f"/api/v1/tickets/{ticket['id']}/finish", headers=headers).status_code == 200
    return citizens_rating_token(client, ticket)


def citizens_rating_token(client, ticket) -> str:
    token = client.get(f"/api/v1/tickets/by-token/{ticket['token']}").get_json()["rating_token"]
    assert token
    return token


def test_rate_once_then_409(client, login):
    token = finished_service(client, login)
    first = client.post("/api/v1/ratings", json={"rating_token": token, "level": 5})
    assert first.status_code == 201
    assert first.get_json()["level_name"] == "非常满意"
    second = client.post("/api/v1/ratings", json={"rating_token": token, "level": 1})
    assert second.status_code == 409
    assert second.get_json()["error"]["code"] == "already_rated"


def test_unknown_token_404_and_bad_level_400(client, login):
    assert client.post("/api/v1/ratings", json={"rating_token": "nope", "level": 3}).status_code == 404
    token = finished_service(client, login)
    for level in (0, 6, "5", True, None):
        response = client.post("/api/v1/ratings", json={"rating_token": token, "level": level})
        assert response.status_code == 400
        assert response.get_json()["error"]["code"] == "invalid_level"
    bad = client.post("/api/v1/ratings", json={"rating_token": token, "level": 2, "reasons": "态度不好"})
    assert bad.get_json()["error"]["code"] == "invalid_reasons"
    ok = client.post("/api/v1/ratings", json={"rating_token": token, "level": 2, "reasons": ["态度不好"],
                                               "comment": "等了很久"})
    assert ok.status_code == 201


def test_pad_ratings_come_from_that_windows_registered_pad(client, login, device, app):
    number = windows_of(client)[0]
    token = finished_service(client, login)
    body = {"rating_token": token, "level": 5, "channel": "pad"}
    unregistered = client.post("/api/v1/ratings", json=body)
    assert unregistered.status_code == 403
    assert unregistered.get_json()["error"]["code"] == "device_not_registered"
    other = client.post("/api/v1/ratings", json=body, headers={"X-Device-Token": device("rating_pad", number + 1)})
    assert other.status_code == 403
    assert other.get_json()["error"]["code"] == "wrong_rating_pad"
    own = client.post("/api/v1/ratings", json=body, headers={"X-Device-Token": device("rating_pad", number)})
    assert own.status_code == 201
    session = db_session(app)
    channel = session.execute(sa.text("SELECT channel FROM rating")).scalar()
    session.close()
    assert channel == "pad"                                  # counted as an on-the-spot rating


def test_a_revoked_pad_is_refused(client, login, device):
    number = windows_of(client)[0]
    manager = login("manager")
    pad = client.post("/api/v1/devices", json={"kind": "rating_pad", "window": number}, headers=manager).get_json()
    assert client.get("/api/v1/devices/me", headers={"X-Device-Token": pad["token"]}).get_json()["window"] == number
    client.post(f"/api/v1/devices/{pad['id']}/revoke", headers=manager)
    assert client.get("/api/v1/devices/me", headers={"X-Device-Token": pad["token"]}).status_code == 401
    token = finished_service(client, login)
    refused = client.post("/api/v1/ratings", json={"rating_token": token, "level": 5},
                          headers={"X-Device-Token": pad["token"]})
    assert refused.status_code == 403
