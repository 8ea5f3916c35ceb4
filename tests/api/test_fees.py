"""统一收费 through the API, on SQLite and PostgreSQL: items carry their fee rule, a window
charges a case's fee (never other than the published rule allows, never for a free item,
one payment per 财政电子票据号), a manager refunds with a reason (a reversing row: the
payment itself never changes, and the database refuses to change it), the daily report per
department and window (JSON, PDF, XLSX), and the fee on the notices."""
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from tests.api.test_cases import APPLICANT
from tests.conftest import both_databases, db_session
from tests.pdfs import pdf_text, rendered

pytestmark = both_databases


def accept_case(client, login, window: int, queue: str, item: str) -> dict:
    """A case accepted at a window from a freshly called ticket, with every material handed in."""
    headers = login(f"staff{window:02d}")
    client.post(f"/api/v1/windows/{window}/sign-in", headers=headers)
    client.post(f"/api/v1/windows/{window}/call-next", headers=headers)   # closes what was there
    client.post("/api/v1/tickets", json={"queue_code": queue})
    ticket = client.post(f"/api/v1/windows/{window}/call-next", headers=headers).get_json()["ticket"]
    guide = client.get(f"/api/v1/items/{item}").get_json()
    accepted = client.post("/api/v1/cases", headers=headers, json={
        "ticket_id": ticket["id"], "item_code": item, "applicant": APPLICANT,
        "materials": [m["code"] for m in guide["materials"]]})
    assert accepted.status_code == 201, accepted.get_json()
    return {"headers": headers, **accepted.get_json()}


def pay(client, case, **body):
    return client.post(f"/api/v1/cases/{case['case_no']}/payments", headers=case["headers"], json=body)


def refused(answer, status, code):
    assert answer.status_code == status, answer.get_json()
    body = answer.get_json()
    assert body["error"]["code"] == code, body
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["error"]["message"]), body   # a Chinese sentence
    return body


def test_items_carry_the_published_fee_as_a_rule(client):
    items = {i["code"]: i for i in client.get("/api/v1/items").get_json()}
    assert items["ZRZY002"]["fee"] == "住宅每件80元；非住宅每件550元"
    assert items["ZRZY002"]["fee_rule"] == {"kind": "choice", "amounts": [80, 550], "percent": []}
    assert items["ZRZY001"]["fee_rule"] == {"kind": "fixed", "amounts": [80], "percent": []}
    assert items["SW002"]["fee_rule"] == {"kind": "percent", "amounts": [], "percent": [1, 3]}
    assert items["SCJG001"]["fee_rule"] == {"kind": "none", "amounts": [], "percent": []}
    assert sum(1 for i in items.values() if i["fee_rule"]["kind"] != "none") == 8


def test_a_window_charges_the_published_fee_once_with_its_receipt_number(client, login):
    case = accept_case(client, login, 6, "property", "ZRZY002")     # 住宅80元 / 非住宅550元
    body = refused(pay(client, case, amount=100, method="cash", receipt_no="HLJ2026000001"), 422, "fee_exceeded")
    assert body["allowed"] == {"amounts": [80, 550]}
    refused(pay(client, case, amount=600, method="cash", receipt_no="HLJ2026000001"), 422, "fee_exceeded")
    refused(pay(client, case, amount=80, method="bitcoin", receipt_no="HLJ2026000001"), 400, "invalid_method")
    refused(pay(client, case, amount=80.001, method="cash", receipt_no="HLJ2026000001"), 400, "invalid_amount")

    paid = pay(client, case, amount="550.00", method="wechat", receipt_no="HLJ2026000001")
    assert paid.status_code == 201, paid.get_json()
    row = paid.get_json()
    assert (row["amount"], row["amount_fen"], row["method"], row["receipt_no"]) == (550, 55000, "wechat", "HLJ2026000001")
    assert row["window"] == 6 and row["staff"]["staff_no"] and row["refunded"] is False
    refused(pay(client, case, amount=80, method="cash", receipt_no="HLJ2026000002"), 409, "already_paid")

    # the same receipt number on another case is refused
    other = accept_case(client, login, 6, "property", "ZRZY002")
    refused(pay(client, other, amount=80, method="cash", receipt_no="HLJ2026000001"), 409, "duplicate_receipt")

    fees = client.get(f"/api/v1/cases/{case['case_no']}/payments", headers=case["headers"]).get_json()
    assert fees["fee_rule"]["kind"] == "choice" and fees["chargeable"] is True
    assert fees["paid"] == 550 and [p["receipt_no"] for p in fees["payments"]] == ["HLJ2026000001"]
    steps = client.get(f"/api/v1/cases/{case['case_no']}", headers=case["headers"]).get_json()["steps"]
    assert any(s["name"] == "收费" and "HLJ2026000001" in s["detail"] for s in steps)


def test_a_free_item_can_never_be_charged(client, login):
    case = accept_case(client, login, 2, "business", "SCJG001")
    refused(pay(client, case, amount=1, method="cash", receipt_no="HLJ2026000009"), 422, "no_fee")
    assert client.get(f"/api/v1/cases/{case['case_no']}/payments", headers=case["headers"]).get_json()["payments"] == []


def test_a_percentage_needs_the_declared_base_and_stays_within_its_bounds(client, login):
    case = accept_case(client, login, 4, "tax", "SW002")     # 契税 1%—3% of the declared price
    refused(pay(client, case, amount=30000, method="bank_card", receipt_no="SW2026000001"), 422, "base_required")
    body = refused(pay(client, case, amount=30001, base=1000000, method="bank_card", receipt_no="SW2026000001"),
                   422, "fee_exceeded")
    assert body["allowed"] == {"min": 10000, "max": 30000}
    refused(pay(client, case, amount=9999.99, base="1000000", method="bank_card", receipt_no="SW2026000001"),
            422, "fee_exceeded")
    paid = pay(client, case, amount="15000.50", base=1000000, method="bank_card", receipt_no="SW2026000001")
    assert paid.status_code == 201, paid.get_json()
    assert paid.get_json()["amount"] == 15000.5 and paid.get_json()["amount_fen"] == 1500050
    assert paid.get_json()["base"] == 1000000


def test_only_window_staff_charge(client, login):
    case = accept_case(client, login, 6, "property", "ZRZY001")
    answer = client.post(f"/api/v1/cases/{case['case_no']}/payments", headers=login("reviewer-zrzy"),
                         json={"amount": 80, "method": "cash", "receipt_no": "HLJ2026000100"})
    refused(answer, 403, "wrong_role")


def test_a_refund_is_a_managers_reversing_row_and_the_payment_never_changes(client, login, app):
    case = accept_case(client, login, 6, "property", "ZRZY001")     # 每件80元
    payment = pay(client, case, amount=80, method="cash", receipt_no="HLJ2026000200").get_json()

    # the window asks, with the reason; the window cannot refund by itself
    asked = client.post(f"/api/v1/payments/{payment['id']}/refund-request", headers=case["headers"],
                        json={"reason": "申请人撤回申请"})
    assert asked.status_code == 201, asked.get_json()
    refused(client.post(f"/api/v1/payments/{payment['id']}/refund", headers=case["headers"],
                        json={"reason": "申请人撤回申请"}), 403, "wrong_role")
    manager = login("manager")
    pending = client.get("/api/v1/fees/refund-requests", headers=manager).get_json()
    assert [(r["payment"]["id"], r["reason"]) for r in pending] == [(payment["id"], "申请人撤回申请")]

    refused(client.post(f"/api/v1/payments/{payment['id']}/refund", headers=manager, json={}), 400, "missing_field")
    done = client.post(f"/api/v1/payments/{payment['id']}/refund", headers=manager,
                       json={"reason": "申请人撤回申请，经审批退费"})
    assert done.status_code == 201, done.get_json()
    refund = done.get_json()
    assert refund["kind"] == "refund" and refund["amount"] == -80 and refund["reverses"] == payment["id"]
    assert refund["staff"]["staff_no"] == "XL0000" or refund["staff"]["name"]
    refused(client.post(f"/api/v1/payments/{payment['id']}/refund", headers=manager, json={"reason": "再退一次"}),
            409, "already_refunded")
    refused(client.post(f"/api/v1/payments/{refund['id']}/refund", headers=manager, json={"reason": "退退费"}),
            409, "not_a_charge")
    assert client.get("/api/v1/fees/refund-requests", headers=manager).get_json() == []

    fees = client.get(f"/api/v1/cases/{case['case_no']}/payments", headers=case["headers"]).get_json()
    charge = next(p for p in fees["payments"] if p["kind"] == "charge")
    assert (charge["amount"], charge["receipt_no"], charge["refunded"]) == (80, "HLJ2026000200", True)
    assert fees["paid"] == 0
    # refunded, the case may be charged again with a new bill
    again = pay(client, case, amount=80, method="alipay", receipt_no="HLJ2026000201")
    assert again.status_code == 201, again.get_json()

    # the database itself refuses to edit or delete a payment
    session = db_session(app)
    try:
        for statement in ("UPDATE feepayment SET amount_fen = 1", "DELETE FROM feepayment"):
            with pytest.raises(sa.exc.DBAPIError):
                session.execute(sa.text(statement))
            session.rollback()
        assert session.execute(sa.text("SELECT sum(amount_fen) FROM feepayment")).scalar() == 8000
    finally:
        session.close()


def test_the_daily_report_per_department_and_window(client, login, tmp_path):
    first = accept_case(client, login, 6, "property", "ZRZY002")
    second = accept_case(client, login, 6, "property", "ZRZY002")
    tax = accept_case(client, login, 4, "tax", "SW002")
    p1 = pay(client, first, amount=80, method="cash", receipt_no="HLJ2026000301").get_json()
    pay(client, second, amount=550, method="wechat", receipt_no="HLJ2026000302")
    pay(client, tax, amount=12345.67, base=1234567, method="bank_card", receipt_no="SW2026000301")
    manager = login("manager")
    client.post(f"/api/v1/payments/{p1['id']}/refund", headers=manager, json={"reason": "重复缴费"})

    report = client.get("/api/v1/fees/daily-report", headers=manager).get_json()
    departments = {d["name"]: d for d in report["departments"]}
    land = next(d for name, d in departments.items() if "自然资源" in name)
    assert (land["charges"], land["charged"], land["refunds"], land["refunded"], land["net"]) == (2, 630, 1, 80, 550)
    assert [(w["window"], w["net"]) for w in land["windows"]] == [(6, 550)]
    tax_dept = next(d for name, d in departments.items() if "税务" in name)
    assert tax_dept["net"] == 12345.67 and tax_dept["windows"][0]["window"] == 4
    assert report["total"]["net_fen"] == 55000 + 1234567
    assert {m["method"]: m["net"] for m in report["methods"]} == {"cash": 0, "wechat": 550, "bank_card": 12345.67}
    assert len(report["payments"]) == 4

    other_day = client.get("/api/v1/fees/daily-report?date=2026-01-05", headers=manager).get_json()
    assert other_day["departments"] == [] and other_day["total"]["net"] == 0
    refused(client.get("/api/v1/fees/daily-report?date=2026-13-01", headers=manager), 400, "invalid_date")
    refused(client.get("/api/v1/fees/daily-report?format=doc", headers=manager), 400, "invalid_format")
    refused(client.get("/api/v1/fees/daily-report", headers=first["headers"]), 403, "wrong_role")

    pdf = client.get(f"/api/v1/fees/daily-report?date={report['date']}&format=pdf", headers=manager)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = pdf_text(pdf.data, tmp_path)
    for part in ("收费日报", report["date"], land["name"], "6号", "550.00", "12,345.67", "HLJ2026000302", "合计"):
        assert part in text, part
    (tmp_path / "report.pdf").write_bytes(pdf.data)
    rendered(pdf.data, tmp_path, "fees-daily-report")

    xlsx = client.get(f"/api/v1/fees/daily-report?date={report['date']}&format=xlsx", headers=manager)
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.data))
    rows = list(book["收费日报"].iter_rows(values_only=True))
    assert rows[1][0] == "部门"
    total = next(r for r in rows if r[0] == "合计")
    assert (total[2], float(total[3]), total[4], float(total[5]), float(total[6])) == (3, 12975.67, 1, 80, 12895.67)
    assert len(list(book["收费明细"].iter_rows(values_only=True))) == 5


def test_the_notices_show_the_fee_and_the_receipt_number(client, login, tmp_path):
    case = accept_case(client, login, 6, "property", "ZRZY001")
    before = pdf_text(client.get(f"/api/v1/cases/{case['case_no']}/receipt.pdf", headers=case["headers"]).data,
                      tmp_path, "a.pdf")
    assert "每件80元" in before and "尚未缴费" in before
    pay(client, case, amount=80, method="cash", receipt_no="HLJ2026000401")
    after = pdf_text(client.get(f"/api/v1/cases/{case['case_no']}/receipt.pdf", headers=case["headers"]).data,
                     tmp_path, "b.pdf")
    assert "80.00元" in after and "HLJ2026000401" in after
    free = accept_case(client, login, 2, "business", "SCJG001")     # instant: completed on the spot
    done = pdf_text(client.get(f"/api/v1/cases/{free['case_no']}/completion.pdf", headers=free["headers"]).data,
                    tmp_path, "c.pdf")
    assert "办结通知书" in done and "不收费" in done


def test_the_admin_sets_a_fee_rule_and_it_must_match_the_published_text(client, login):
    manager = login("manager")
    item = client.get("/api/v1/admin/items", headers=manager).get_json()
    guide = next(i for i in item if i["code"] == "ZRZY004")      # 不动产登记资料查询: free
    A = "/api/v1/admin/items/ZRZY004"
    refused(client.put(A, headers=manager, json={"fee_rule": {"kind": "fixed", "amounts": [20]}}), 422,
            "fee_rule_mismatch")     # the text still says 免费
    refused(client.put(A, headers=manager, json={"fee": "每件20元", "fee_rule": {"kind": "fixed", "amounts": [30]}}),
            422, "fee_rule_mismatch")
    refused(client.put(A, headers=manager, json={"fee": "每件20元", "fee_rule": {"kind": "fixed", "amounts": [20, 30]}}),
            422, "invalid_fee_rule")
    refused(client.put(A, headers=manager, json={"fee": "每件20元", "fee_rule": {"kind": "weekly"}}),
            422, "invalid_fee_rule")
    refused(client.put(A, headers=manager, json={"fee": "按1%—3%", "fee_rule": {"kind": "percent", "percent": [3, 1]}}),
            422, "invalid_fee_rule")
    saved = client.put(A, headers=manager, json={"fee": "每件20元", "fee_rule": {"kind": "fixed", "amounts": ["20.00"]}})
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["fee_rule"] == {"kind": "fixed", "amounts": [20], "percent": []}
    # a new published text without a rule: the rule is read from the text
    read = client.put(A, headers=manager, json={"fee": "每件15元或30元"}).get_json()
    assert read["fee_rule"] == {"kind": "choice", "amounts": [15, 30], "percent": []}
    public = client.get("/api/v1/items/ZRZY004").get_json()
    assert public["fee_rule"]["amounts"] == [15, 30] and guide["fee"] == "免费"

    # the workbook's 事项 sheet carries the rule, and reads it back
    book = load_workbook(io.BytesIO(client.get("/api/v1/admin/export.xlsx", headers=manager).data))
    sheet = book["事项"]
    headings = [c.value for c in sheet[1]]
    column = headings.index("收费规则")
    cells = {row[0]: row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert cells["ZRZY002"] == "可选:80,550" and cells["SW002"] == "比例:1-3" and cells["SCJG001"] == "不收费"
    code_col = headings.index("事项编码")
    for row in sheet.iter_rows(min_row=2):
        if row[code_col].value == "ZRZY004":
            row[column].value = "固定:15"
            row[headings.index("收费标准")].value = "每件15元"
    out = io.BytesIO()
    book.save(out)
    answer = client.post("/api/v1/admin/import", data=out.getvalue(), headers=manager,
                         content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").get_json()
    assert answer["errors"] == [] and answer["written"], answer
    assert client.get("/api/v1/items/ZRZY004").get_json()["fee_rule"] == {"kind": "fixed", "amounts": [15],
                                                                          "percent": []}


def test_charges_and_refunds_are_in_the_audit_log(client, login):
    case = accept_case(client, login, 6, "property", "ZRZY001")
    payment = pay(client, case, amount=80, method="cash", receipt_no="HLJ2026000501").get_json()
    manager = login("manager")
    client.post(f"/api/v1/payments/{payment['id']}/refund", headers=manager, json={"reason": "误收"})
    entries = client.get("/api/v1/audit", headers=manager).get_json()
    paths = {(e["username"], e["method"], e["path"]) for e in entries}
    assert ("staff06", "POST", f"/api/v1/cases/{case['case_no']}/payments") in paths
    assert ("manager", "POST", f"/api/v1/payments/{payment['id']}/refund") in paths


def test_an_existing_halls_fee_texts_are_migrated_to_rules(app):
    """Migration 0022 reads every item's published fee text into its rule: the demo hall taken
    back to 0019 (no rules, no payment tables) and upgraded again gets its rules from its texts."""
    import json

    from alembic import command

    from hall.db import dispose, normalize_url
    from hall.migrate import alembic_config, upgrade

    url = app.config["HALL"]["HALL_DATABASE_URL"]
    dispose(app)
    command.downgrade(alembic_config(url), "0019")
    engine = sa.create_engine(normalize_url(url))
    with engine.connect() as conn:
        assert "fee_rule" not in {c["name"] for c in sa.inspect(conn).get_columns("item")}
        assert "feepayment" not in sa.inspect(conn).get_table_names()
    engine.dispose()
    upgrade(url)
    engine = sa.create_engine(normalize_url(url))
    with engine.connect() as conn:
        found = dict(conn.execute(sa.text("SELECT code, fee_rule FROM item")).all())
    engine.dispose()
    found = {code: json.loads(rule) if isinstance(rule, str) else rule for code, rule in found.items()}
    assert found["ZRZY002"] == {"kind": "choice", "amounts_fen": [8000, 55000], "percent_hundredths": []}
    assert found["SW002"] == {"kind": "percent", "amounts_fen": [], "percent_hundredths": [100, 300]}
    assert found["RSJ001"]["percent_hundredths"] == [2000, 2000]
    assert found["YBJ001"]["amounts_fen"] == [40000]
    assert found["SCJG001"]["kind"] == "none"


def at_once(app, calls) -> list:
    """Each (path, headers, body) posted from its own thread and client, released together."""
    import threading

    barrier = threading.Barrier(len(calls))
    answers = []

    def post(path, headers, body):
        own = app.test_client()
        barrier.wait()
        answers.append(own.post(path, headers=headers, json=body))
    threads = [threading.Thread(target=post, args=call) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return answers


def test_two_windows_charging_or_refunding_at_once_take_it_once(app, client, login):
    case = accept_case(client, login, 6, "property", "ZRZY001")
    path = f"/api/v1/cases/{case['case_no']}/payments"
    other = login("staff07")
    answers = at_once(app, [(path, case["headers"], {"amount": 80, "method": "cash", "receipt_no": "HLJ2026000601"}),
                            (path, other, {"amount": 80, "method": "cash", "receipt_no": "HLJ2026000602"})])
    assert sorted(a.status_code for a in answers) == [201, 409], [a.get_json() for a in answers]
    assert next(a for a in answers if a.status_code == 409).get_json()["error"]["code"] == "already_paid"
    payment = next(a for a in answers if a.status_code == 201).get_json()

    managers = [login("manager"), login("manager")]
    refund = f"/api/v1/payments/{payment['id']}/refund"
    answers = at_once(app, [(refund, h, {"reason": "误收"}) for h in managers])
    assert sorted(a.status_code for a in answers) == [201, 409], [a.get_json() for a in answers]
    assert next(a for a in answers if a.status_code == 409).get_json()["error"]["code"] == "already_refunded"
    fees = client.get(path, headers=case["headers"]).get_json()
    assert [p["kind"] for p in fees["payments"]] == ["charge", "refund"] and fees["paid"] == 0
