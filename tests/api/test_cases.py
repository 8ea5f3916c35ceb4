"""Cases through the API: one-time notice, acceptance, frozen materials, time limits, supervision."""
import subprocess
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from hall.calendar.workdays import WorkdayCalendar
from hall.cases.models import Case, Notice
from hall.supervision.models import Accountability
from tests.conftest import db_session
from tests.unit.test_case_rules import make_id

APPLICANT = {"name": "张三", "id_number": make_id("23072219800101123"), "phone": "13800138000"}
ITEM = "SCJG005"   # 食品经营许可证核发: committed, 10 working days, 5 required materials (M01–M05)
INSTANT = "SCJG001"


def make_desk(client, login, number: int):
    """A window signed in and serving a freshly called ticket; desk.ticket_id, desk.headers."""
    class Desk:
        headers = login(f"staff{number:02d}")

        def __init__(self):
            client.post(f"/api/v1/windows/{number}/sign-in", headers=self.headers)
            taken = client.post("/api/v1/tickets", json={"queue_code": "business"}).get_json()
            self.ticket_id = client.post(f"/api/v1/windows/{number}/call-next",
                                         headers=self.headers).get_json()["ticket"]["id"]
            # what the citizen holds (the printed QR code), when the ticket called is the one taken
            self.ticket_token = taken["token"] if taken["id"] == self.ticket_id else None

        def accept(self, item=ITEM, materials=("M01", "M02", "M03", "M04", "M05"), **extra):
            return client.post("/api/v1/cases", headers=self.headers, json={
                "ticket_id": self.ticket_id, "item_code": item, "applicant": APPLICANT,
                "materials": list(materials), **extra})
    return Desk()


@pytest.fixture
def desk(client, login):
    return make_desk(client, login, 2)     # 市场监管 window


def test_an_item_outside_the_windows_scope_is_referred_not_accepted(client, login, desk):
    response = desk.accept(item="ZRZY006", materials=["M01", "M02", "M03"])
    assert response.status_code == 409
    body = response.get_json()
    assert body["error"]["code"] == "outside_window_scope"
    assert body["windows"] == [6, 7, 8, 18]
    assert "6、7、8、18号窗口" in body["error"]["message"]


def test_incomplete_materials_get_422_with_every_missing_code_and_a_notice(client, desk, app):
    response = desk.accept(materials=["M01", "M03"])
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"]["code"] == "materials_incomplete"
    assert body["missing"] == ["M02", "M04", "M05"]
    session = db_session(app)
    notice = session.scalar(select(Notice).where(Notice.notice_no == body["notice_no"]))
    assert [m["code"] for m in notice.missing] == ["M02", "M04", "M05"]
    assert notice.ticket_id == desk.ticket_id
    assert session.scalar(select(func.count()).select_from(Case)) == 0
    session.close()
    pdf = client.get(f"/api/v1/notices/{body['notice_no']}.pdf", headers=desk.headers)
    assert pdf.status_code == 200
    assert pdf.data.startswith(b"%PDF")


def test_notice_pdf_shows_every_missing_material(client, desk, tmp_path):
    body = desk.accept(materials=["M01"]).get_json()
    path = tmp_path / "n.pdf"
    path.write_bytes(client.get(f"/api/v1/notices/{body['notice_no']}.pdf", headers=desk.headers).data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for name in ("营业执照", "经营场所平面图和设备布局图", "食品安全管理制度文本", "一次性告知书", "第三十二条"):
        assert name in text.replace("\n", ""), name


def test_complete_materials_are_accepted_with_the_promised_deadline(client, desk):
    response = desk.accept()
    assert response.status_code == 201
    case = response.get_json()
    assert case["status"] == "accepted"
    assert case["kind"] == "committed"
    assert len(case["query_code"]) == 6
    accepted_on = date.fromisoformat(case["accepted_at"][:10])
    assert case["deadline"] == WorkdayCalendar().add_working_days(accepted_on, 10).isoformat()
    shown = client.get(f"/api/v1/cases/{case['case_no']}", headers=desk.headers).get_json()
    assert shown["applicant"]["id_number"].count("*") == 10        # never the full ID number
    assert APPLICANT["id_number"] not in str(shown)
    assert shown["steps"][0]["name"] == "窗口受理"


def test_deadline_across_national_day_with_its_make_up_saturday(app):
    """Accepted 2025-09-30 with 10 promised days: Oct 1–8 off, Sat Oct 11 works → Oct 21."""
    from hall.auth.models import Staff
    from hall.cases.service import Applicant, accept_case
    from hall.web import current_hall
    from hall.queueing import service as queueing
    session = db_session(app)
    with app.app_context():
        hall = current_hall(session)
        staff = session.scalar(select(Staff).where(Staff.username == "staff02"))
        now = datetime(2025, 9, 30, 2, 0, tzinfo=timezone.utc)
        queueing.sign_in(session, hall, 2, staff, now=now)
        ticket, _created, _position = queueing.issue_ticket(session, hall, queue_code="business", now=now)
        queueing.call_next(session, hall, 2, staff, now=now)
        case, _ = accept_case(session, hall, staff, ticket_id=ticket.id, item_code=ITEM,
                              applicant=Applicant(**APPLICANT), materials=["M01", "M02", "M03", "M04", "M05"],
                              secret="s", now=now)
    assert case.deadline == date(2025, 10, 21)
    session.close()


def test_instant_item_is_completed_on_the_spot(desk):
    case = desk.accept(item=INSTANT, materials=["M01", "M02", "M03"]).get_json()
    assert case["status"] == "completed"
    assert case["kind"] == "instant"


def test_requesting_materials_after_acceptance_is_refused_and_recorded(client, desk, app):
    case = desk.accept().get_json()
    response = client.post(f"/api/v1/cases/{case['case_no']}/request-materials", headers=desk.headers,
                           json={"materials": ["补充证明"]})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "materials_frozen"
    session = db_session(app)
    records = session.scalars(select(Accountability)).all()
    assert [(r.kind, r.staff_id is not None) for r in records] == [("materials_after_acceptance", True)]
    assert response.get_json()["accountability_id"] == records[0].id        # the answer names the record
    session.close()


def test_decide_and_complete_and_a_rejection_needs_its_basis(client, desk):
    no = desk.accept().get_json()["case_no"]
    bad = client.post(f"/api/v1/cases/{no}/decide", headers=desk.headers, json={"decision": "reject", "reason": "不符合"})
    assert bad.status_code == 400
    assert bad.get_json()["error"]["code"] == "basis_required"
    early = client.post(f"/api/v1/cases/{no}/complete", headers=desk.headers, json={})
    assert early.status_code == 409
    assert early.get_json()["error"]["code"] == "invalid_case_state"
    ok = client.post(f"/api/v1/cases/{no}/decide", headers=desk.headers, json={"decision": "approve", "reason": "符合条件"})
    assert ok.get_json()["status"] == "approved"
    done = client.post(f"/api/v1/cases/{no}/complete", headers=desk.headers, json={"certificate_no": "JY123"})
    assert done.get_json()["status"] == "completed"
    assert done.get_json()["certificate_no"] == "JY123"


def test_pause_and_resume_push_the_deadline_by_the_paused_working_days(app):
    from hall.auth.models import Staff
    from hall.cases import service
    from hall.web import current_hall
    from hall.queueing import service as queueing
    session = db_session(app)
    with app.app_context():
        hall = current_hall(session)
        staff = session.scalar(select(Staff).where(Staff.username == "staff02"))
        monday = datetime(2025, 11, 3, 2, 0, tzinfo=timezone.utc)           # Mon 10:00 in Shanghai
        queueing.sign_in(session, hall, 2, staff, now=monday)
        ticket, _created, _position = queueing.issue_ticket(session, hall, queue_code="business", now=monday)
        queueing.call_next(session, hall, 2, staff, now=monday)
        case, _ = service.accept_case(session, hall, staff, ticket_id=ticket.id, item_code=ITEM,
                                      applicant=service.Applicant(**APPLICANT),
                                      materials=["M01", "M02", "M03", "M04", "M05"], secret="s", now=monday)
        assert case.deadline == date(2025, 11, 17)                          # 10 working days
        with pytest.raises(Exception) as info:
            service.pause(session, hall, case.case_no, staff, "休假", now=monday)
        assert getattr(info.value, "code", "") == "invalid_pause_reason"
        service.pause(session, hall, case.case_no, staff, "现场勘查", now=monday + timedelta(days=2))   # Wed
        service.resume(session, hall, case.case_no, staff, now=monday + timedelta(days=7))      # next Mon
        # paused Wed, Thu, Fri (3 working days): 17 Nov + 3 → 20 Nov
        assert case.deadline == date(2025, 11, 20)
        notices = session.scalars(select(Notice).where(Notice.case_id == case.id)).all()
        assert [n.kind for n in notices] == ["pause"]
    session.close()


def test_extension_needs_a_manager_and_stays_within_the_law(client, desk, login):
    case = desk.accept().get_json()
    no = case["case_no"]
    refused = client.post(f"/api/v1/cases/{no}/extend", headers=desk.headers, json={"working_days": 5, "reason": "x"})
    assert refused.status_code == 403
    manager = login("manager")
    ok = client.post(f"/api/v1/cases/{no}/extend", headers=manager, json={"working_days": 5, "reason": "需专家论证"})
    assert ok.status_code == 200
    cal = WorkdayCalendar()
    assert ok.get_json()["deadline"] == cal.add_working_days(date.fromisoformat(case["deadline"]), 5).isoformat()
    over = client.post(f"/api/v1/cases/{no}/extend", headers=manager, json={"working_days": 6, "reason": "再延"})
    assert over.status_code == 400
    assert over.get_json()["error"]["code"] == "extension_over_limit"


def test_an_overdue_case_cannot_be_extended_back_to_green(client, desk, app, login, monkeypatch):
    """Rule 16: once the deadline has run out the extension is refused; the case stays red
    and its accountability record stands."""
    from hall.scheduler import sweep
    from hall.web import current_hall
    case = desk.accept().get_json()
    late = datetime.combine(date.fromisoformat(case["deadline"]) + timedelta(days=3), datetime.min.time(),
                            timezone.utc) + timedelta(hours=2)
    session = db_session(app)
    with app.app_context():
        assert sweep(session, current_hall(session), late)["new_accountability"] == 1
        session.commit()
    session.close()
    monkeypatch.setattr("hall.cases.service.utcnow", lambda: late)
    refused = client.post(f"/api/v1/cases/{case['case_no']}/extend", headers=login("manager"),
                          json={"working_days": 10, "reason": "需专家论证"})
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "deadline_passed"
    rows = client.get("/api/v1/supervision", headers=login("manager")).get_json()
    assert [(r["case_no"], r["light"]) for r in rows] == [(case["case_no"], "red")]
    session = db_session(app)
    assert session.scalar(select(func.count()).select_from(Accountability)
                          .where(Accountability.kind == "overdue")) == 1
    session.close()


def test_the_same_acceptance_twice_makes_one_case(client, desk, app):
    first = desk.accept()
    assert first.status_code == 201
    again = desk.accept()
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "case_exists"
    assert again.get_json()["case_no"] == first.get_json()["case_no"]
    session = db_session(app)
    assert session.scalar(select(func.count()).select_from(Case)) == 1
    session.close()


def test_the_same_idempotency_key_returns_the_first_case_with_200(client, desk, app, login):
    headers = {**desk.headers, "Idempotency-Key": "console-2-accept-1"}
    body = {"ticket_id": desk.ticket_id, "item_code": ITEM, "applicant": APPLICANT,
            "materials": ["M01", "M02", "M03", "M04", "M05"]}
    first = client.post("/api/v1/cases", headers=headers, json=body)
    assert first.status_code == 201
    again = client.post("/api/v1/cases", headers=headers, json=body)
    assert again.status_code == 200
    assert again.get_json() == first.get_json()
    # the window moved on to its next citizen: a late retry of the same request still gets the case
    client.post("/api/v1/tickets", json={"queue_code": "business"})
    assert client.post("/api/v1/windows/2/call-next", headers=desk.headers).status_code == 200
    late = client.post("/api/v1/cases", headers=headers, json=body)
    assert (late.status_code, late.get_json()["case_no"]) == (200, first.get_json()["case_no"])
    # the key sent again with another ticket is a client's mistake, not a silent answer
    other = client.post("/api/v1/cases", headers=headers, json={**body, "ticket_id": desk.ticket_id + 1})
    assert other.status_code == 409
    assert other.get_json()["error"]["code"] == "idempotency_key_reused"
    session = db_session(app)
    assert session.scalar(select(func.count()).select_from(Case)) == 1
    session.close()
    too_long = client.post("/api/v1/cases", headers={**desk.headers, "Idempotency-Key": "k" * 101}, json=body)
    assert too_long.get_json()["error"]["code"] == "invalid_idempotency_key"


def test_progress_page_api_needs_the_query_code(client, desk):
    case = desk.accept().get_json()
    ok = client.get(f"/api/v1/cases/{case['case_no']}/progress", query_string={"query_code": case["query_code"]})
    assert ok.status_code == 200
    assert ok.get_json()["steps"][0]["name"] == "窗口受理"
    wrong = client.get(f"/api/v1/cases/{case['case_no']}/progress", query_string={"query_code": "000000x"})
    unknown = client.get("/api/v1/cases/NOPE/progress", query_string={"query_code": case["query_code"]})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.get_json() == unknown.get_json()        # a wrong code does not reveal that the case exists
    chinese = client.get(f"/api/v1/cases/{case['case_no']}/progress", query_string={"query_code": "查询码"})
    assert chinese.status_code == 404                    # not a 500 from comparing non-ASCII text
    receipt = client.get(f"/api/v1/cases/{case['case_no']}/receipt.pdf", query_string={"query_code": case["query_code"]})
    assert receipt.data.startswith(b"%PDF")


def test_bad_case_input_is_a_clear_400(client, desk):
    for applicant, code in (({**APPLICANT, "id_number": "110105194912310021"}, "invalid_id_number"),
                            ({**APPLICANT, "phone": "abc"}, "invalid_field"), (None, "missing_field")):
        response = client.post("/api/v1/cases", headers=desk.headers, json={
            "ticket_id": desk.ticket_id, "item_code": ITEM, "applicant": applicant, "materials": []})
        assert response.status_code == 400
        assert response.get_json()["error"]["code"] == code
    unknown = desk.accept(materials=["M99"])
    assert unknown.status_code == 400
    assert unknown.get_json()["error"]["code"] == "unknown_material"
    other = client.post("/api/v1/cases", headers=desk.headers, json={
        "ticket_id": desk.ticket_id + 999, "item_code": ITEM, "applicant": APPLICANT, "materials": []})
    assert other.status_code == 404


def test_sweep_lights_and_one_accountability_record_per_overdue_case(client, desk, app, login):
    from hall.scheduler import sweep
    from hall.web import current_hall
    case = desk.accept().get_json()
    deadline = date.fromisoformat(case["deadline"])
    session = db_session(app)
    with app.app_context():
        hall = current_hall(session)
        moment = lambda day: datetime(day.year, day.month, day.day, 2, tzinfo=timezone.utc)  # noqa: E731
        assert sweep(session, hall, moment(deadline))["yellow"] == 1
        late = moment(deadline + timedelta(days=7))
        first = sweep(session, hall, late)
        second = sweep(session, hall, late)
        session.commit()
    assert first["red"] == 1
    assert first["new_accountability"] == 1
    assert second["new_accountability"] == 0
    assert session.scalar(select(func.count()).select_from(Accountability)
                          .where(Accountability.kind == "overdue")) == 1
    session.close()
    rows = client.get("/api/v1/supervision", headers=login("manager")).get_json()
    assert [(r["case_no"], r["light"]) for r in rows] == [(case["case_no"], "red")]
    assert client.get("/api/v1/supervision", headers=desk.headers).status_code == 403


def test_hall_supervise_cli_runs_the_sweep_once_per_overdue_case(client, login, app, monkeypatch, capsys):
    from hall.cli import main
    desk = make_desk(client, login, 1)   # the comprehensive window accepts every item
    case = desk.accept(item="ZRZY006", materials=["M01", "M02", "M03"]).get_json()   # deemed approval item
    monkeypatch.setenv("HALL_INSTANCE_PATH", app.instance_path)
    late = (date.fromisoformat(case["deadline"]) + timedelta(days=10)).isoformat() + "T10:00"
    db = app.config["HALL"]["HALL_DATABASE_URL"]
    assert main(["supervise", "--db", db, "--as-of", late]) == 0
    first = capsys.readouterr().out
    assert '"new_accountability": 1' in first
    assert '"deemed_approved": 1' in first
    assert main(["supervise", "--db", db, "--as-of", late]) == 0
    second = capsys.readouterr().out
    assert '"new_accountability": 0' in second
    assert '"deemed_approved": 0' in second
    assert main(["supervise", "--db", db, "--as-of", "yesterday"]) == 2
    deemed = client.get(f"/api/v1/cases/{case['case_no']}", headers=desk.headers).get_json()
    assert deemed["status"] == "deemed_approved"
    assert deemed["light"] == "green"             # decided by law: no longer shown as overdue


def test_the_sweep_alerts_the_manager_and_the_accepting_window(client, desk, app, login, socket_client):
    from hall.scheduler import sweep
    from hall.web import current_hall
    case = desk.accept().get_json()
    manager = socket_client("manager", token=login("manager")["Authorization"][7:])
    window = socket_client("window:2", token=desk.headers["Authorization"][7:])
    manager.get_received(), window.get_received()
    deadline = date.fromisoformat(case["deadline"])
    session = db_session(app)
    with app.app_context():
        sweep(session, current_hall(session), datetime(deadline.year, deadline.month, deadline.day, 2,
                                                       tzinfo=timezone.utc) + timedelta(days=7))
        session.commit()
    session.close()
    for sc in (manager, window):
        alerts = [m["args"][0] for m in sc.get_received() if m["name"] == "alert"]
        assert [(a["kind"], a["case_no"]) for a in alerts] == [("case_red", case["case_no"])]


def test_a_justified_material_exception_is_a_managers_logged_step(client, desk, login):
    no = desk.accept().get_json()["case_no"]
    body = {"reason": "原件经核验系伪造，需重新提供", "materials": ["M02"]}
    assert client.post(f"/api/v1/cases/{no}/material-exceptions", headers=desk.headers, json=body).status_code == 403
    assert client.post(f"/api/v1/cases/{no}/material-exceptions", headers=login("manager"), json=body).status_code == 200
    steps = client.get(f"/api/v1/cases/{no}", headers=desk.headers).get_json()["steps"]
    assert steps[-1]["name"] == "补件例外（经批准）"
    assert "伪造" in steps[-1]["detail"]


def test_receipt_pdf_shows_case_number_deadline_and_query_code(client, desk, tmp_path):
    case = desk.accept().get_json()
    path = tmp_path / "r.pdf"
    path.write_bytes(client.get(f"/api/v1/cases/{case['case_no']}/receipt.pdf", headers=desk.headers).data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for part in ("受理通知书", case["case_no"], case["deadline"], case["query_code"]):
        assert part in text, part
    assert APPLICANT["id_number"] not in text


def test_dashboard_counts_today_lights_and_bad_ratings(client, desk, login):
    desk.accept()
    client.post("/api/v1/tickets", json={"queue_code": "tax"})
    dash = client.get("/api/v1/dashboard", headers=login("manager")).get_json()
    assert dash["today"]["issued"] == 2
    assert dash["today"]["waiting"] == 1
    assert dash["lights"] == {"green": 1, "yellow": 0, "red": 0}
    assert dash["bad_ratings_open"] == 0
    assert dash["month"][-1]["served"] == 0
    assert client.get("/api/v1/dashboard", headers=desk.headers).status_code == 403


def _working_days_after(client, start: str, days: int) -> str:
    return client.get("/api/v1/calendar/add-working-days", query_string={"start": start, "days": days}).get_json()["date"]


def test_an_urgent_tickets_case_gets_the_next_working_day_limit(client, login):
    """急事急办: the manager marks the waiting ticket urgent; the case accepted from it is due
    by the next working day instead of the item's 10, and its steps say why."""
    headers = login("staff02")
    client.post("/api/v1/windows/2/sign-in", headers=headers)
    ticket = client.post("/api/v1/tickets", json={"queue_code": "business"}).get_json()
    marked = client.post(f"/api/v1/tickets/{ticket['id']}/urgent", headers=login("manager"),
                         json={"reason": "企业明日开业，急需许可证"})
    assert marked.status_code == 200
    assert client.post("/api/v1/windows/2/call-next", headers=headers).get_json()["ticket"]["id"] == ticket["id"]
    accepted = client.post("/api/v1/cases", headers=headers, json={
        "ticket_id": ticket["id"], "item_code": ITEM, "applicant": APPLICANT,
        "materials": ["M01", "M02", "M03", "M04", "M05"]})
    assert accepted.status_code == 201
    case = client.get(f"/api/v1/cases/{accepted.get_json()['case_no']}", headers=headers).get_json()
    assert (case["urgent"], case["urgent_reason"], case["promised_days"]) == (True, "企业明日开业，急需许可证", 1)
    assert case["deadline"] == _working_days_after(client, case["accepted_at"][:10], 1)
    assert [s["name"] for s in case["steps"]][:2] == ["窗口受理", "急事急办"]


def test_a_manager_marks_an_open_case_urgent_with_a_reason(client, desk, login):
    case_no = desk.accept().get_json()["case_no"]
    url = f"/api/v1/cases/{case_no}/urgent"
    manager = login("manager")
    assert client.post(url, headers=desk.headers, json={"reason": "急"}).status_code == 403   # managers only
    no_reason = client.post(url, headers=manager, json={"reason": " "})
    assert (no_reason.status_code, no_reason.get_json()["error"]["code"]) == (400, "reason_required")
    before = client.get(f"/api/v1/cases/{case_no}", headers=manager).get_json()
    marked = client.post(url, headers=manager, json={"reason": "申请人住院，急需办结"})
    assert marked.status_code == 200
    body = marked.get_json()
    assert body["urgent"] is True
    assert body["deadline"] == _working_days_after(client, before["accepted_at"][:10], 1) < before["deadline"]
    again = client.post(url, headers=manager, json={"reason": "再次"})
    assert (again.status_code, again.get_json()["error"]["code"]) == (409, "already_urgent")
    steps = client.get(f"/api/v1/cases/{case_no}", headers=manager).get_json()["steps"]
    assert steps[-1]["name"] == "急事急办" and "申请人住院" in steps[-1]["detail"]
    audit = client.get("/api/v1/audit", headers=manager).get_json()
    assert any(e["path"] == url and e["status"] == 200 for e in audit)


def test_cases_for_a_passport_holder_and_for_an_enterprise_by_its_agent(client, login, app):
    """DOMAIN rule 13: an applicant by any document, and an enterprise by its 统一社会信用代码
    with its agent; only masks and keyed hashes are stored and shown."""
    agent_id = make_id("11010519800101123")
    desk = make_desk(client, login, 2)
    foreigner = desk.accept(applicant={"kind": "passport", "number": "E12345678", "name": "John Smith",
                                       "phone": "13800138000"})
    assert foreigner.status_code == 201
    shown = client.get(f"/api/v1/cases/{foreigner.get_json()['case_no']}", headers=desk.headers).get_json()
    assert shown["applicant"] | {} == {"name": "John Smith", "id_number": "E1*****78", "phone": "138****8000",
                                       "kind": "passport", "kind_name": "护照", "representative": None}
    company = {"kind": "credit_code", "number": "91350100M000100Y43", "name": "某某科技有限公司",
               "phone": "13800138000", "representative": {"role": "agent", "name": "李四", "kind": "id_card",
                                                          "number": agent_id}}
    no_agent = desk.accept(item=INSTANT, materials=["M01", "M02", "M03"],
                           applicant={k: v for k, v in company.items() if k != "representative"})
    assert (no_agent.status_code, no_agent.get_json()["error"]["code"]) == (400, "missing_field")
    bad_code = desk.accept(item=INSTANT, materials=["M01", "M02", "M03"],
                           applicant={**company, "number": "91350100M000100Y44"})
    assert (bad_code.status_code, bad_code.get_json()["error"]["code"]) == (400, "invalid_credit_code")
    accepted = desk.accept(item=INSTANT, materials=["M01", "M02", "M03"], applicant=company)
    assert accepted.status_code == 201
    case = client.get(f"/api/v1/cases/{accepted.get_json()['case_no']}", headers=desk.headers).get_json()
    assert case["applicant"]["kind_name"] == "统一社会信用代码"
    assert case["applicant"]["id_number"] == "9135**********0Y43"
    assert case["applicant"]["representative"] == {"role": "agent", "role_name": "代理人", "name": "李四",
                                                   "kind": "id_card", "kind_name": "居民身份证",
                                                   "number": agent_id[:4] + "*" * 10 + agent_id[-4:]}
    session = db_session(app)
    rows = session.scalars(select(Case)).all()
    session.close()
    stored = " ".join(str((c.applicant_id_masked, c.applicant_id_hash, c.representative)) for c in rows)
    assert "E12345678" not in stored and "91350100M000100Y43" not in stored and agent_id not in stored


def test_a_report_case_is_forwarded_answered_above_and_collected_here(client, desk, login):
    """上报件 (DOMAIN rule 9): accepted at this hall, forwarded to the higher level on that
    level's limit, its answer recorded, the result collected at the accepting window; the
    hall never decides it itself."""
    required = [m["code"] for m in next(i for i in client.get("/api/v1/items").get_json()
                                        if i["code"] == "SCJG006")["materials"] if m["required"]]
    case = desk.accept(item="SCJG006", materials=required).get_json()
    url = f"/api/v1/cases/{case['case_no']}"
    itself = client.post(url + "/decide", headers=desk.headers, json={"decision": "approve", "reason": "符合"})
    assert (itself.status_code, itself.get_json()["error"]["code"]) == (409, "decided_by_higher_level")
    early = client.post(url + "/higher-answer", headers=desk.headers, json={"decision": "approve", "reason": "批准"})
    assert early.status_code == 409                                         # nothing was forwarded yet
    bad = client.post(url + "/forward", headers=desk.headers, json={"to": "市市场监督管理局", "limit_days": 99})
    assert (bad.status_code, bad.get_json()["error"]["code"]) == (400, "invalid_higher_limit")
    forwarded = client.post(url + "/forward", headers=desk.headers, json={"to": "市市场监督管理局", "limit_days": 20})
    assert forwarded.status_code == 200
    body = forwarded.get_json()
    assert (body["status"], body["status_name"], body["promised_days"]) == ("forwarded", "已上报上级审批", 20)
    assert body["deadline"] == _working_days_after(client, case["accepted_at"][:10], 20)
    assert case["case_no"] in [r["case_no"] for r in client.get("/api/v1/supervision", headers=login("manager")).get_json()]
    answered = client.post(url + "/higher-answer", headers=desk.headers,
                           json={"decision": "approve", "reason": "经审查符合条件", "reference": "市市监药〔2026〕12号"})
    assert answered.get_json()["status"] == "approved"
    assert case["case_no"] in [c["case_no"] for c in client.get("/api/v1/windows/2/ready-cases",
                                                                 headers=desk.headers).get_json()]
    done = client.post(url + "/complete", headers=desk.headers, json={"certificate_no": "药经营2026-001"})
    assert done.get_json()["status"] == "completed"
    progress = client.get(url + "/progress", query_string={"query_code": case["query_code"]}).get_json()
    steps = [(s["name"], s["detail"]) for s in progress["steps"]]
    assert [n for n, _ in steps] == ["窗口受理", "上报上级审批", "上级批准", "窗口发证"]
    assert "市市场监督管理局" in steps[1][1] and "市市监药〔2026〕12号" in steps[2][1]
