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


def test_a_window_writes_its_self_assessment_and_a_manager_sees_the_year(hall_server, new_page):
    base = hall_server.url
    page = new_page(1366, 1000)
    page.goto(base + "/assessments")
    page.fill("#username", "staff03")
    page.fill("#password", "demo")
    page.click("#login-form button")
    page.wait_for_selector("#main:not(.hidden)")
    page.wait_for_function("document.getElementById('self-figures').textContent.length > 0")
    page.fill("#self-text", "本月按时办结，窗口服务规范。")
    page.fill("#self-score", "92")
    with page.expect_response(lambda r: "/api/v1/assessments/self" in r.url and r.request.method == "POST") as done:
        page.click("#self-form button")
    assert done.value.status == 201, done.value.text()
    page.fill("#peer-to", "3")
    page.fill("#peer-score", "100")
    with page.expect_response(lambda r: "/api/v1/assessments/peer" in r.url and r.request.method == "POST") as own:
        page.click("#peer-form button")
    assert own.value.status == 409   # a window never scores itself
    page.fill("#peer-to", "4")
    page.fill("#peer-score", "90")
    page.click("#peer-form button")
    page.wait_for_selector("#peer-results table")
    assert "4号" in page.inner_text("#peer-results")
    with page.expect_response(lambda r: "/api/v1/assessments/annual" in r.url) as annual:
        page.click("#annual-form button.ok")
    row = next(w for w in annual.value.json()["windows"] if w["window"] == 3)
    assert row["self"]["count"] == 1 and row["self"]["average"] == round(92 / row["monthly"]["count"], 2)
    shown = str(row["self"]["average"])
    page.wait_for_function("(s) => Array.from(document.querySelectorAll('#annual tr')).some((tr) => "
                           "tr.textContent.startsWith('3号') && tr.textContent.includes(s))", arg=shown)
    screenshot(page, "assessments")
