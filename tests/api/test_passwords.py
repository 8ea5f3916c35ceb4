"""Passwords (issue 15.4): one's own change, a manager's reset with a temporary password that
must be changed at the next login, and nothing else served until it is."""
import pytest

from hall.auth.passwords import check_new_password, temporary_password
from hall.errors import InvalidInput

A = "/api/v1"


def change(client, headers, old, new):
    return client.post(f"{A}/auth/password", json={"old_password": old, "new_password": new}, headers=headers)


def test_a_staff_member_changes_their_password_and_the_old_one_stops_working(client, login):
    me = login("staff03")
    assert change(client, me, "demo", "窗口三号新密码2026").status_code == 200
    assert client.post(f"{A}/auth/login", json={"username": "staff03", "password": "demo"}).status_code == 401
    assert login("staff03", "窗口三号新密码2026")
    assert client.get(f"{A}/auth/me", headers=me).status_code == 200   # the session that changed it stays


@pytest.mark.parametrize("old, new, status, code", [
    ("wrong-old", "a-good-password", 403, "wrong_password"),
    ("demo", "short", 400, "password_too_short"),
])
def test_a_weak_or_unproven_change_is_refused(client, login, old, new, status, code):
    answer = change(client, login("staff03"), old, new)
    assert answer.status_code == status
    assert answer.get_json()["error"]["code"] == code
    assert login("staff03")          # nothing changed


def test_the_username_is_not_a_password():
    with pytest.raises(InvalidInput) as refused:
        check_new_password("Manager1 ", "manager1")
    assert refused.value.code == "password_is_username"
    check_new_password("manager1-and-more", "manager1")
    assert len(temporary_password()) == 12 and temporary_password() != temporary_password()


def test_a_reset_account_must_change_its_password_before_it_calls_a_ticket(client, login):
    manager = login("manager")
    old_session = login("staff01")
    reset = client.post(f"{A}/admin/staff/staff01/reset-password", headers=manager)
    assert reset.status_code == 200, reset.get_json()
    temporary = reset.get_json()["temporary_password"]
    assert client.get(f"{A}/auth/me", headers=old_session).status_code == 401   # its sessions ended
    answer = client.post(f"{A}/auth/login", json={"username": "staff01", "password": temporary})
    assert answer.get_json()["must_change_password"] is True
    me = {"Authorization": "Bearer " + answer.get_json()["token"]}
    assert client.get(f"{A}/auth/me", headers=me).get_json()["must_change_password"] is True
    for path in ("/windows/1/sign-in", "/windows/1/call-next"):
        refused = client.post(A + path, headers=me)
        assert refused.status_code == 403
        assert refused.get_json()["error"]["code"] == "password_change_required"
    assert change(client, me, temporary, temporary).get_json()["error"]["code"] == "password_unchanged"
    assert change(client, me, temporary, "我自己的新密码01").status_code == 200
    assert client.post(f"{A}/windows/1/sign-in", headers=me).status_code == 200
    assert client.get(f"{A}/auth/me", headers=me).get_json()["must_change_password"] is False


def test_only_a_manager_of_the_hall_resets_and_only_an_admin_resets_an_admin(client, login):
    assert client.post(f"{A}/admin/staff/staff02/reset-password", headers=login("staff01")).status_code == 403
    missing = client.post(f"{A}/admin/staff/nobody/reset-password", headers=login("manager"))
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "staff_not_found"
    admin = client.post(f"{A}/admin/staff/admin/reset-password", headers=login("manager"))
    assert admin.status_code == 403
    assert login("admin")   # its password still works
