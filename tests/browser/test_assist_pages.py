"""呼叫帮办 in a browser: a kiosk presses the button, a helper's open console hears it live and
accepts, and the kiosk shows who is coming."""
import pytest
import requests

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def manager_token(base):
    answer = requests.post(base + "/api/v1/auth/login", json={"username": "manager", "password": "demo"})
    assert answer.status_code == 200, answer.text
    return answer.json()["token"]


def test_a_kiosks_call_reaches_the_helpers_console_and_the_kiosk_shows_who_is_coming(hall_server, new_page):
    base = hall_server.url
    made = requests.post(base + "/api/v1/devices", json={"kind": "kiosk", "name": "大厅东侧取号机"},
                         headers={"Authorization": "Bearer " + manager_token(base)})
    assert made.status_code == 201, made.text

    console = new_page(1366, 900)
    console.goto(base + "/helper")
    console.fill("#username", "helper01")
    console.fill("#password", "demo")
    console.click("#login-form button")
    console.wait_for_selector("#main:not(.hidden)")
    console.click("#duty-toggle")
    console.wait_for_selector(".duty.on")
    console.wait_for_selector("#requests .empty")

    kiosk = new_page(1080, 1920)
    kiosk.goto(base + "/kiosk?device=" + made.json()["token"])
    kiosk.click("#toggle-elder")   # the 长辈模式 home screen carries the button too
    kiosk.click("#call-helper")
    kiosk.wait_for_selector("#assist:not(.hidden)")
    assert kiosk.inner_text("#assist-text") == "已通知帮办人员，请在此稍候"

    card = console.wait_for_selector("#requests .request.waiting", timeout=10000)   # live, no reload
    assert "长辈模式呼叫帮办" in card.inner_text() and "大厅东侧取号机" in card.inner_text()
    screenshot(console, "helper-console")
    console.click("[data-accept]")
    console.wait_for_selector("[data-arrived]")

    kiosk.wait_for_function("document.getElementById('assist-text').textContent.includes('正在赶来')", timeout=10000)
    assert kiosk.inner_text("#assist-text") == "帮办员 周小燕 正在赶来，请在此稍候"
    screenshot(kiosk, "kiosk-assist-coming")

    console.click("[data-arrived]")
    console.wait_for_selector("#requests .empty")
    kiosk.wait_for_selector("#assist", state="hidden")   # the helper is there: the notice goes
