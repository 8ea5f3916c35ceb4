"""Attacks on the API keys of outside systems (``Authorization: ApiKey <key>``), one test each:
a revoked key, a key of another hall, a key without the scope, reading a key back after it
was made, a key forged on a real key's public prefix, a staff token used as a key."""
from sqlalchemy import select

from hall.apikeys.models import ApiKey
from hall.apikeys.rules import key_hash
from tests.api.test_applications import ALL, key_headers, make_key, send
from tests.conftest import db_session


def code_of(response, status):
    assert response.status_code == status, (response.status_code, response.get_json())
    return response.get_json()["error"]["code"]


def test_a_revoked_key_is_refused_at_once(client, login):
    """Attack: a key that leaked keeps working after the hall revoked it."""
    made = make_key(client, login)
    key = key_headers(made)
    no = send(client, key).get_json()["application_no"]
    assert client.delete(f"/api/v1/admin/api-keys/{made['id']}", headers=login("manager")).status_code == 200
    assert code_of(send(client, key, external_no="YWTB-AFTER"), 401) == "api_key_revoked"
    assert code_of(client.get(f"/api/v1/applications/{no}", headers=key), 401) == "api_key_revoked"
    listed = client.get("/api/v1/admin/api-keys", headers=login("manager")).get_json()
    assert listed[0]["revoked"] is True and listed[0]["revoked_at"]


def test_a_key_of_another_hall_sees_and_sends_nothing_here(client, login):
    """Attack: the town hall's key (or X-Hall) reads or files the district hall's applications."""
    district = key_headers(make_key(client, login))
    no = send(client, district).get_json()["application_no"]
    town = key_headers(make_key(client, login, headers={**login("admin"), "X-Hall": "xinlin-zhen"}))
    assert code_of(client.get(f"/api/v1/applications/{no}", headers=town), 404) == "application_not_found"
    # asking for the other hall changes nothing: a key's hall is its own
    assert code_of(client.get(f"/api/v1/applications/{no}", headers={**town, "X-Hall": "xinlin"}), 404) == \
        "application_not_found"
    assert code_of(send(client, {**town, "X-Hall": "xinlin"}, external_no="YWTB-TOWN"), 422) == "unknown_item"
    # the district's external number is the district's: the town may use the same one
    assert client.get(f"/api/v1/applications/{no}", headers=district).status_code == 200
    assert client.get("/api/v1/admin/api-keys", headers=login("manager")).get_json()[0]["name"] == "省一网通办平台"
    assert len(client.get("/api/v1/admin/api-keys", headers=login("manager")).get_json()) == 1


def test_a_key_without_the_scope_cannot_send_applications(client, login):
    """Attack: a key given to read (applications:read) files applications."""
    reader = key_headers(make_key(client, login, scopes=["applications:read"]))
    refused = send(client, reader)
    assert code_of(refused, 403) == "missing_scope"
    assert "applications:write" in refused.get_json()["error"]["message"]
    writer = key_headers(make_key(client, login, name="写入"))
    no = send(client, writer).get_json()["application_no"]
    assert client.get(f"/api/v1/applications/{no}", headers=reader).status_code == 200


def test_a_key_is_never_shown_again_nor_stored(client, login, app):
    """Attack: whoever can read the key list, or the database, takes the key."""
    made = make_key(client, login)
    manager = login("manager")
    for answer in (client.get("/api/v1/admin/api-keys", headers=manager),
                   client.delete(f"/api/v1/admin/api-keys/{made['id']}", headers=manager),
                   client.get("/api/v1/admin/api-keys", headers={**login("admin")})):
        assert made["key"] not in answer.get_data(as_text=True)
        assert made["key"][len(made["prefix"]) + 1:] not in answer.get_data(as_text=True)
    session = db_session(app)
    row = session.scalar(select(ApiKey))
    assert row.key_hash == key_hash(made["key"])
    assert made["key"][len(made["prefix"]) + 1:] not in str(row.model_dump())
    session.close()


def test_a_key_forged_on_a_real_prefix_is_refused(client, login):
    """Attack: the prefix is shown in lists; a key made of it and a guessed rest is tried."""
    made = make_key(client, login)
    forged = {"Authorization": f"ApiKey {made['prefix']}_{'A' * 43}"}
    assert code_of(send(client, forged), 401) == "invalid_api_key"
    assert code_of(send(client, {"Authorization": "ApiKey nonsense"}), 401) == "invalid_api_key"
    assert code_of(send(client, {}), 401) == "api_key_required"
    assert send(client, key_headers(made), materials=ALL).status_code == 201


def test_a_staff_token_is_not_an_api_key(client, login):
    """Attack: a window's bearer token files online applications as an outside system."""
    assert code_of(send(client, login("manager")), 401) == "api_key_required"
    assert code_of(send(client, login("staff02")), 401) == "api_key_required"
