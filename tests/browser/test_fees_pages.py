"""统一收费 in the pages: the window console charges an accepted case's fee against the item's
rule with its receipt number and lists the case's payments; the window asks for a refund,
the manager approves it in the manager console, where the daily report shows the day."""
import pytest
import requests

from tests.browser.conftest import open_console, screenshot
from tests.unit.test_case_rules import make_id

pytestmark = pytest.mark.browser


def test_charging_at_the_window_console_and_a_managers_refund(hall_server, new_page):
    base = hall_server.url
    requests.post(base + "/api/v1/tickets", json={"item_code": "ZRZY002"})   # 住宅80元 / 非住宅550元
    console = open_console(new_page, base, 6)
    console.click('[data-act="call-next"]')
    console.wait_for_selector("#item-select")
    console.select_option("#item-select", "ZRZY002")
    console.wait_for_function("document.querySelectorAll('.mat').length === 5")
    console.fill("#ap-name", "李四")
    console.fill("#ap-id", make_id("23072219800101123"))
    console.fill("#ap-phone", "13800138000")
    for box in console.query_selector_all(".mat"):
        box.check()
    console.click("#btn-accept")
    console.wait_for_selector("#accept-result .ok-msg")
    case_no = console.inner_text("#accept-result").split("办件编号")[1].split("，")[0].strip()

    # the 收费 section comes up with the case: its published fee, its rule, the amounts to choose
    console.wait_for_selector("#fee-form")
    assert console.input_value("#fee-case") == case_no
    assert "住宅每件80元；非住宅每件550元" in console.inner_text("#fees")
    assert console.inner_text("#fee-rule-text") == "可选金额 80.00元、550.00元"
    assert [o.inner_text() for o in console.query_selector_all("#fee-amount option")] == ["80.00", "550.00"]
    console.select_option("#fee-amount", "550")
    console.select_option("#fee-method", "wechat")
    console.fill("#fee-receipt", "HLJ2026009001")
    console.click("#btn-charge")
    console.wait_for_selector(".fee-list tr[data-payment]")
    row = console.inner_text(".fee-list tr[data-payment]")
    assert "550.00" in row and "微信支付" in row and "HLJ2026009001" in row
    assert "已缴费 550.00 元" in console.inner_text("#fees")
    assert console.query_selector("#fee-form") is None     # paid: no second charge
    screenshot(console, "window-console-fee-charged")

    # the window asks for a refund, with the reason
    console.once("dialog", lambda d: d.accept("申请人撤回申请"))
    console.click(".ask-refund")
    console.wait_for_function("document.getElementById('fees').innerText.includes('退费审批中')")

    manager = new_page(1440, 900)
    manager.goto(base + "/manager")
    manager.fill("#username", "manager")
    manager.fill("#password", "demo")
    manager.click("#login-form button")
    manager.wait_for_selector("#queues tr")
    manager.click('#tabs button[data-tab="fees"]')
    manager.wait_for_selector("#refund-requests tr[data-refund]")
    pending = manager.inner_text("#refund-requests")
    assert case_no in pending and "550.00" in pending and "HLJ2026009001" in pending
    assert manager.input_value(".refund-reason") == "申请人撤回申请"
    assert "550.00" in manager.inner_text("#fee-report")
    manager.click(".approve-refund")
    manager.wait_for_function("document.getElementById('refund-requests').innerText.includes('暂无待审批')")
    report = manager.inner_text("#fee-report")
    total = next(line for line in report.splitlines() if line.startswith("合计"))
    assert total.split() == ["合计", "1", "550.00", "1", "550.00", "0.00"]
    assert "退费" in manager.inner_text("#fee-payments")
    screenshot(manager, "manager-fees")

    # back at the window: the charge is shown refunded, and the case may be charged again
    console.click("#fee-lookup button")
    console.wait_for_function("document.getElementById('fees').innerText.includes('已退费')")
    console.wait_for_selector("#fee-form")
    assert len(console.query_selector_all(".fee-list tr[data-payment]")) == 2


def test_a_free_item_shows_no_charge_form(hall_server, new_page):
    base = hall_server.url
    requests.post(base + "/api/v1/tickets", json={"item_code": "SCJG001"})
    console = open_console(new_page, base, 2)
    console.click('[data-act="call-next"]')
    console.wait_for_selector("#item-select")
    console.select_option("#item-select", "SCJG001")
    console.wait_for_function("document.querySelectorAll('.mat').length === 4")
    console.fill("#ap-name", "王五")
    console.fill("#ap-id", make_id("23072219800101123"))
    console.fill("#ap-phone", "13900139000")
    for box in console.query_selector_all(".mat"):
        box.check()
    console.click("#btn-accept")
    console.wait_for_selector("#accept-result .ok-msg")
    console.wait_for_selector("#fee-none")
    assert console.query_selector("#fee-form") is None
    assert "此事项不收费" in console.inner_text("#fees")


def test_the_admin_editor_shows_and_sets_an_items_fee_rule(hall_server, new_page):
    from tests.browser.test_admin_pages import admin_page, tab

    base = hall_server.url
    page = admin_page(new_page, base)
    tab(page, "items")
    page.fill("#item-filter", "ZRZY002")
    page.click('#items-list [data-edit="ZRZY002"]')
    form = "#items-form"
    assert page.input_value(f"{form} [name=fee_kind]") == "choice"
    assert page.input_value(f"{form} [name=fee_amounts]") == "80,550"
    # an amount the published text does not name is refused with the API's Chinese words
    page.fill(f"{form} [name=fee_amounts]", "80,600")
    page.click(f"{form} button[type=submit]")
    page.wait_for_function("document.querySelector('#items-form [data-error]').textContent.length > 0")
    assert "未在收费标准中公布" in page.inner_text(f"{form} [data-error]")
    page.fill(f"{form} [name=fee]", "住宅每件80元；非住宅每件600元")
    page.click(f"{form} button[type=submit]")
    page.wait_for_function("""() => document.getElementById("items-list").innerText.includes("非住宅每件600元")
                              || document.querySelector("#items-form [data-error]").textContent""", timeout=15000)
    assert page.inner_text(f"{form} [data-error]") == ""
    item = requests.get(base + "/api/v1/items/ZRZY002").json()
    assert item["fee_rule"] == {"kind": "choice", "amounts": [80, 600], "percent": []}
