"""全程代办 and the published assessments in a browser: a helper opens an enterprise's project
on the console, attaches its cases, and sees them on the due list; the project's public
progress page lists every case; the lobby display shows the published assessments."""
from datetime import timedelta

import pytest
import requests

from hall.assessments.rules import last_ended_quarter
from tests.api.test_assist import hall_today
from tests.api.test_assist_projects import COMPANY, CREDIT_CODE
from tests.browser.conftest import open_console, screenshot
from tests.unit.test_case_rules import make_id

pytestmark = pytest.mark.browser


def signed_in(base, username):
    answer = requests.post(base + "/api/v1/auth/login", json={"username": username, "password": "demo"})
    assert answer.status_code == 200, answer.text
    return {"Authorization": "Bearer " + answer.json()["token"]}


def company_case(base, headers, item):
    """One of the enterprise's cases, accepted at the comprehensive window."""
    requests.post(base + "/api/v1/windows/1/sign-in", headers=headers)
    requests.post(base + "/api/v1/windows/1/call-next", headers=headers)
    requests.post(base + "/api/v1/tickets", json={"queue_code": "business"})
    ticket = requests.post(base + "/api/v1/windows/1/call-next", headers=headers).json()["ticket"]
    guide = requests.get(base + f"/api/v1/items/{item}").json()
    accepted = requests.post(base + "/api/v1/cases", headers=headers, json={
        "ticket_id": ticket["id"], "item_code": item, "applicant": COMPANY,
        "materials": [m["code"] for m in guide["materials"]]})
    assert accepted.status_code == 201, accepted.text
    return accepted.json()


def helper_console(new_page, base):
    console = new_page(1366, 1400)
    console.goto(base + "/helper")
    console.fill("#username", "helper01")
    console.fill("#password", "demo")
    console.click("#login-form button")
    console.wait_for_selector("#main:not(.hidden)")
    console.wait_for_selector("#projects .empty, #projects .project")
    return console


def test_the_helper_console_shows_a_project_and_its_due_cases_and_the_progress_page(hall_server, new_page):
    base = hall_server.url
    window = signed_in(base, "staff01")
    food, tax = company_case(base, window, "SCJG005"), company_case(base, window, "SW005")

    console = helper_console(new_page, base)
    console.fill("#pj-name", "年产5万件智能设备项目")
    console.fill("#pj-enterprise", "某某科技有限公司")
    console.fill("#pj-code", CREDIT_CODE)
    console.fill("#pj-rep-name", "王五")
    console.fill("#pj-rep-id", make_id("11010519700101123"))
    with console.expect_response(lambda r: r.url.endswith("/api/v1/assist/projects") and r.request.method == "POST") as made:
        console.click("#project-form button")
    assert made.value.status == 201, made.value.text()
    project = made.value.json()
    card = console.wait_for_selector(f"[data-project='{project['project_no']}']")
    for case in (food, tax):
        card.query_selector(".attach-no").fill(case["case_no"])
        with console.expect_response(lambda r: r.url.endswith("/cases") and r.request.method == "POST") as attached:
            card.query_selector("[data-attach]").click()
        assert attached.value.status == 201, attached.value.text()
        console.wait_for_selector(f"#projects tr[data-case='{case['case_no']}']")
        card = console.wait_for_selector(f"[data-project='{project['project_no']}']")
    console.wait_for_selector(f"#due [data-due='{tax['case_no']}']")
    due = [e.get_attribute("data-due") for e in console.query_selector_all("#due [data-due]")]
    assert due == [c["case_no"] for c in sorted((food, tax), key=lambda c: (c["deadline"], c["case_no"]))]
    assert "年产5万件智能设备项目" in console.inner_text("#due")
    assert "国家税务总局新林区税务局" in console.inner_text("#projects")
    screenshot(console, "helper-console-projects")

    # a case of someone else is refused on the console, with the Chinese reason
    card.query_selector(".attach-no").fill("NOPE")
    card.query_selector("[data-attach]").click()
    console.wait_for_selector("#toast.error")
    assert "没有此办件" in console.inner_text("#toast")

    page = new_page(900, 900)
    page.goto(base + f"/project-progress?project={project['project_no']}&code={project['query_code']}")
    page.wait_for_selector("#result:not(.hidden)")
    assert page.inner_text("#name") == "年产5万件智能设备项目"
    assert "周小燕" in page.inner_text("#helper")
    assert {e.get_attribute("data-case") for e in page.query_selector_all("#cases tr")} == {food["case_no"], tax["case_no"]}
    assert "已受理" in page.inner_text("#cases") and food["deadline"] in page.inner_text("#cases")
    screenshot(page, "project-progress")
    wrong = "000000" if project["query_code"] != "000000" else "111111"
    page.goto(base + f"/project-progress?project={project['project_no']}&code={wrong}")
    page.wait_for_function("document.getElementById('error').textContent.length > 0")
    assert "查询码不正确" in page.inner_text("#error")


def test_the_lobby_display_shows_the_published_assessments(hall_server, new_page):
    base = hall_server.url
    month = (hall_today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    quarter = last_ended_quarter(hall_today())
    made = requests.post(base + "/api/v1/assessments/self", headers=signed_in(base, "staff01"),
                         json={"month": month, "window": 1, "text": "本月按时办结，无投诉。", "score": 92})
    assert made.status_code == 201, made.text
    for who, window, score in (("staff01", 1, 90), ("staff03", 3, 81), ("staff04", 4, 70)):
        scored = requests.post(base + "/api/v1/assessments/peer", headers=signed_in(base, who),
                               json={"quarter": quarter, "from_window": window, "to_window": 2, "score": score})
        assert scored.status_code == 201, scored.text
    closed = requests.post(base + f"/api/v1/star-ratings/{month}/close", headers=signed_in(base, "manager"))
    assert closed.status_code == 200, closed.text

    board = new_page(1920, 1080)
    board.goto(base + "/display")
    board.wait_for_selector("#assessments [data-part='peer']")
    text = board.inner_text("#assessments")
    assert f"{int(month[5:])}月自评" in text and "平均92" in text
    assert "2号窗口" in text and "80.33分（3评）" in text
    assert "年度总评" in text and "第1名" in text
    screenshot(board, "display-assessments")


def test_a_case_applied_for_under_a_power_of_attorney_shows_its_helper(hall_server, new_page):
    from tests.api.test_cases import APPLICANT, ITEM
    base = hall_server.url
    helper = signed_in(base, "helper01")
    attorney = requests.post(base + "/api/v1/powers-of-attorney", headers=helper, json={
        "principal": {"name": APPLICANT["name"], "id_number": APPLICANT["id_number"]}, "items": [ITEM],
        "valid_until": (hall_today() + timedelta(days=30)).isoformat()})
    assert attorney.status_code == 201, attorney.text
    ticket = requests.post(base + f"/api/v1/powers-of-attorney/{attorney.json()['id']}/tickets", headers=helper,
                           json={"item_code": ITEM})
    assert ticket.status_code == 201, ticket.text
    # the window console accepts the case of the ticket the helper took: it names the 代办人
    console = open_console(new_page, base, 2)
    console.click('[data-act="call-next"]')
    console.wait_for_selector("#item-select")
    console.fill("#ap-name", APPLICANT["name"])
    console.fill("#ap-id", APPLICANT["id_number"])
    console.fill("#ap-phone", APPLICANT["phone"])
    for code in ("M01", "M02", "M03", "M04", "M05"):
        console.check(f'.mat[value="{code}"]')
    with console.expect_response(lambda r: r.url.endswith("/api/v1/cases") and r.request.method == "POST") as done:
        console.click("#btn-accept")
    assert done.value.status == 201, done.value.text()
    case = done.value.json()
    console.wait_for_selector(".ok-msg")
    assert "代办人 周小燕（工号 XL0801）" in console.inner_text("#accept-result")
    console.locator("#accept-result").scroll_into_view_if_needed()
    screenshot(console, "window-console-attorney")

    page = new_page(600, 900)
    page.goto(base + f"/progress?case={case['case_no']}&code={case['query_code']}")
    page.wait_for_selector("#result:not(.hidden)")
    assert "申请人 张三" in page.inner_text("#applicant")
    assert "代办人 周小燕（帮办员，工号 XL0801）" in page.inner_text("#applicant")
    assert "帮办代办" in page.inner_text("#steps")
    screenshot(page, "progress-attorney")

    console = helper_console(new_page, base)     # the helper follows the case on the due list
    row = console.wait_for_selector(f"#due [data-due='{case['case_no']}']")
    assert "委托人：张三" in row.inner_text()
