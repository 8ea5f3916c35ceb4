"""一网通办 in a browser: a manager makes an API key in /admin (接口密钥, shown once), an outside
system sends an application with it, the window console loads the application by its number
and accepts it without asking again for the materials sent online; the key is revoked."""
import pytest
import requests

from tests.api.test_cases import APPLICANT
from tests.browser.conftest import open_console, screenshot
from tests.browser.test_admin_pages import admin_page, tab

pytestmark = pytest.mark.browser

ALL = ["M01", "M02", "M03", "M04", "M05"]


def test_a_key_made_in_admin_sends_an_application_the_window_accepts(hall_server, new_page):
    base = hall_server.url
    admin = admin_page(new_page, base)
    tab(admin, "apikeys")
    admin.fill("#apikeys-form input[name=name]", "省一网通办平台")
    admin.click("#apikeys-form button[type=submit]")
    admin.wait_for_selector("#apikeys-new:not(.hidden)")
    key = admin.input_value("#apikeys-new-key")
    assert key.startswith("hk_")
    admin.wait_for_selector("#apikeys-list td:has-text('省一网通办平台')")
    assert key[:11] in admin.inner_text("#apikeys-list") and key not in admin.inner_text("#apikeys-list")
    screenshot(admin, "admin-api-key-shown-once")
    admin.click("#apikeys-done")
    assert admin.input_value("#apikeys-new-key") == "" and admin.is_hidden("#apikeys-new")
    assert key not in admin.content()
    # the other tabs still switch, and hide this one
    tab(admin, "queues")
    assert admin.is_hidden("#apikeys")

    outside = {"Authorization": "ApiKey " + key}
    sent = requests.post(base + "/api/v1/applications", headers=outside, json={
        "item_code": "SCJG005", "applicant": APPLICANT, "materials": ALL, "external_no": "YWTB-BROWSER-1"})
    assert sent.status_code == 201, sent.text
    no = sent.json()["application_no"]

    requests.post(base + "/api/v1/tickets", json={"queue_code": "business"})
    console = open_console(new_page, base, 2)
    console.click('[data-act="call-next"]')
    console.wait_for_selector("#online-no")
    console.fill("#online-no", no)
    console.click("#btn-online")
    console.wait_for_function("document.getElementById('online-info').textContent.includes('已载入')")
    assert console.input_value("#item-select") == "SCJG005"
    for code in ALL:
        assert console.is_checked(f'.mat[value="{code}"]') and console.is_disabled(f'.mat[value="{code}"]')
    assert console.input_value("#ap-name") == "张三"
    assert console.input_value("#ap-id") != APPLICANT["id_number"] and "*" in console.input_value("#ap-id")
    screenshot(console, "window-console-online-application")
    console.click("#btn-accept")
    console.wait_for_selector(".ok-msg")
    text = console.inner_text("#accept-result")
    assert no in text and "办件编号" in text
    case_no = text.split("办件编号")[1].split("，")[0].strip()
    shown = requests.get(f"{base}/api/v1/applications/{no}", headers=outside).json()
    assert shown["status"] == "accepted" and shown["case_no"] == case_no
    screenshot(console, "window-console-online-accepted")

    # the key is revoked in admin: the outside system is refused at once
    tab(admin, "apikeys")
    admin.once("dialog", lambda dialog: dialog.accept())
    admin.click("#apikeys-list .revoke")
    admin.wait_for_selector("#apikeys-list .tag.off")
    refused = requests.get(f"{base}/api/v1/applications/{no}", headers=outside)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "api_key_revoked"
