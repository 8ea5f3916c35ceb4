"""The manager's staffing simulation and device register, and the region's view, in a browser."""
import pytest
import requests

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def signed_in(new_page, url: str, user: str = "manager"):
    page = new_page(1440, 900)
    page.goto(url)
    page.fill("#username", user)
    page.fill("#password", "demo")
    page.click("#login-form button")
    return page


def test_tomorrows_staffing_is_simulated_from_the_dashboard(hall_server, new_page):
    page = signed_in(new_page, hall_server.url + "/manager")
    page.wait_for_selector("#queues tr")
    page.click('[data-tab="staffing"]')
    page.fill("#sim-tickets", "500")
    page.fill("#sim-windows", "12")
    page.click("#sim-form button")
    page.wait_for_selector("#sim-result th:has-text('所需窗口')", timeout=30000)
    assert "取号 500 张，开放窗口 12 个" in page.inner_text("#sim-title")
    rows = page.locator("#sim-result tr").all_inner_texts()
    assert any("A 商事登记" in r for r in rows)
    assert len(rows) == 8   # a header and the hall's seven queues
    screenshot(page, "manager-staffing")


def test_a_manager_registers_a_rating_pad_and_revokes_it(hall_server, new_page):
    page = signed_in(new_page, hall_server.url + "/manager")
    page.wait_for_selector("#queues tr")
    page.click('[data-tab="devices"]')
    page.select_option("#device-kind", "rating_pad")
    page.click("#device-form button")                                    # no window: a clear refusal
    page.wait_for_function("document.getElementById('device-error').textContent.includes('窗口')")
    page.fill("#device-window", "5")
    page.click("#device-form button")
    page.wait_for_selector("#device-new:not(.hidden)")
    url = page.inner_text("#device-url")
    assert "/rating-pad/5?hall=xinlin&device=" in url
    token = url.rsplit("device=", 1)[1]
    assert requests.get(hall_server.url + "/api/v1/devices/me", headers={"X-Device-Token": token}).json()["window"] == 5
    page.wait_for_selector("#device-list td:has-text('5号窗口评价器')")
    screenshot(page, "manager-devices")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("[data-revoke]")
    page.wait_for_selector("#device-list td:has-text('已注销')")
    assert requests.get(hall_server.url + "/api/v1/devices/me", headers={"X-Device-Token": token}).status_code == 401


def test_the_region_sees_both_centres(hall_server, new_page):
    requests.post(hall_server.url + "/api/v1/tickets", json={"queue_code": "social"}, headers={"X-Hall": "xinlin-zhen"})
    page = signed_in(new_page, hall_server.url + "/manager", "region")   # sent on to the regional view
    page.wait_for_url("**/region")
    page.fill("#username", "region")
    page.fill("#password", "demo")
    page.click("#login-form button")
    page.wait_for_selector("#halls tr:has-text('新林镇便民服务中心')")
    assert "新林区政务服务中心" in page.inner_text("#halls")
    screenshot(page, "region")
