"""Accept a joint case at the window console, approve it from two reviewer consoles, hand it out."""
import pytest
import requests

from tests.browser.conftest import open_console, screenshot
from tests.unit.test_case_rules import make_id

pytestmark = pytest.mark.browser


def reviewer_page(new_page, base, dept):
    page = new_page(1280, 800)
    page.goto(base + "/review")
    page.fill("#username", f"reviewer-{dept}")
    page.fill("#password", "demo")
    page.click("#login-form button")
    page.wait_for_selector("#main:not(.hidden)")
    return page


def test_joint_case_from_acceptance_to_hand_out(hall_server, new_page):
    base = hall_server.url
    scjg = reviewer_page(new_page, base, "scjg")
    wjj = reviewer_page(new_page, base, "wjj")
    requests.post(base + "/api/v1/tickets", json={"item_code": "LB001"})
    console = open_console(new_page, base, 2)
    console.click('[data-act="call-next"]')
    console.wait_for_selector("#item-select")
    console.fill("#ap-name", "赵六")
    console.fill("#ap-id", make_id("23072219850505123"))
    console.fill("#ap-phone", "13600000000")
    for code in ("M01", "M02", "M03", "M04", "M05", "M06"):
        console.check(f'.mat[value="{code}"]')
    console.click("#btn-accept")
    console.wait_for_selector(".ok-msg")
    case_no = console.inner_text(".ok-msg").split("办件编号")[1].split("，")[0].strip()

    # both departments see the task live, without reloading
    for page in (scjg, wjj):
        page.wait_for_selector(".case [data-op=approve]", timeout=10000)
    screenshot(wjj, "review-console")
    wjj.click(".case [data-op=approve]")
    scjg.wait_for_function("document.querySelector('.case').textContent.includes('卫生健康局：同意')", timeout=10000)
    scjg.click(".case [data-op=approve]")

    # the window hands out both certificates at once
    console.wait_for_selector("[data-ready] .hand-out", timeout=10000)
    console.fill("[data-ready] .cert", "营业执照 91230700MA1，卫生许可证 黑卫公字2026第88号")
    with console.expect_popup() as popup:
        console.click("[data-ready] .hand-out")
    popup.value.close()
    console.wait_for_function("document.getElementById('ready').textContent.includes('无')", timeout=10000)
    manager = requests.post(base + "/api/v1/auth/login", json={"username": "manager", "password": "demo"}).json()
    case = requests.get(f"{base}/api/v1/cases/{case_no}", headers={"Authorization": "Bearer " + manager["token"]}).json()
    assert case["status"] == "completed"
    assert case["certificates"] == ["营业执照 91230700MA1", "卫生许可证 黑卫公字2026第88号"]
    assert [s["name"] for s in case["steps"]][-1] == "窗口发证"
