"""A catalog change reaches a kiosk that is already open, without a reload."""
import pytest
import requests

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_an_open_kiosk_shows_a_new_item_and_issues_a_ticket_for_it(hall_server, new_page):
    base = hall_server.url
    kiosk = new_page(1920, 1080)
    kiosk.goto(base + "/kiosk")
    kiosk.wait_for_function("() => window.__kiosk.items.length > 0")
    kiosk.evaluate("() => { window.__notReloaded = true; }")
    login = requests.post(base + "/api/v1/auth/login", json={"username": "manager", "password": "demo"})
    assert login.status_code == 200
    headers = {"Authorization": "Bearer " + login.json()["token"]}
    for path, body in (("departments", {"code": "tyj", "name": "区体育局"}),
                       ("queues", {"code": "sport", "prefix": "H", "name": "体育事务"}),
                       ("windows", {"number": 30, "name": "体育窗口", "department": "tyj", "queues": ["sport"]}),
                       ("items", {"code": "sport-event", "name": "体育赛事活动备案", "department": "tyj",
                                  "kind": "instant", "queue": "sport", "legal_days": 5, "promised_days": 0,
                                  "steps": ["申请", "备案"],
                                  "materials": [{"code": "m1", "name": "赛事活动方案", "form": "original"}]})):
        answer = requests.post(f"{base}/api/v1/admin/{path}", json=body, headers=headers)
        assert answer.status_code == 201, answer.text
    kiosk.wait_for_function("() => window.__kiosk.items.some((i) => i.code === 'sport-event')", timeout=15000)
    assert kiosk.evaluate("() => window.__notReloaded") is True
    kiosk.click('[data-go="search"]')
    for key in "TYSS":
        kiosk.click(f'#keys button:text-is("{key}")')
    kiosk.click('#list [data-item="sport-event"]')
    assert "赛事活动方案" in kiosk.inner_text("body")
    screenshot(kiosk, "kiosk-new-item-live")
    kiosk.click("#take")
    kiosk.wait_for_selector("#screen-ticket:not(.hidden)", timeout=20000)
    assert kiosk.inner_text("#t-number") == "H001"
