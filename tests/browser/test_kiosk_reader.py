"""The kiosk's ID-card reader and QR scanner: a reader simulator process speaks the kiosk
protocol (tests/browser/reader_simulator.py) on loopback; a card for someone born in 1950
gives an elderly-priority ticket; without the reader the kiosk works by touch; a scanner's
fast keystrokes check an appointment in."""
import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from tests.browser.conftest import screenshot
from tests.conftest import free_port
from tests.unit.test_case_rules import make_id

pytestmark = pytest.mark.browser

SIMULATOR = Path(__file__).with_name("reader_simulator.py")
BORN_1950 = make_id("11010119500307123")
SHANGHAI = timezone(timedelta(hours=8))


def manager(base) -> dict:
    token = requests.post(base + "/api/v1/auth/login", json={"username": "manager", "password": "demo"}).json()["token"]
    return {"Authorization": "Bearer " + token}


def reader_kiosk(base, reader_url) -> str:
    made = requests.post(base + "/api/v1/devices", headers=manager(base), json={"kind": "kiosk", "reader_url": reader_url})
    assert made.status_code == 201, made.text
    return made.json()["token"]


@pytest.fixture(params=["ws"])
def simulator(request):
    """A reader service on a free loopback port: simulator.push({...}) sends a message.
    ``ws``: a WebSocket pushing reads; ``http``: a bridge the kiosk polls."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(SIMULATOR), str(port)] + (["http"] if request.param == "http" else []),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")
    assert proc.stdout.readline().strip() == f"listening {port}"

    class Simulator:
        url = f"ws://127.0.0.1:{port}" if request.param == "ws" else f"http://127.0.0.1:{port}/card"

        def push(self, message: dict) -> None:
            proc.stdin.write(json.dumps(message, ensure_ascii=False) + "\n")
            proc.stdin.flush()
    yield Simulator()
    proc.kill()
    proc.wait()


def open_kiosk(new_page, base, token):
    kiosk = new_page(1080, 1920)
    kiosk.goto(f"{base}/kiosk?device={token}")
    return kiosk


@pytest.mark.parametrize("simulator", ["ws", "http"], indirect=True)
def test_a_card_born_in_1950_gives_an_elderly_priority_ticket(hall_server, new_page, simulator):
    base = hall_server.url
    walk_in = requests.post(base + "/api/v1/tickets", json={"queue_code": "business"}).json()
    kiosk = open_kiosk(new_page, base, reader_kiosk(base, simulator.url))
    kiosk.wait_for_selector("#reader-status.ok", timeout=20000)
    assert "就绪" in kiosk.inner_text("#reader-status")
    simulator.push({"type": "card", "name": "张秀英", "id_number": BORN_1950, "birth_date": "1950-03-07", "sex": "女"})
    kiosk.wait_for_selector("#card-banner:not(.hidden)")
    banner = kiosk.inner_text("#card-banner")
    assert "张*英" in banner and "老年人优先" in banner and BORN_1950 not in banner
    screenshot(kiosk, "kiosk-reader-card-read-" + simulator.url.split(':')[0])
    kiosk.click('[data-go="queues"]')
    kiosk.click('[data-queue="business"]')
    kiosk.wait_for_selector("#screen-ticket:not(.hidden)", timeout=20000)
    assert "老年人优先" in kiosk.inner_text("#t-queue")
    assert "您前面还有 0 人" in kiosk.inner_text("#t-ahead")            # ahead of the walk-in who came first
    kiosk.wait_for_function("document.getElementById('t-qr').naturalWidth > 0", timeout=15000)   # its QR code
    screenshot(kiosk, "kiosk-reader-elderly-ticket")
    token = kiosk.get_attribute("#t-pdf", "href").split("/")[-2]
    ticket = requests.get(base + "/api/v1/tickets/by-token/" + token).json()
    assert ticket["elderly"] is True and ticket["green_channel"] is False
    assert walk_in["elderly"] is False
    engine = sa.create_engine(hall_server.db_url)
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT applicant_name, applicant_id_masked, applicant_id_hash FROM ticket "
                                   "WHERE token = :t"), {"t": token}).one()
    engine.dispose()
    assert row[0] == "张秀英" and row[1] == BORN_1950[:4] + "*" * 10 + BORN_1950[-4:] and len(row[2]) == 64
    # the card is forgotten once the ticket is issued: the next citizen is nobody's grandmother
    kiosk.click("[data-home]")
    assert kiosk.is_hidden("#card-banner")
    # the window console shows who is elderly in its waiting list, first after the green channel
    from tests.browser.conftest import open_console
    console = open_console(new_page, base, 2)
    console.wait_for_selector(f"#waiting li:has-text('{ticket['number']}') .tag:has-text('老年人')")
    assert console.locator("#waiting li").first.inner_text().startswith(ticket["number"])
    screenshot(console, "console-elderly-in-line")


def test_a_card_finds_todays_appointment_and_checks_it_in(hall_server, new_page, simulator):
    from hall.calendar.workdays import WorkdayCalendar
    base = hall_server.url
    now = datetime.now(SHANGHAI)
    booked = requests.post(base + "/api/v1/appointments", json={
        "item_code": "SCJG001", "date": WorkdayCalendar().add_working_days(now.date(), 2).isoformat(),
        "start": "09:00", "applicant": {"name": "张秀英", "id_number": BORN_1950, "phone": "13700000000"}}).json()
    move_to_now(hall_server, booked["appointment_code"])
    kiosk = open_kiosk(new_page, base, reader_kiosk(base, simulator.url))
    kiosk.wait_for_selector("#reader-status.ok", timeout=20000)
    simulator.push({"type": "card", "name": "张秀英", "id_number": BORN_1950, "birth_date": "19500307"})
    kiosk.wait_for_selector("#appointment-offer:not(.hidden)")
    assert "个体工商户设立登记" in kiosk.inner_text("#offer-text")
    screenshot(kiosk, "kiosk-reader-appointment-offer")
    kiosk.click("#offer-checkin")
    kiosk.wait_for_selector("#screen-ticket:not(.hidden)", timeout=20000)
    token = kiosk.get_attribute("#t-pdf", "href").split("/")[-2]
    ticket = requests.get(base + "/api/v1/tickets/by-token/" + token).json()
    assert ticket["elderly"] is True and ticket["item"] == "SCJG001"
    engine = sa.create_engine(hall_server.db_url)
    with engine.connect() as conn:
        status = conn.execute(sa.text("SELECT status FROM appointment WHERE code = :c"),
                              {"c": booked["appointment_code"]}).scalar()
    engine.dispose()
    assert status == "checked_in"


def test_without_the_reader_the_kiosk_issues_by_touch(hall_server, new_page):
    base = hall_server.url
    absent = f"ws://127.0.0.1:{free_port()}"          # nothing listens there
    kiosk = open_kiosk(new_page, base, reader_kiosk(base, absent))
    kiosk.wait_for_selector("#reader-status.fault", timeout=20000)
    assert "未连接" in kiosk.inner_text("#reader-status")
    assert kiosk.locator(".assist-panel:not(.hidden)").count() == 0       # no dialog
    screenshot(kiosk, "kiosk-reader-absent")
    kiosk.click('[data-go="queues"]')
    kiosk.click('[data-queue="tax"]')
    kiosk.wait_for_selector("#screen-ticket:not(.hidden)", timeout=20000)
    token = kiosk.get_attribute("#t-pdf", "href").split("/")[-2]
    assert requests.get(base + "/api/v1/tickets/by-token/" + token).json()["elderly"] is False


def move_to_now(hall_server, code):
    now = datetime.now(SHANGHAI)
    start = max(now - timedelta(minutes=5), now.replace(hour=0, minute=0))
    end = min(now + timedelta(minutes=50), now.replace(hour=23, minute=59))
    engine = sa.create_engine(hall_server.db_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE appointment SET day = :d, start = :s, \"end\" = :e WHERE code = :c"),
                     {"d": now.date().isoformat(), "s": start.strftime("%H:%M"), "e": end.strftime("%H:%M"), "c": code})
    engine.dispose()


def test_a_scanner_burst_checks_in_and_a_ticket_qr_shows_its_status(hall_server, new_page):
    from hall.calendar.workdays import WorkdayCalendar
    base = hall_server.url
    now = datetime.now(SHANGHAI)
    booked = requests.post(base + "/api/v1/appointments", json={
        "item_code": "SCJG001", "date": WorkdayCalendar().add_working_days(now.date(), 2).isoformat(),
        "start": "09:00", "applicant": {"name": "刘七", "id_number": make_id("23072219900101123"),
                                        "phone": "13700000000"}}).json()
    code = booked["appointment_code"]
    move_to_now(hall_server, code)
    kiosk = new_page(1920, 1080)
    kiosk.goto(base + "/kiosk")
    kiosk.wait_for_function("window.Kiosk && window.KioskScanner")
    # the burst rule itself: fast keys then Enter is a scan, a person's typing is not
    assert kiosk.evaluate("""() => [
        KioskScanner.burst([...'Y1234567'].map((k, i) => ({key: k, t: i * 8})).concat([{key: 'Enter', t: 70}])),
        KioskScanner.burst([...'Y1234567'].map((k, i) => ({key: k, t: i * 180})).concat([{key: 'Enter', t: 1500}])),
        KioskScanner.burst([{key: 'Y', t: 0}, {key: 'Enter', t: 5}])]""") == ["Y1234567", None, None]
    # a person typing slowly on a keyboard does nothing
    kiosk.keyboard.type(code, delay=150)
    kiosk.keyboard.press("Enter")
    assert kiosk.is_visible("#screen-home") and kiosk.is_hidden("#busy")
    # the scanner types fast and ends with Enter: checked in, ticket shown
    kiosk.keyboard.type(code, delay=5)
    kiosk.keyboard.press("Enter")
    kiosk.wait_for_selector("#screen-ticket:not(.hidden)", timeout=20000)
    number = kiosk.inner_text("#t-number")
    screenshot(kiosk, "kiosk-scanner-checked-in")
    track = base + "/t/" + kiosk.get_attribute("#t-pdf", "href").split("/")[-2]
    kiosk.click("[data-home]")
    kiosk.keyboard.type(track, delay=3)
    kiosk.keyboard.press("Enter")
    kiosk.wait_for_selector("#scan-panel:not(.hidden)")
    text = kiosk.inner_text("#scan-text")
    assert number in text and "等候中" in text
    screenshot(kiosk, "kiosk-scanner-ticket-status")


def test_a_manager_makes_a_window_an_elderly_window_in_admin(hall_server, new_page):
    from tests.browser.test_admin_pages import admin_page, saved, tab
    base = hall_server.url
    page = admin_page(new_page, base)
    tab(page, "windows")
    page.wait_for_selector("#windows-list td:has-text('综合受理窗口')")
    page.click('#windows-list [data-edit="3"]')
    assert not page.is_checked("#windows-form [name=elderly_first]")
    page.check("#windows-form [name=elderly_first]")
    saved(page, "windows", "老年人专窗")
    screenshot(page, "admin-window-elderly-first")
    rows = requests.get(base + "/api/v1/admin/windows", headers=manager(base)).json()
    assert [w["number"] for w in rows if w["elderly_first"]] == [3]
    tab(page, "hall")
    page.wait_for_function("document.querySelector('#hall-form [name=name]').value.length > 0")
    assert page.is_checked("#hall-form [name=elderly_priority]")
    page.uncheck("#hall-form [name=elderly_priority]")
    page.click("#hall-form button[type=submit]")
    page.wait_for_function("fetch('/api/v1/hall').then((r) => r.json()).then((h) => h.elderly_priority === false)")
    assert requests.get(base + "/api/v1/hall").json()["elderly_priority"] is False
