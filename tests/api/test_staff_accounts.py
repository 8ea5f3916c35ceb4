"""Staff accounts in the admin API (管理后台 人员): a manager adds, edits and deactivates the
hall's staff with Chinese errors and stable codes; a new account changes its password first."""
import pytest

A = "/api/v1/admin/staff"
NEW = {"username": "wang.li", "name": "王丽", "staff_no": "XL9901", "roles": ["window"], "department": "scjg",
       "window": 2, "password": "初始密码abc123"}


def test_a_manager_adds_an_account_that_changes_its_password_before_calling(client, login):
    manager = login("manager")
    made = client.post(A, json=NEW, headers=manager)
    assert made.status_code == 201, made.get_json()
    assert made.get_json() | {} == {**made.get_json(), "username": "wang.li", "roles": ["window"],
                                    "department": "scjg", "window": 2, "active": True, "must_change_password": True}
    assert "wang.li" in [s["username"] for s in client.get(A, headers=manager).get_json()]
    me = login("wang.li", "初始密码abc123")
    assert client.post("/api/v1/windows/2/sign-in", headers=me).get_json()["error"]["code"] == "password_change_required"
    assert client.post("/api/v1/auth/password", json={"old_password": "初始密码abc123", "new_password": "我的密码xyz789"},
                       headers=me).status_code == 200
    assert client.post("/api/v1/windows/2/sign-in", headers=me).status_code == 200


def test_without_a_password_the_account_gets_a_temporary_one(client, login):
    made = client.post(A, json={k: v for k, v in NEW.items() if k != "password"}, headers=login("manager"))
    temporary = made.get_json()["temporary_password"]
    assert len(temporary) == 12
    assert login("wang.li", temporary)


@pytest.mark.parametrize("body, status, code, field", [
    ({**NEW, "username": "staff01"}, 409, "duplicate_username", "username"),
    ({**NEW, "staff_no": "XL0101"}, 409, "duplicate_staff_no", "staff_no"),
    ({**NEW, "roles": ["king"]}, 400, "invalid_role", "roles"),
    ({**NEW, "department": "nope"}, 422, "unknown_department", "department"),
    ({**NEW, "window": 99}, 422, "unknown_window", "window"),
    ({**NEW, "username": "王 丽"}, 400, "invalid_username", "username"),
    ({**NEW, "password": "short"}, 400, "password_too_short", "new_password"),
    ({**NEW, "roles": ["admin"]}, 403, "wrong_role", "roles"),
])
def test_every_wrong_account_is_refused_and_nothing_is_written(client, login, body, status, code, field):
    manager = login("manager")
    before = client.get(A, headers=manager).get_json()
    answer = client.post(A, json=body, headers=manager)
    assert answer.status_code == status, answer.get_json()
    assert answer.get_json()["error"]["code"] == code and answer.get_json()["field"] == field
    assert answer.get_json()["error"]["message"]
    assert client.get(A, headers=manager).get_json() == before


def test_deleting_an_account_deactivates_it_and_ends_its_sessions(client, login):
    manager = login("manager")
    staff_session = login("staff05")
    assert client.put(f"{A}/staff05", json={"name": "新名字"}, headers=manager).get_json()["name"] == "新名字"
    gone = client.delete(f"{A}/staff05", headers=manager)
    assert gone.status_code == 200 and gone.get_json()["active"] is False
    assert client.get("/api/v1/auth/me", headers=staff_session).status_code == 401
    assert client.post("/api/v1/auth/login", json={"username": "staff05", "password": "demo"}).status_code == 401
    assert client.put(f"{A}/staff05", json={"active": True}, headers=manager).get_json()["active"] is True
    assert login("staff05")
    assert client.delete(f"{A}/manager", headers=manager).get_json()["error"]["code"] == "cannot_remove_self"
    assert client.get(A, headers=login("staff01")).status_code == 403


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_photo_is_shown_on_the_window_and_only_images_up_to_2_mb_are_taken(client, login):
    manager = login("manager")
    staff = login("staff04")
    assert client.post("/api/v1/windows/4/sign-in", headers=staff).status_code == 200
    put = client.put(f"{A}/staff04/photo", data=PNG, content_type="image/png", headers=manager)
    assert put.status_code == 200, put.get_json()
    url = put.get_json()["photo_url"]
    served = client.get(url)
    assert served.status_code == 200 and served.data == PNG and served.mimetype == "image/png"
    window = next(w for w in client.get("/api/v1/windows").get_json() if w["number"] == 4)
    assert window["staff"]["photo_url"] == url
    for body, status, code in ((b"GIF89a" + b"\x00" * 32, 400, "invalid_image"),
                               (b"\xff\xd8\xff" + b"\x00" * (2 * 1024 * 1024), 413, "body_too_large")):
        refused = client.put(f"{A}/staff04/photo", data=body, content_type="image/jpeg", headers=manager)
        assert refused.status_code == status and refused.get_json()["error"]["code"] == code
    assert next(s for s in client.get(A, headers=manager).get_json() if s["username"] == "staff04")["photo_url"] == url
    assert client.get("/api/v1/staff-photos/..%2F..%2Fhall.sqlite3").status_code == 404
