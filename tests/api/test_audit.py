"""The append-only audit log of staff and manager actions."""
import pytest
import sqlalchemy as sa

from tests.conftest import db_session


def test_staff_actions_are_logged_reads_are_not(client, login):
    headers = login("staff02")
    client.post("/api/v1/windows/2/sign-in", headers=headers)
    client.post("/api/v1/windows/2/call-next", headers=headers)          # 404 queue_empty: refused, logged too
    client.get("/api/v1/windows/2/console", headers=headers)             # a read: not logged
    entries = client.get("/api/v1/audit", headers=login("manager")).get_json()
    assert [(e["username"], e["method"], e["path"], e["status"]) for e in entries] == [
        ("staff02", "POST", "/api/v1/windows/2/call-next", 404),
        ("staff02", "POST", "/api/v1/windows/2/sign-in", 200)]
    assert client.get("/api/v1/audit", headers=headers).status_code == 403


def test_the_database_refuses_to_change_or_delete_an_entry(client, login, app):
    client.post("/api/v1/windows/2/sign-in", headers=login("staff02"))
    session = db_session(app)
    for statement in ("UPDATE auditentry SET status = 200", "DELETE FROM auditentry"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            session.execute(sa.text(statement))
        session.rollback()
    assert session.execute(sa.text("SELECT count(*) FROM auditentry")).scalar() == 1
    session.close()


@pytest.mark.postgres
def test_postgres_refuses_too(pg_app):
    session = db_session(pg_app)
    session.execute(sa.text("INSERT INTO auditentry (at, staff_id, username, role, method, path, status, remote_addr) "
                            "SELECT now(), id, username, role, 'POST', '/x', 200, '' FROM staff LIMIT 1"))
    session.commit()
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):
        session.execute(sa.text("DELETE FROM auditentry"))
    session.rollback()
    session.close()


def test_writes_from_another_sites_page_are_refused(client, login):
    headers = login("staff02")
    evil = client.post("/api/v1/windows/2/sign-in", headers={**headers, "Origin": "https://evil.example"})
    assert evil.status_code == 403
    assert evil.get_json()["error"]["code"] == "cross_origin"
    ticket = client.post("/api/v1/tickets", json={"queue_code": "tax"}, headers={"Origin": "https://evil.example"})
    assert ticket.status_code == 403
    assert client.post("/api/v1/windows/2/sign-in", headers={**headers, "Origin": "http://localhost"}).status_code == 200
    assert client.post("/api/v1/tickets", json={"queue_code": "tax"}).status_code == 201   # no Origin: a kiosk, a system


def test_staff_are_known_by_their_bearer_token_only(client, login):
    login("staff02")                       # a login answers with a token and sets no cookie
    assert not client.get_cookie("session")
    client.set_cookie("session", "anything")
    assert client.post("/api/v1/windows/2/sign-in").status_code == 401
