"""管理后台 (/admin) in a browser: a manager sets up a new service and a kiosk that is already
open offers it at once; the import's dry run shows every error; who may sign in."""
import io
from pathlib import Path

import pytest
import requests

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def admin_page(new_page, base: str, user: str = "manager"):
    page = new_page(1440, 1000)
    page.goto(base + "/admin")
    page.fill("#username", user)
    page.fill("#password", "demo")
    page.click("#login-form button")
    page.wait_for_selector("#main:not(.hidden)")
    return page


def tab(page, name: str):
    page.click(f'#tabs [data-tab="{name}"]')
    page.wait_for_selector(f"#{name}:not(.hidden)")


def saved(page, form: str, row_text: str):
    """Submits a form and waits for its row in the list beside it; an API error fails the test."""
    page.click(f"#{form}-form button[type=submit]")
    page.wait_for_function(
        """([form, text]) => document.getElementById(form + "-list").innerText.includes(text)
                             || document.querySelector("#" + form + "-form [data-error]").textContent""",
        arg=[form, row_text], timeout=15000)
    assert page.inner_text(f"#{form}-form [data-error]") == ""
    assert row_text in page.inner_text(f"#{form}-list")


def test_a_service_set_up_in_admin_is_offered_by_a_kiosk_already_open(hall_server, new_page):
    base = hall_server.url
    kiosk = new_page(1920, 1080)
    kiosk.goto(base + "/kiosk")
    kiosk.wait_for_function("window.__kiosk && window.__kiosk.items.length > 0")
    kiosk.evaluate("window.__openedBefore = true")   # gone if the kiosk reloads

    page = admin_page(new_page, base)
    page.wait_for_selector("#departments-list td:has-text('scjg')")
    page.fill("#departments-form [name=code]", "tyj")
    page.fill("#departments-form [name=name]", "区文化体育局")
    saved(page, "departments", "区文化体育局")

    tab(page, "queues")
    page.fill("#queues-form [name=code]", "sport")
    page.fill("#queues-form [name=prefix]", "T")
    page.fill("#queues-form [name=name]", "文体事务")
    page.fill("#queues-form [name=opens_at]", "00:00")
    page.fill("#queues-form [name=closes_at]", "23:59")            # the demo hall is open around the clock
    saved(page, "queues", "文体事务")
    assert "00:00–23:59" in page.locator("#queues-list tr", has_text="文体事务").inner_text()

    tab(page, "windows")
    page.fill("#windows-form [name=number]", "30")
    page.fill("#windows-form [name=name]", "文体事务窗口")
    page.select_option("#windows-form [name=department]", "tyj")
    page.check('#window-queues input[value="sport"]')
    saved(page, "windows", "文体事务窗口")

    tab(page, "items")
    page.wait_for_selector("#items-list td:has-text('LB001')")
    form = "#items-form"
    page.fill(f"{form} [name=code]", "TY001")
    page.fill(f"{form} [name=name]", "营业性演出许可证核发")
    page.select_option(f"{form} [name=department]", "tyj")
    page.select_option(f"{form} [name=queue]", "sport")
    page.select_option(f"{form} [name=kind]", "committed")
    page.fill(f"{form} [name=legal_days]", "20")
    page.fill(f"{form} [name=promised_days]", "8")
    page.fill(f"{form} [name=basis]", "《营业性演出管理条例》第六条")
    page.fill(f"{form} [name=conditions]", "有与其业务相适应的专职演出经纪人员")
    page.fill(f"{form} [name=steps]", "窗口受理\n审查\n决定\n送达")
    first = page.locator("#materials tr").nth(0)
    first.locator('[data-m="code"]').fill("M01")
    first.locator('[data-m="name"]').fill("营业性演出许可证申请表")
    page.click("#add-material")
    second = page.locator("#materials tr").nth(1)
    second.locator('[data-m="code"]').fill("M02")
    second.locator('[data-m="name"]').fill("法定代表人身份证明")
    second.locator('[data-m="form"]').select_option("copy")
    second.locator('[data-m="copies"]').fill("2")
    screenshot(page, "admin-item-editor")
    saved(page, "items", "营业性演出许可证核发")

    item = next(i for i in requests.get(base + "/api/v1/items").json() if i["code"] == "TY001")
    assert item["queue"] == "sport" and item["promised_days"] == 8
    assert [(m["code"], m["name"], m["required"]) for m in item["materials"]] == [
        ("M01", "营业性演出许可证申请表", True), ("M02", "法定代表人身份证明", True)]

    # the kiosk opened before the changes offers the new department and item, unreloaded
    kiosk.wait_for_function("window.__kiosk.items.some((i) => i.code === 'TY001')", timeout=20000)
    kiosk.click('[data-go="departments"]')
    kiosk.click("#list .item:has-text('区文化体育局')")
    kiosk.click('#list [data-item="TY001"]')
    kiosk.wait_for_selector("#screen-guide:not(.hidden)")
    guide = kiosk.inner_text("#guide")
    assert "营业性演出许可证申请表" in guide and "法定代表人身份证明" in guide
    kiosk.click("#take")
    kiosk.wait_for_selector("#screen-ticket:not(.hidden)")
    assert kiosk.inner_text("#t-number").startswith("T")
    assert kiosk.evaluate("window.__openedBefore") is True
    queues = {q["code"]: q for q in requests.get(base + "/api/v1/queues").json()}
    assert queues["sport"]["waiting"] == 1
    screenshot(kiosk, "admin-new-item-on-kiosk")


def test_the_service_guide_editor_keeps_every_field_of_an_item(hall_server, new_page):
    """An existing joint item opens in the editor with its lead, reviewers and materials."""
    page = admin_page(new_page, hall_server.url)
    tab(page, "items")
    page.fill("#item-filter", "LB003")
    page.click('#items-list [data-edit="LB003"]')
    form = "#items-form"
    assert page.input_value(f"{form} [name=code]") == "LB003"
    assert page.is_visible("#joint-box")
    assert page.input_value(f"{form} [name=joint_lead]") == "zjj"
    reviewers = page.locator('#reviewers [data-r="department"]')
    assert reviewers.count() >= 2
    assert page.locator("#materials tr").count() >= 2
    assert int(page.input_value(f"{form} [name=promised_days]")) <= int(page.input_value(f"{form} [name=legal_days]"))
    screenshot(page, "admin-items")
    page.fill(f"{form} [name=promised_days]", "99")               # above the legal days: the API's own words
    page.click(f"{form} button[type=submit]")
    page.wait_for_function("document.querySelector('#items-form [data-error]').textContent.length > 0")
    assert "时限" in page.inner_text(f"{form} [data-error]")


def test_window_staff_cannot_sign_in_to_admin(hall_server, new_page):
    page = new_page(1280, 800)
    page.goto(hall_server.url + "/admin")
    page.fill("#username", "staff03")
    page.fill("#password", "demo")
    page.click("#login-form button")
    page.wait_for_function("document.getElementById('login-error').textContent.length > 0")
    assert "管理" in page.inner_text("#login-error")
    assert page.is_hidden("#main")


def test_each_section_lists_the_demo_halls_catalog(hall_server, new_page):
    page = admin_page(new_page, hall_server.url)
    page.wait_for_selector("#departments-list td:has-text('区市场监督管理局')")
    assert "新林区政务服务中心" in page.inner_text("#title")
    screenshot(page, "admin-departments")
    tab(page, "queues")
    page.wait_for_selector("#queues-list td:has-text('商事登记')")
    assert page.locator("#queues-list tr").count() == 8          # a header and the hall's seven queues
    screenshot(page, "admin-queues")
    tab(page, "windows")
    page.wait_for_selector("#windows-list td:has-text('综合受理窗口')")
    assert "商事登记" in page.locator("#windows-list tr", has_text="市场监管窗口").first.inner_text()
    page.click('#windows-list [data-edit="1"]')                    # the comprehensive window's queues, in order
    checked = page.eval_on_selector_all("#window-queues input:checked", "els => els.map((e) => e.value)")
    assert checked == ["consult", "business", "welfare"]
    assert "第1顺位" in page.locator("#window-queues label", has_text="综合咨询").inner_text()
    assert page.input_value("#windows-form [name=department]") == ""
    screenshot(page, "admin-windows")
    tab(page, "hall")
    page.wait_for_function("document.querySelector('#hall-form [name=name]').value.length > 0")
    assert page.input_value("#hall-form [name=name]") == "新林区政务服务中心"
    assert page.is_hidden("#halls-card")                            # halls are the deployment admin's
    screenshot(page, "admin-hall")
    tab(page, "transfer")
    screenshot(page, "admin-transfer")


def test_the_deployment_admin_switches_halls_and_sees_the_halls_form(hall_server, new_page):
    page = admin_page(new_page, hall_server.url, "admin")
    page.wait_for_selector("#hall-picker:not(.hidden) option[value='xinlin-zhen']", state="attached")
    page.select_option("#hall-picker", "xinlin-zhen")
    page.wait_for_url("**/admin?hall=xinlin-zhen")
    page.wait_for_function("document.getElementById('title').textContent.includes('新林镇便民服务中心')")
    page.wait_for_selector("#departments-list td:has-text('区民政局')")
    assert page.locator("#departments-list tr").count() == 4      # the town's three departments
    assert "区市场监督管理局" not in page.inner_text("#departments-list")
    tab(page, "hall")
    page.wait_for_selector("#halls-list td:has-text('xinlin-zhen')")
    assert page.is_visible("#halls-card")


def filled_template(path, rows: dict, drop=()) -> bytes:
    """The downloaded template with rows added, each given as {column heading: value}."""
    from openpyxl import load_workbook
    book = load_workbook(io.BytesIO(Path(path).read_bytes()))   # a download has no .xlsx name
    for sheet in drop:
        del book[sheet]
    for sheet, lines in rows.items():
        headings = [c.value for c in book[sheet][1]]
        for line in lines:
            assert set(line) <= set(headings), headings
            book[sheet].append([line.get(h) for h in headings])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


DEPARTMENT = {"部门编码": "tyj", "部门名称": "区文化体育局", "部门简称": "文体"}


def test_an_import_is_dry_run_with_every_error_shown_then_imported(hall_server, new_page):
    page = admin_page(new_page, hall_server.url)
    tab(page, "transfer")
    with page.expect_download() as got:
        page.click("#template")
    template = got.value.path()
    assert got.value.suggested_filename == "导入模板.xlsx"
    with page.expect_download() as exported:
        page.click("#export")
    assert exported.value.suggested_filename == "xinlin-事项清单.xlsx"
    from openpyxl import load_workbook
    items = load_workbook(io.BytesIO(Path(exported.value.path()).read_bytes()))["事项"]
    assert any(row[0] == "LB003" for row in items.iter_rows(values_only=True))
    wrong = filled_template(template, {
        "部门": [DEPARTMENT],
        "队列": [{"队列编码": "sport", "号码前缀": "A", "队列名称": "文体事务", "每日限号": 50}],   # row 3: A is taken
        "事项": [{"事项编码": "tyj-1", "事项名称": "体育赛事备案", "实施部门": "tyj", "办件类型": "承诺件",
                 "业务队列": "business", "法定时限（工作日）": 5, "承诺时限（工作日）": 9}]})  # row 3: 9 > 5
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    page.set_input_files("#import-file", files=[{"name": "事项清单.xlsx", "mimeType": xlsx, "buffer": wrong}])
    page.click("#dry-run")
    page.wait_for_selector("#import-errors th:has-text('工作表')")
    rows = page.locator("#import-errors tr").all_inner_texts()[1:]
    assert [r.split("\t")[:3] for r in rows] == [["队列", "3", "号码前缀"], ["事项", "3", "承诺时限（工作日）"]]
    assert all(r.split("\t")[3] for r in rows)                   # each with the API's message
    assert "2 处错误，未写入任何数据" in page.inner_text("#import-summary")
    assert page.is_disabled("#do-import")
    screenshot(page, "admin-import-errors")

    good = filled_template(template, {"部门": [DEPARTMENT],
                                      "队列": [{"队列编码": "sport", "号码前缀": "T", "队列名称": "文体事务", "每日限号": 50}]},
                           drop=("窗口", "事项", "材料"))
    page.set_input_files("#import-file", files=[{"name": "事项清单.xlsx", "mimeType": xlsx, "buffer": good}])
    page.click("#dry-run")
    page.wait_for_selector("#import-errors td:has-text('没有发现错误')")
    assert "预检通过" in page.inner_text("#import-summary")
    assert "sport" not in {q["code"] for q in requests.get(hall_server.url + "/api/v1/queues").json()}
    page.click("#do-import")
    page.wait_for_function("document.getElementById('import-summary').textContent.startsWith('导入完成')")
    assert "sport" in {q["code"] for q in requests.get(hall_server.url + "/api/v1/queues").json()}
    tab(page, "departments")
    page.wait_for_selector("#departments-list td:has-text('区文化体育局')")


def test_a_department_in_use_is_deactivated_and_enabled_again(hall_server, new_page):
    base = hall_server.url
    page = admin_page(new_page, base)
    page.on("dialog", lambda dialog: dialog.accept())
    row = page.locator("#departments-list tr", has_text="区信访局")
    row.locator("[data-remove]").click()                           # its items and window refer to it
    page.wait_for_selector("#departments-list tr.off:has-text('区信访局')")
    assert "已停用" in page.locator("#departments-list tr", has_text="区信访局").inner_text()
    page.click('#tabs [data-tab="windows"]')                        # no longer offered for a window
    page.wait_for_selector("#windows-list td:has-text('综合受理窗口')")
    options = page.eval_on_selector_all("#windows-form [name=department] option", "os => os.map((o) => o.value)")
    assert "xfj" not in options and "scjg" in options
    page.click('#tabs [data-tab="departments"]')
    page.click('#departments-list [data-restore="xfj"]')
    page.wait_for_selector("#departments-list tr:not(.off):has-text('区信访局') [data-remove]")
