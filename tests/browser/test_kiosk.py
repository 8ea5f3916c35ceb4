"""The kiosk: search, green channel, a flaky network, idle reset."""
import pytest
import requests

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def waiting(base, queue):
    return {q["code"]: q["waiting"] for q in requests.get(base + "/api/v1/queues").json()}[queue]


def test_pinyin_search_finds_the_business_licence(hall_server, new_page):
    kiosk = new_page(1920, 1080)
    kiosk.goto(hall_server.url + "/kiosk")
    screenshot(kiosk, "kiosk-home-landscape")
    kiosk.click('[data-go="search"]')
    for key in "GTGSH":
        kiosk.click(f'#keys button:text-is("{key}")')
    results = kiosk.locator("#list .item").all_inner_texts()
    assert any("个体工商户设立登记" in r for r in results)
    assert all("个体工商户" in r for r in results)


def test_unreachable_server_is_retried_with_one_key_and_gives_one_ticket(hall_server, new_page):
    base = hall_server.url
    kiosk = new_page(1080, 1920)
    keys, failures = [], {"left": 2}

    def flaky(route):
        keys.append(route.request.headers.get("idempotency-key"))
        if failures["left"] > 0:
            failures["left"] -= 1
            route.abort("connectionrefused")
        else:
            route.continue_()
    kiosk.route("**/api/v1/tickets", flaky)
    # a registered kiosk: only one in the hall (or staff) issues green-channel tickets
    manager = requests.post(base + "/api/v1/auth/login", json={"username": "manager", "password": "demo"}).json()
    token = requests.post(base + "/api/v1/devices", json={"kind": "kiosk"},
                          headers={"Authorization": "Bearer " + manager["token"]}).json()["token"]
    kiosk.goto(base + "/kiosk?device=" + token)
    kiosk.wait_for_load_state("networkidle")     # its registration checked (GET /devices/me)
    kiosk.click("#toggle-green")
    kiosk.click('[data-go="queues"]')
    kiosk.click('[data-queue="tax"]')
    kiosk.wait_for_selector("#screen-ticket:not(.hidden)", timeout=20000)
    assert len(keys) == 3
    assert len(set(keys)) == 1
    assert keys[0]
    assert waiting(base, "tax") == 1
    number = kiosk.inner_text("#t-number")
    ticket = requests.get(base + "/api/v1/tickets/by-token/" +
                          kiosk.get_attribute("#t-pdf", "href").split("/")[-2]).json()
    assert ticket["number"] == number
    assert ticket["green_channel"] is True
    assert "绿色通道" in kiosk.inner_text("#t-queue")
    assert "打印失败" in kiosk.inner_text("#print-status")   # no printer registered: said, ticket kept


def test_idle_kiosk_returns_home(hall_server, new_page):
    kiosk = new_page(1920, 1080)
    kiosk.goto(hall_server.url + "/kiosk?idle=2")
    kiosk.click('[data-go="categories"]')
    kiosk.wait_for_selector("#screen-list:not(.hidden)")
    assert kiosk.is_hidden("#screen-home")
    kiosk.wait_for_selector("#screen-home:not(.hidden)", timeout=6000)


def test_a_server_error_is_shown_and_no_ticket_appears(hall_server, new_page):
    kiosk = new_page(1920, 1080)
    kiosk.route("**/api/v1/tickets", lambda route: route.fulfill(
        status=409, content_type="application/json",
        body='{"error": {"code": "daily_cap_reached", "message": "该业务今日号票已发放完毕，请明日再来或预约办理"}}'))
    kiosk.goto(hall_server.url + "/kiosk")
    kiosk.click('[data-go="queues"]')
    kiosk.click('[data-queue="business"]')
    kiosk.wait_for_function("document.getElementById('busy-text').textContent.includes('已发放完毕')")
    assert kiosk.is_hidden("#screen-ticket")


def test_track_page_shows_the_call_live(hall_server, new_page):
    base = hall_server.url
    ticket = requests.post(base + "/api/v1/tickets", json={"queue_code": "health"}).json()
    phone = new_page(390, 844)
    phone.goto(ticket["track_url"].replace("http://localhost", base))
    phone.wait_for_function(f"document.getElementById('num').textContent === '{ticket['number']}'")
    assert "您前面还有" in phone.inner_text("#ahead")
    s = requests.Session()
    s.headers["Authorization"] = "Bearer " + s.post(base + "/api/v1/auth/login", json={
        "username": "staff09", "password": "demo"}).json()["token"]
    s.post(base + "/api/v1/windows/9/sign-in")
    s.post(base + "/api/v1/windows/9/call-next")
    phone.wait_for_function("document.getElementById('called').textContent.includes('请')", timeout=10000)
    assert phone.inner_text("#called") == f"请{ticket['number']}号到9号窗口办理"
    screenshot(phone, "track")


def test_the_phone_follows_its_place_and_buzzes_at_three_ahead_and_when_called(hall_server, new_page):
    base = hall_server.url
    tickets = [requests.post(base + "/api/v1/tickets", json={"queue_code": "health"}).json() for _ in range(5)]
    mine = tickets[-1]
    phone = new_page(390, 844)
    phone.add_init_script("""window.__buzz = [];
        navigator.vibrate = () => true;
        window.Notification = function (text) { window.__buzz.push(text); };
        window.Notification.permission = "granted";""")
    phone.goto(mine["track_url"].replace("http://localhost", base))
    phone.wait_for_function("document.getElementById('ahead').textContent.includes('4')")
    assert phone.evaluate("window.__buzz") == []
    staff = requests.Session()
    staff.headers["Authorization"] = "Bearer " + staff.post(base + "/api/v1/auth/login", json={
        "username": "staff09", "password": "demo"}).json()["token"]
    staff.post(base + "/api/v1/windows/9/sign-in")
    staff.post(base + "/api/v1/windows/9/call-next")                  # the first is called: 3 ahead now
    phone.wait_for_function("document.getElementById('ahead').textContent.includes('3')", timeout=10000)
    phone.wait_for_function("window.__buzz.length === 1")
    assert phone.evaluate("window.__buzz") == [f"{mine['number']}号：前面还有3人，请做好准备"]
    for _ in range(4):
        staff.post(base + "/api/v1/windows/9/call-next")
    phone.wait_for_function("document.getElementById('called').textContent.includes('请')", timeout=10000)
    assert phone.evaluate("window.__buzz")[-1] == f"请{mine['number']}号到9号窗口办理"


def test_appointment_check_in_at_the_kiosk(hall_server, new_page):
    from datetime import datetime, timedelta, timezone

    import sqlalchemy as sa

    from hall.calendar.workdays import WorkdayCalendar
    from tests.unit.test_case_rules import make_id
    base = hall_server.url
    shanghai = timezone(timedelta(hours=8))
    today = datetime.now(shanghai)
    day = WorkdayCalendar().add_working_days(today.date(), 2)
    booked = requests.post(base + "/api/v1/appointments", json={
        "item_code": "SCJG001", "date": day.isoformat(), "start": "09:00",
        "applicant": {"name": "刘七", "id_number": make_id("23072219900101123"), "phone": "13700000000"}}).json()
    engine = sa.create_engine(hall_server.db_url)
    start = max(today - timedelta(minutes=5), today.replace(hour=0, minute=0))
    end = min(today + timedelta(minutes=50), today.replace(hour=23, minute=59))
    with engine.begin() as conn:   # the slot is now
        conn.execute(sa.text("UPDATE appointment SET day = :d, start = :s, \"end\" = :e WHERE code = :c"),
                     {"d": today.date().isoformat(), "s": start.strftime("%H:%M"), "e": end.strftime("%H:%M"),
                      "c": booked["appointment_code"]})
    engine.dispose()
    requests.post(base + "/api/v1/tickets", json={"item_code": "SCJG001"})       # a walk-in already waiting
    kiosk = new_page(1080, 1920)
    kiosk.goto(base + "/kiosk")
    kiosk.click('[data-go="checkin"]')
    for key in booked["appointment_code"][1:]:
        kiosk.click(f'#code-keys button:text-is("{key}")')
    assert kiosk.inner_text("#code-input") == booked["appointment_code"]
    kiosk.click("#checkin")
    kiosk.wait_for_selector("#screen-ticket:not(.hidden)")
    assert "您前面还有 0 人" in kiosk.inner_text("#t-ahead")                  # ahead of the walk-in


def test_booking_an_appointment_on_the_phone(hall_server, new_page):
    from tests.unit.test_case_rules import make_id
    phone = new_page(390, 844)
    phone.goto(hall_server.url + "/book")
    phone.wait_for_selector("#dates .chip")
    phone.select_option("#item", "SCJG001")
    phone.click("#dates .chip >> nth=1")
    phone.wait_for_selector("#slots .chip")
    phone.click("#slots .chip >> nth=0")
    phone.fill("#name", "陈八")
    phone.fill("#id_number", make_id("23072219880808123"))
    phone.fill("#phone", "13500000000")
    phone.click("button.submit")
    phone.wait_for_selector("#done:not(.hidden)")
    code = phone.inner_text("#code")
    assert code.startswith("Y")
    assert len(code) == 9
    dates = requests.get(hall_server.url + "/api/v1/appointments/dates").json()
    slots = requests.get(hall_server.url + "/api/v1/appointments/slots",
                         params={"item_code": "SCJG001", "date": dates[1]}).json()
    assert slots[0]["booked"] == 1
    screenshot(phone, "book")


def test_closed_hall_says_when_it_opens_in_plain_words(hall_server, new_page):
    from datetime import datetime
    from zoneinfo import ZoneInfo
    base = hall_server.url
    token = requests.post(base + "/api/v1/auth/login", json={"username": "manager", "password": "demo"}).json()["token"]
    hour = datetime.now(ZoneInfo("Asia/Shanghai")).hour
    opens, closes = ("20:00", "21:00") if hour < 12 else ("03:00", "04:00")
    answer = requests.put(base + "/api/v1/admin/hall", headers={"Authorization": "Bearer " + token},
                          json={"name": "新林区政务服务中心", "opens_at": opens, "closes_at": closes,
                                "ticket_cutoff_minutes": 0, "open_on": "every_day"})
    assert answer.status_code == 200, answer.text
    kiosk = new_page(1920, 1080)
    kiosk.goto(base + "/kiosk")
    kiosk.click('[data-go="queues"]')
    kiosk.click('[data-queue="tax"]')
    kiosk.wait_for_selector("#busy.closed:not(.hidden)")
    text = kiosk.inner_text("#busy-text")
    assert "下次开门" in text and opens in text and "星期" in text
    assert "409" not in text
    screenshot(kiosk, "kiosk-hall-closed")
    assert waiting(base, "tax") == 0
