"""Setting up people and the calendar in a browser: a manager resets a staff member's password
on /admin, the staff member signs in at the window console with the temporary password, is
made to change it (the form is on screen, the console is not) and then reaches the console;
a manager enters a year's State Council notice on the 节假日 tab."""
import pytest
import requests

from hall.calendar.workdays import library_years
from tests.browser.conftest import screenshot
from tests.browser.test_admin_pages import admin_page, tab

pytestmark = pytest.mark.browser
UNKNOWN = max(library_years()) + 1          # the first year chinesecalendar does not know
NEW_PASSWORD = "Xinlin-2027"


def temporary_password(page, username: str) -> str:
    """Resets ``username`` on the staff tab (confirming the dialog) and reads the password shown."""
    tab(page, "staff")
    page.wait_for_selector(f"#staff-list [data-reset='{username}']")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click(f"#staff-list [data-reset='{username}']")
    page.wait_for_selector("#reset-box:not(.hidden)")
    shown = page.inner_text("#reset-password")
    assert shown.startswith(username + "：")
    return shown.split("：", 1)[1].strip()


def test_a_reset_account_must_change_its_password_before_the_console(hall_server, new_page):
    base = hall_server.url
    admin = admin_page(new_page, base)
    temporary = temporary_password(admin, "staff05")
    assert len(temporary) >= 8
    admin.wait_for_function("document.querySelector('#staff-list').innerText.includes('待改密码')")
    screenshot(admin, "setup-admin-reset-password")

    console = new_page(1366, 900)
    console.goto(f"{base}/window/5")
    console.fill("#username", "staff05")
    console.fill("#password", temporary)
    console.click("#login-form button[type=submit]")
    form = console.locator("#password-form")
    form.wait_for(state="visible")
    assert console.is_visible("#new-password") and console.is_visible("#password-submit")
    assert console.is_hidden("#main") and console.is_hidden("#login")
    assert console.inner_text("#password-title") == "请先修改密码"
    box = form.bounding_box()
    assert box["width"] > 200 and box["height"] > 200          # really drawn, not a zero-size box
    # what the server refuses meanwhile: every other staff request
    token = console.evaluate("sessionStorage.getItem('hall.staff.token')")
    refused = requests.post(f"{base}/api/v1/windows/5/sign-in", headers={"Authorization": f"Bearer {token}"})
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "password_change_required")

    console.fill("#old-password", temporary)
    console.fill("#new-password", NEW_PASSWORD)
    console.fill("#new-password-again", NEW_PASSWORD + "x")
    console.click("#password-submit")
    assert console.inner_text("#password-error") == "两次输入的新密码不一致"
    console.fill("#new-password-again", NEW_PASSWORD)
    screenshot(console, "setup-forced-password-change")
    console.click("#password-submit")

    console.wait_for_selector("#btn-sign-in", state="visible")
    assert console.is_hidden("#password-change")
    console.click("#btn-sign-in")
    console.wait_for_selector("#desk:not(.hidden)")
    assert "修改密码" in console.inner_text("header")
    screenshot(console, "setup-console-after-password-change")

    # the new password is the one that works now, the temporary one no longer
    login = lambda password: requests.post(f"{base}/api/v1/auth/login", json={"username": "staff05", "password": password})
    assert login(temporary).status_code == 401
    answer = login(NEW_PASSWORD)
    assert answer.status_code == 200 and answer.json()["must_change_password"] is False

    # 修改密码 from the console: the form over the desk, and 取消 brings the desk back
    console.click("#change-password")
    console.locator("#password-form").wait_for(state="visible")
    assert console.inner_text("#password-title") == "修改密码"
    assert console.is_hidden("#main")
    console.click("#password-cancel")
    console.wait_for_selector("#desk", state="visible")
    assert console.is_hidden("#password-change")


def test_the_calendar_tab_enters_a_years_notice(hall_server, new_page):
    base = hall_server.url
    provisional = requests.get(f"{base}/api/v1/calendar/add-working-days",
                               params={"start": f"{UNKNOWN - 1}-12-30", "days": 2}).json()
    assert provisional.get("provisional") is True
    page = admin_page(new_page, base)
    tab(page, "calendar")
    page.wait_for_selector(f"#calendar-list td:has-text('{UNKNOWN - 1}')")
    assert "节假日库" in page.locator("#calendar-list tr", has_text=str(UNKNOWN - 1)).inner_text()
    warning = page.locator("#calendar-warning")
    assert warning.is_visible() and f"{UNKNOWN}年" in warning.inner_text()
    screenshot(page, "setup-admin-calendar-unknown-year")

    form = "#calendar-form"
    page.fill(f"{form} [name=year]", str(UNKNOWN))
    page.fill(f"{form} [name=holidays]", f"{UNKNOWN}-13-01")
    page.click(f"{form} button[type=submit]")
    assert "不是日期" in page.inner_text(f"{form} [data-error]")
    page.fill(f"{form} [name=holidays]", f"{UNKNOWN}-01-01\n{UNKNOWN}-02-05至{UNKNOWN}-02-11")
    page.fill(f"{form} [name=workdays]", f"{UNKNOWN}-02-20")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector(f"#calendar-list tr:has-text('{UNKNOWN}') >> text=本系统录入")
    assert page.inner_text(f"{form} [data-error]") == ""
    page.wait_for_selector("#calendar-warning", state="hidden")   # this year and the next are known now
    row = page.locator("#calendar-list tr", has_text=str(UNKNOWN)).first.inner_text()
    assert "8 天" in row and "1 天" in row
    screenshot(page, "setup-admin-calendar")

    entered = requests.get(f"{base}/api/v1/calendar/years/{UNKNOWN}").json()
    assert entered["source"] == "entered"
    assert entered["holidays"] == [f"{UNKNOWN}-01-01"] + [f"{UNKNOWN}-02-{d:02d}" for d in range(5, 12)]
    assert entered["workdays"] == [f"{UNKNOWN}-02-20"]
    settled = requests.get(f"{base}/api/v1/calendar/add-working-days",
                           params={"start": f"{UNKNOWN - 1}-12-30", "days": 2}).json()
    assert "provisional" not in settled and settled["date"] != f"{UNKNOWN}-01-01"
