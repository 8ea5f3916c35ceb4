"""到号短信提醒 at the kiosk: offered only where the hall has a notification gateway (a real
gateway process on loopback), typed on the kiosk's keypad, told on the ticket, and the
gateway hears 即将到号 when the turn is near; without a gateway nothing is offered."""
import pytest
import requests

from tests.api.test_outbox import Receiver
from tests.browser.conftest import screenshot
from tests.conftest import LiveServer
from tests.live.test_outbox import wait_for

pytestmark = pytest.mark.browser
ITEM_SEARCH = "GTGSH"          # 个体工商户设立登记 (queue business)


def open_guide(kiosk, base):
    kiosk.goto(base + "/kiosk")
    kiosk.click('[data-go="search"]')
    for key in ITEM_SEARCH:
        kiosk.click(f'#keys button:text-is("{key}")')
    kiosk.locator("#list .item", has_text="个体工商户设立登记").first.click()
    kiosk.wait_for_selector("#screen-guide:not(.hidden)")


def test_a_phone_typed_at_the_kiosk_hears_that_its_turn_is_near(tmp_path, new_page):
    gateway = Receiver(secret=None)
    server = LiveServer(f"sqlite:///{tmp_path / 'hall.sqlite3'}", tmp_path,
                        env={"HALL_NOTIFY_URL": gateway.url, "HALL_NOTIFY_AHEAD": "1"}).start()
    try:
        base = server.url
        ahead = [requests.post(base + "/api/v1/tickets", json={"queue_code": "business"}).json() for _ in range(2)]
        assert all("notify" not in t for t in ahead)          # no phone, nothing promised
        kiosk = new_page(1080, 1920)
        open_guide(kiosk, base)
        kiosk.wait_for_selector("#phone-keys button")
        for digit in "1390013":
            kiosk.click(f'#phone-keys button:text-is("{digit}")')
        assert kiosk.inner_text("#phone-hint") == "手机号应为11位"
        for digit in "5678":
            kiosk.click(f'#phone-keys button:text-is("{digit}")')
        assert kiosk.inner_text("#phone-input") == "13900135678" and kiosk.inner_text("#phone-hint") == ""
        screenshot(kiosk, "kiosk-phone-entry")
        kiosk.click("#take")
        kiosk.wait_for_selector("#screen-ticket:not(.hidden)")
        assert "快到号时将短信提醒 139****5678" in kiosk.inner_text("#t-estimate")
        kiosk.wait_for_function("document.getElementById('t-qr').naturalWidth > 0", timeout=15000)   # its QR code
        screenshot(kiosk, "kiosk-phone-ticket")
        mine = kiosk.inner_text("#t-number")
        assert gateway.log() == []                             # two ahead: not yet
        staff = {"Authorization": "Bearer " + requests.post(base + "/api/v1/auth/login", json={
            "username": "staff02", "password": "demo"}).json()["token"]}
        assert requests.post(base + "/api/v1/windows/2/sign-in", headers=staff).status_code == 200
        called = requests.post(base + "/api/v1/windows/2/call-next", headers=staff).json()["ticket"]["number"]
        assert called == ahead[0]["number"]                    # now one is ahead of ours
        wait_for(lambda: len(gateway.log()) == 1, 60, "即将到号 at the gateway")
        (message,) = [m["body"] for m in gateway.log()]
        assert message["to"] == "13900135678" and message["template"] == "turn_near"
        assert mine in message["text"]
        kiosk.click("text=完成")
        open_guide(kiosk, base)
        assert kiosk.inner_text("#phone-input").startswith("到号短信提醒")   # forgotten on going home
    finally:
        server.stop()
        gateway.stop()


def test_without_a_gateway_the_kiosk_offers_no_sms(hall_server, new_page):
    kiosk = new_page(1080, 1920)
    open_guide(kiosk, hall_server.url)
    assert kiosk.evaluate("Hall.hallInfo().then((h) => h.notifications)") is False   # asked, and answered no
    assert kiosk.locator("#phone-box").count() == 0
    assert "短信" not in kiosk.inner_text("#screen-guide")
