"""A citizen's visit through real pages: kiosk → window console → lobby display → rating pad."""
import re

import pytest
import requests

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_take_call_display_finish_and_rate(hall_server, new_page):
    base = hall_server.url
    display = new_page(1920, 1080)
    display.goto(base + "/display")
    pad = new_page(1280, 800)
    pad.goto(base + "/rating-pad/2?idle=2")
    # a new pad is not registered: it shows no rating tokens until a manager registers it here
    pad.wait_for_selector(".device-gate")
    assert "本设备尚未登记为2号窗口评价器" in pad.inner_text(".device-gate")
    screenshot(pad, "rating-pad-register")
    pad.fill('.device-gate [name="username"]', "staff02")
    pad.fill('.device-gate [name="password"]', "demo")
    pad.click(".device-gate button")
    pad.wait_for_selector('.device-gate .error:has-text("管理人员")')
    pad.fill('.device-gate [name="username"]', "manager")
    pad.click(".device-gate button")
    pad.wait_for_selector(".device-gate", state="detached")
    pad.wait_for_selector("#idle:not(.hidden)")
    console = new_page(1366, 768)
    console.goto(base + "/window/2")

    # the citizen taps through the kiosk: by department → 市场监管 → an item → 取号办理
    kiosk = new_page(1080, 1920)
    kiosk.goto(base + "/kiosk")
    kiosk.click('[data-go="departments"]')
    kiosk.click('.item:has-text("区市场监督管理局")')
    kiosk.click('.item:has-text("个体工商户设立登记")')
    assert kiosk.locator("#guide").inner_text().count("申请人身份证") == 1
    kiosk.click("#take")
    kiosk.wait_for_selector("#screen-ticket:not(.hidden)")
    number = kiosk.inner_text("#t-number")
    assert re.fullmatch(r"A\d{3}", number)
    kiosk.wait_for_function("document.getElementById('t-qr').complete && "
                            "document.getElementById('t-qr').naturalWidth > 0")
    screenshot(kiosk, "kiosk-ticket")
    waiting = {q["code"]: q["waiting"] for q in requests.get(base + "/api/v1/queues").json()}
    assert waiting["business"] == 1

    # window 2 logs in, signs in and presses 下一位
    console.fill("#username", "staff02")
    console.fill("#password", "demo")
    console.click("button[type=submit]")
    console.click("#btn-sign-in")
    console.wait_for_selector("#desk:not(.hidden)")
    console.click('[data-act="call-next"]')
    console.wait_for_function(f"document.getElementById('cur-number').textContent === '{number}'")

    # the lobby shows the call without a reload
    display.wait_for_function(
        f"document.getElementById('call').dataset.text === '请{number}号到2号窗口办理'", timeout=10000)
    assert number in display.inner_text('[data-window="2"]')

    # the service is finished at the console; the pad asks for a rating
    console.click('[data-act="start"]')
    console.wait_for_function("document.getElementById('cur-status').textContent === '办理中'")
    console.click('[data-act="finish"]')
    pad.wait_for_selector("#ask:not(.hidden)", timeout=10000)
    screenshot(pad, "rating-pad-ask")
    pad.click('[data-level="2"]')
    pad.wait_for_selector("#reasons:not(.hidden)")
    pad.click('.reason:has-text("等候时间过长")')
    screenshot(pad, "rating-pad-reasons")
    pad.click("#submit-bad")
    pad.wait_for_selector("#thanks:not(.hidden)")
    assert "感谢" in pad.inner_text("#thanks")
    pad.wait_for_selector("#idle:not(.hidden)", timeout=6000)   # idle again after ?idle=2 s

    # the rating was stored once: the token from the pad is used up
    token = console.evaluate("sessionStorage.getItem('hall.staff.token')")
    assert token


def test_display_resyncs_after_a_server_restart_without_reload(hall_server, new_page):
    base = hall_server.url
    display = new_page(1920, 1080)
    display.goto(base + "/display")
    display.wait_for_function("document.getElementById('conn').textContent.includes('已连接')")
    display.evaluate("window.__loaded_once = true")
    hall_server.stop()
    display.wait_for_function("document.getElementById('conn').textContent.includes('中断')", timeout=15000)
    hall_server.start()                                   # same database, same port
    http = requests.Session()
    ticket = http.post(base + "/api/v1/tickets", json={"queue_code": "tax"}).json()
    token = http.post(base + "/api/v1/auth/login", json={"username": "staff04", "password": "demo"}).json()["token"]
    http.headers["Authorization"] = "Bearer " + token
    http.post(base + "/api/v1/windows/4/sign-in")
    assert http.post(base + "/api/v1/windows/4/call-next").status_code == 200
    display.wait_for_function(
        f"document.getElementById('call').dataset.text === '请{ticket['number']}号到4号窗口办理'", timeout=20000)
    assert display.evaluate("window.__loaded_once") is True   # the same page, never reloaded


def test_two_calls_are_both_spoken_in_order_each_twice(hall_server, new_page):
    base = hall_server.url
    display = new_page(1920, 1080)
    display.goto(base + "/display")
    display.wait_for_function("document.getElementById('conn').textContent.includes('已连接')")
    http = requests.Session()
    numbers = [http.post(base + "/api/v1/tickets", json={"queue_code": "social"}).json()["number"] for _ in range(2)]
    calls = []
    for window in (11, 12):
        s = requests.Session()
        s.headers["Authorization"] = "Bearer " + s.post(base + "/api/v1/auth/login", json={
            "username": f"staff{window}", "password": "demo"}).json()["token"]
        s.post(f"{base}/api/v1/windows/{window}/sign-in")
        calls.append(s.post(f"{base}/api/v1/windows/{window}/call-next").json()["ticket"]["call_text"])
    display.wait_for_function("window.__spoken.length >= 4", timeout=60000)
    assert display.evaluate("window.__spoken") == [calls[0], calls[0], calls[1], calls[1]]
    assert calls == [f"请{numbers[0]}号到11号窗口办理", f"请{numbers[1]}号到12号窗口办理"]
