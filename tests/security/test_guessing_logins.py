"""Attack: guess passwords at the login (78 tries a second once). Now an address gets a
limited number of attempts a minute, whatever accounts it tries (429 with retry_after),
while another address — the account's owner at the counter — still signs in."""
import shutil

import pytest

from hall.db import dispose
from tests.conftest import _app_for

LOGIN = "/api/v1/auth/login"


@pytest.fixture
def guarded(template_db, tmp_path):
    path = tmp_path / "guarded.sqlite3"
    shutil.copy(template_db, path)
    app = _app_for(f"sqlite:///{path}", tmp_path, HALL_LOGIN_RATE_LIMIT="5/minute")
    yield app
    dispose(app)


def test_an_address_guessing_passwords_is_stopped_and_the_owner_still_signs_in(guarded):
    attacker = guarded.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    answers = [attacker.post(LOGIN, json={"username": name, "password": "123456"})
               for name in ("manager", "director", "staff01", "staff02", "admin", "manager", "manager")]
    assert [a.status_code for a in answers] == [401] * 5 + [429, 429]
    assert answers[-1].get_json()["error"]["code"] == "rate_limited" and answers[-1].get_json()["retry_after"] >= 1
    assert attacker.post(LOGIN, json={"username": "manager", "password": "demo"}).status_code == 429
    owner = guarded.test_client()
    owner.environ_base["REMOTE_ADDR"] = "10.0.0.21"
    assert owner.post(LOGIN, json={"username": "manager", "password": "demo"}).status_code == 200


def test_wrong_passwords_lock_out_the_address_that_sent_them_not_the_owner(client, app):
    from sqlalchemy import select

    from hall.audit.models import AuditEntry
    from tests.conftest import db_session

    attacker = app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    for _ in range(5):
        assert attacker.post(LOGIN, json={"username": "manager", "password": "guess"}).status_code == 401
    locked = attacker.post(LOGIN, json={"username": "manager", "password": "demo"})
    assert locked.status_code == 403 and locked.get_json()["error"]["code"] == "account_locked"
    # an unknown name is answered alike: the lock does not tell which names exist
    for _ in range(5):
        attacker.post(LOGIN, json={"username": "no-such-person", "password": "guess"})
    assert attacker.post(LOGIN, json={"username": "no-such-person", "password": "x"}).status_code == 403
    owner = app.test_client()
    owner.environ_base["REMOTE_ADDR"] = "10.0.0.21"
    assert owner.post(LOGIN, json={"username": "manager", "password": "demo"}).status_code == 200
    session = db_session(app)
    failures = session.scalars(select(AuditEntry).where(AuditEntry.username == "manager",
                                                        AuditEntry.status == 401)).all()
    session.close()
    assert len(failures) == 5 and {f.remote_addr for f in failures} == {"203.0.113.7"}
