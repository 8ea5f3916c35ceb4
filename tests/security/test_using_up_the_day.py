"""Attack: use up the day for everyone. A made-up ``X-Device-Token`` on every request once
gave each its own allowance (1,454 tickets in 13 s filled three queues' caps); behind nginx
every phone shared one bucket, because the forwarded address was ignored. Now an
unregistered token counts as none, a proxy's ``X-Forwarded-For`` is read as far as
``HALL_PROXIES`` trusts it (never further), and an address has a daily ticket cap."""
import secrets
import shutil

import pytest

from hall.db import dispose
from hall.devices.service import add_device
from hall.web import current_hall
from tests.conftest import _app_for, db_session

API = "/api/v1"


@pytest.fixture
def limited_app(template_db, tmp_path, request):
    path = tmp_path / "limited.sqlite3"
    shutil.copy(template_db, path)
    app = _app_for(f"sqlite:///{path}", tmp_path, **{"HALL_TICKET_RATE_LIMIT": "5/minute",
                                                     "HALL_TICKETS_PER_ADDRESS_DAY": "off", **request.param})
    yield app
    dispose(app)


def kiosk_token(app) -> str:
    session = db_session(app)
    with app.app_context():
        _device, token = add_device(session, current_hall(session), "kiosk", name="大厅取号机")
    session.commit()
    session.close()
    return token


def take(client, **headers):
    return client.post(f"{API}/tickets", json={"queue_code": "tax"}, headers=headers)


@pytest.mark.parametrize("limited_app", [{}], indirect=True)
def test_a_made_up_device_token_gets_no_allowance_of_its_own(limited_app):
    client = limited_app.test_client()
    answers = [take(client, **{"X-Device-Token": secrets.token_urlsafe(16)}).status_code for _ in range(8)]
    assert answers == [201] * 5 + [429] * 3
    refused = take(client, **{"X-Device-Token": secrets.token_urlsafe(16)})
    assert refused.get_json()["error"]["code"] == "rate_limited"
    assert refused.get_json()["retry_after"] > 0


@pytest.mark.parametrize("limited_app", [{}], indirect=True)
def test_a_registered_kiosk_still_has_its_own_allowance(limited_app):
    client = limited_app.test_client()
    for _ in range(5):
        assert take(client).status_code == 201
    assert take(client).status_code == 429
    assert take(client, **{"X-Device-Token": kiosk_token(limited_app)}).status_code == 201


@pytest.mark.parametrize("limited_app", [{"HALL_PROXIES": "1"}], indirect=True)
def test_behind_the_proxy_each_phone_has_its_own_allowance(limited_app):
    client = limited_app.test_client()
    for _ in range(5):
        assert take(client, **{"X-Forwarded-For": "203.0.113.7"}).status_code == 201
    assert take(client, **{"X-Forwarded-For": "203.0.113.7"}).status_code == 429
    assert take(client, **{"X-Forwarded-For": "203.0.113.8"}).status_code == 201


@pytest.mark.parametrize("limited_app", [{}], indirect=True)
def test_without_a_proxy_a_forged_forwarded_address_changes_nothing(limited_app):
    client = limited_app.test_client()
    answers = [take(client, **{"X-Forwarded-For": f"198.51.100.{i}"}).status_code for i in range(7)]
    assert answers == [201] * 5 + [429] * 2


@pytest.mark.parametrize("limited_app", [{"HALL_TICKET_RATE_LIMIT": "off", "HALL_TICKETS_PER_ADDRESS_DAY": "3"}],
                         indirect=True)
def test_an_address_has_a_daily_ticket_cap_that_kiosks_do_not(limited_app):
    client = limited_app.test_client()
    assert [take(client).status_code for _ in range(4)] == [201, 201, 201, 429]
    kiosk = kiosk_token(limited_app)
    assert [take(client, **{"X-Device-Token": kiosk}).status_code for _ in range(5)] == [201] * 5
