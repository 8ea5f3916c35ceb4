"""Accepting a case at the window console and following it on the progress page."""
import pytest
import requests

from tests.browser.conftest import open_console, screenshot
from tests.unit.test_case_rules import make_id

pytestmark = pytest.mark.browser


def test_accept_at_the_console_then_follow_progress(hall_server, new_page):
    base = hall_server.url
    requests.post(base + "/api/v1/tickets", json={"item_code": "SCJG005"})
    console = open_console(new_page, base, 2)
    console.click('[data-act="call-next"]')
    console.wait_for_selector("#item-select")
    assert console.input_value("#item-select") == "SCJG005"
    console.fill("#ap-name", "张三")
    console.fill("#ap-id", make_id("23072219800101123"))
    console.fill("#ap-phone", "13800138000")
    console.check('.mat[value="M01"]')
    console.click("#btn-accept")
    console.wait_for_selector(".warn-msg")
    assert "一次性告知书" in console.inner_text("#accept-result")
    for code in ("M02", "M03", "M04", "M05"):
        console.check(f'.mat[value="{code}"]')
    console.click("#btn-accept")
    console.wait_for_selector(".ok-msg")
    text = console.inner_text("#accept-result")
    screenshot(console, "window-console-accepted")
    case_no = text.split("办件编号")[1].split("，")[0].strip()
    query_code = text.split("查询码")[1].split("，")[0].strip()

    phone = new_page(390, 844)
    phone.goto(f"{base}/progress?case={case_no}&code={query_code}")
    phone.wait_for_selector("#result:not(.hidden)")
    assert phone.inner_text("#status") == "已受理"
    assert "窗口受理" in phone.inner_text("#steps")
    assert "正常办理" in phone.inner_text("#light")
    screenshot(phone, "progress")
    phone.goto(f"{base}/progress?case={case_no}&code=000000")
    phone.wait_for_function("document.getElementById('error').textContent.length > 0")
    assert "不正确" in phone.inner_text("#error")


def test_manager_page_shows_open_cases_with_lights(hall_server, new_page):
    page = new_page(1440, 900)
    page.goto(hall_server.url + "/manager")
    page.fill("#username", "manager")
    page.fill("#password", "demo")
    page.click("#login-form button")
    page.wait_for_selector("#queues tr")
    assert "商事登记" in page.inner_text("#queues")
    assert "在办件监察" in page.inner_text("main")
    screenshot(page, "manager")


def test_live_updates_do_not_wipe_the_acceptance_form(hall_server, new_page):
    base = hall_server.url
    requests.post(base + "/api/v1/tickets", json={"item_code": "SCJG005"})
    console = open_console(new_page, base, 2)
    console.click('[data-act="call-next"]')
    console.wait_for_selector("#item-select")
    console.fill("#ap-name", "张三")
    console.check('.mat[value="M01"]')
    for _ in range(3):                       # citizens keep taking tickets: the waiting list updates live
        requests.post(base + "/api/v1/tickets", json={"queue_code": "business"})
    console.wait_for_function("document.getElementById('waiting-count').textContent === '（3）'")
    assert console.input_value("#ap-name") == "张三"
    assert console.is_checked('.mat[value="M01"]')


def test_manager_dashboard_follows_the_queue_live(hall_server, new_page):
    page = new_page(1440, 900)
    page.goto(hall_server.url + "/manager")
    page.fill("#username", "manager")
    page.fill("#password", "demo")
    page.click("#login-form button")
    page.wait_for_selector("#windows tr")
    tax = page.locator("#queues tr", has_text="税务办理")
    assert tax.locator("td").nth(1).inner_text() == "0"          # nobody waits yet
    taken = requests.post(hall_server.url + "/api/v1/tickets", json={"queue_code": "tax"})
    assert taken.status_code == 201, taken.text
    page.wait_for_function("[...document.querySelectorAll('#queues tr')].some("
                           "(tr) => tr.textContent.includes('税务办理') && tr.children[1].textContent === '1')")
    # the new ticket shows without a reload, with the wait the kiosk tells the next citizen
    assert tax.locator("td").nth(1).inner_text() == "1"
    queue = next(q for q in requests.get(hall_server.url + "/api/v1/queues").json() if q["code"] == "tax")
    assert tax.locator("td").nth(2).inner_text() == f"{queue['estimated_wait_minutes']} 分钟"


def test_the_console_revokes_a_green_channel_and_shows_an_urgent_ticket_first(hall_server, new_page):
    base = hall_server.url
    console = open_console(new_page, base, 5)
    queue = next(w for w in requests.get(base + "/api/v1/windows").json() if w["number"] == 5)["queues"][0]
    staff = {"Authorization": "Bearer " + requests.post(base + "/api/v1/auth/login", json={
        "username": "staff05", "password": "demo"}).json()["token"]}
    for _ in range(200):     # call away what earlier tests left waiting at this window
        if requests.post(base + "/api/v1/windows/5/call-next", headers=staff).status_code == 404:
            break
    green = requests.post(base + "/api/v1/tickets", json={"queue_code": queue, "green_channel": True},
                          headers=staff).json()     # green only from staff or a registered kiosk
    console.click('[data-act="call-next"]')
    console.wait_for_function(f"() => document.querySelector('#cur-number').textContent === '{green['number']}'")
    assert console.is_enabled('[data-act="green-confirm"]') and console.is_enabled('[data-act="green-revoke"]')
    console.once("dialog", lambda dialog: dialog.accept("无优待证件"))
    console.click('[data-act="green-revoke"]')
    mine = console.locator(f'#waiting li[data-id="{green["id"]}"]')
    mine.wait_for()
    assert "绿色通道" not in mine.inner_text()                   # back in the line as a walk-in
    assert console.inner_text("#cur-number") == "—"
    walk_in = requests.post(base + "/api/v1/tickets", json={"queue_code": queue}).json()
    manager = requests.post(base + "/api/v1/auth/login", json={"username": "manager", "password": "demo"}).json()
    marked = requests.post(f"{base}/api/v1/tickets/{walk_in['id']}/urgent", json={"reason": "就医急需"},
                           headers={"Authorization": "Bearer " + manager["token"]})
    assert marked.status_code == 200
    first = console.locator("#waiting li").first
    first.filter(has_text="急事急办").wait_for()
    assert walk_in["number"] in first.inner_text()
    screenshot(console, "window-console-urgent")
