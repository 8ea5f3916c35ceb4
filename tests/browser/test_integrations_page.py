"""The manager's 对接外部系统 page: a dead delivery is pushed again with its button and arrives."""
import pytest
import requests

from tests.api.test_cases import APPLICANT, ITEM
from tests.api.test_outbox import SECRET, Receiver
from tests.browser.conftest import screenshot
from tests.conftest import LiveServer, free_port
from tests.live.test_outbox import wait_for

pytestmark = pytest.mark.browser


@pytest.fixture
def outbox_server(tmp_path):
    """A demo hall whose deliveries die after one attempt, retried fast."""
    server = LiveServer(f"sqlite:///{tmp_path / 'hall.sqlite3'}", tmp_path,
                        env={"HALL_DELIVERY_ATTEMPTS": "1", "HALL_DELIVERY_POLL_SECONDS": "0.2"}).start(timeout=240)
    yield server
    server.stop()


def test_a_manager_retries_a_dead_delivery(outbox_server, new_page):
    base = outbox_server.url + "/api/v1"
    port = free_port()
    manager = {"Authorization": "Bearer " + requests.post(base + "/auth/login", json={
        "username": "manager", "password": "demo"}).json()["token"]}
    created = requests.post(base + "/admin/integrations", headers=manager, json={
        "name": "省好差评系统", "url": f"http://127.0.0.1:{port}/events", "secret": SECRET,
        "events": ["case.accepted"]})
    assert created.status_code == 201
    integration = created.json()["id"]
    staff = {"Authorization": "Bearer " + requests.post(base + "/auth/login", json={
        "username": "staff02", "password": "demo"}).json()["token"]}
    requests.post(base + "/windows/2/sign-in", headers=staff)
    requests.post(base + "/tickets", json={"queue_code": "business"})
    ticket = requests.post(base + "/windows/2/call-next", headers=staff).json()["ticket"]
    case = requests.post(base + "/cases", headers=staff, json={
        "ticket_id": ticket["id"], "item_code": ITEM, "applicant": APPLICANT,
        "materials": ["M01", "M02", "M03", "M04", "M05"]}).json()
    dead = lambda: requests.get(f"{base}/admin/integrations/{integration}/deliveries?status=dead",  # noqa: E731
                                headers=manager).json()
    wait_for(lambda: len(dead()) == 1, 60, "the delivery to die (nobody listening)")

    page = new_page(1440, 900)
    page.goto(outbox_server.url + "/integrations")
    page.fill("#username", "manager")
    page.fill("#password", "demo")
    page.click("#login-form button")
    page.wait_for_selector("#integrations td:has-text('省好差评系统')")
    page.wait_for_selector("#deliveries td.dead:has-text('推送失败')")
    assert "办件受理" in page.inner_text("#deliveries")
    screenshot(page, "integrations-dead")

    receiver = Receiver(secret=SECRET, port=port)      # the outside system is back
    try:
        page.click("#deliveries button[data-retry]")
        wait_for(lambda: any(e["status"] == 200 for e in receiver.log()), 60, "the retried delivery")
        (attempt,) = receiver.log()
        assert attempt["signature_ok"] and attempt["body"]["data"]["case_no"] == case["case_no"]
        page.click(".filters button[data-status=delivered]")
        page.wait_for_selector("#deliveries td.delivered:has-text('已送达')", timeout=30000)
        screenshot(page, "integrations-delivered")
        page.once("dialog", lambda dialog: dialog.accept())      # 确定停用？
        page.click("#integrations button[data-active=false]")
        page.wait_for_selector("#integrations .dead:has-text('已停用')")
        listed = requests.get(base + "/admin/integrations", headers=manager).json()
        assert [i["active"] for i in listed] == [False]
        page.click("#integrations button[data-active=true]")
        page.wait_for_selector("#integrations button[data-active=false]")
        assert [i["active"] for i in requests.get(base + "/admin/integrations", headers=manager).json()] == [True]
    finally:
        receiver.stop()
