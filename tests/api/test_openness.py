"""Openness and oversight through the API: announcements for their period only, complaints
from intake to rating, information requests within the statutory limits, inspections that
cost a window points (DOMAIN rules 4–8)."""
import subprocess
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, select

from hall.supervision.models import Accountability
from tests.conftest import db_session, run_sweep

API = "/api/v1"


def today() -> date:
    return datetime.now(timezone(timedelta(hours=8))).date()


def add_working_days(client, start: date, days: int) -> str:
    answer = client.get(f"{API}/calendar/add-working-days?start={start.isoformat()}&days={days}")
    return answer.get_json()["date"]


def moment(day: date) -> datetime:
    """10:00 in the hall on that day, in UTC."""
    return datetime(day.year, day.month, day.day, 2, tzinfo=timezone.utc)


def move_clock(monkeypatch, module: str, to: datetime) -> None:
    monkeypatch.setattr(f"hall.{module}.utcnow", lambda: to)


# ---------------------------------------------------------------- announcements

def draft(client, headers, title, first: date, last: date, category="publicity"):
    answer = client.post(f"{API}/announcements", headers=headers, json={
        "title": title, "body": f"{title}的内容", "category": category,
        "starts_on": first.isoformat(), "ends_on": last.isoformat()})
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def showing_titles(client) -> list[str]:
    return [a["title"] for a in client.get(f"{API}/announcements").get_json()]


def test_an_announcement_shows_after_review_for_its_week_only_then_is_archived(client, login, monkeypatch):
    manager, director = login("manager"), login("director")
    day = today()
    week = draft(client, manager, "窗口星级评比结果公示", day, day + timedelta(days=6))
    later = draft(client, manager, "下月停车场改造公告", day + timedelta(days=1), day + timedelta(days=3), "notice")
    assert week["status"] == "pending"
    assert week["state"] is None
    assert "窗口星级评比结果公示" not in showing_titles(client)        # not before 审核

    own = client.post(f"{API}/announcements/{week['id']}/review", headers=manager, json={"approve": True})
    assert own.status_code == 403
    assert own.get_json()["error"]["code"] == "review_own"
    for item in (week, later):
        ok = client.post(f"{API}/announcements/{item['id']}/review", headers=director, json={"approve": True})
        assert ok.status_code == 200
        assert ok.get_json()["approved_by"] == "王建国"
    again = client.post(f"{API}/announcements/{week['id']}/review", headers=director, json={"approve": True})
    assert again.status_code == 409

    assert "窗口星级评比结果公示" in showing_titles(client)
    assert "下月停车场改造公告" not in showing_titles(client)             # its period has not begun
    board = client.get(f"{API}/board").get_json()
    assert [a["title"] for a in board["announcements"]].count("窗口星级评比结果公示") == 1

    move_clock(monkeypatch, "disclosure.service", moment(day + timedelta(days=6)))   # its last day
    assert "窗口星级评比结果公示" in showing_titles(client)
    move_clock(monkeypatch, "disclosure.service", moment(day + timedelta(days=7)))   # the day after
    assert "窗口星级评比结果公示" not in showing_titles(client)
    archived = {a["title"]: a for a in client.get(f"{API}/announcements?which=archived").get_json()}
    kept = archived["窗口星级评比结果公示"]
    assert (kept["starts_on"], kept["ends_on"]) == (day.isoformat(), (day + timedelta(days=6)).isoformat())
    assert kept["approved_by"] == "王建国"
    assert kept["approved_at"]


def test_a_withdrawn_announcement_leaves_the_board_but_keeps_its_record(client, login):
    manager, director = login("manager"), login("director")
    item = draft(client, manager, "临时停电通知", today(), today() + timedelta(days=2), "notice")
    client.post(f"{API}/announcements/{item['id']}/review", headers=director, json={"approve": True})
    assert client.post(f"{API}/announcements/{item['id']}/withdraw", headers=manager).status_code == 200
    assert "临时停电通知" not in showing_titles(client)
    record = {a["title"]: a for a in client.get(f"{API}/announcements/manage", headers=manager).get_json()}
    assert record["临时停电通知"]["status"] == "withdrawn"
    assert record["临时停电通知"]["withdrawn_by"] == "高文斌"
    assert record["临时停电通知"]["reviewer"] == "王建国"


def test_bad_announcement_input_is_a_clear_400(client, login):
    manager = login("manager")
    backwards = client.post(f"{API}/announcements", headers=manager, json={
        "title": "x", "body": "y", "starts_on": "2026-12-10", "ends_on": "2026-12-01"})
    assert backwards.status_code == 400
    assert backwards.get_json()["error"]["code"] == "invalid_period"
    no_date = client.post(f"{API}/announcements", headers=manager, json={"title": "x", "body": "y"})
    assert no_date.status_code == 400
    assert no_date.get_json()["error"]["code"] == "invalid_date"
    assert client.post(f"{API}/announcements", headers=login("staff03"), json={}).status_code == 403


def test_the_board_shows_guides_staff_cards_indicators_and_stars(client):
    board = client.get(f"{API}/board").get_json()
    guide = board["guides"][0]
    assert {"name", "basis", "steps", "materials", "promised_days", "legal_days", "fee"} <= set(guide)
    window3 = next(w for w in board["windows"] if w["number"] == 3)
    assert window3["staff_cards"]
    assert window3["staff_cards"][0]["staff_no"] == "XL0103"
    assert "好评率" in board["indicators"]["hall"]
    assert {"办结率", "满意率"} <= set(board["indicators"]["hall"])
    targets = board["indicators"]["targets"]
    assert {name: t["target"] for name, t in targets.items()} == {"办结率": 0.95, "满意率": 0.95}
    for name, t in targets.items():
        value = board["indicators"]["hall"][name]
        assert t["below"] == (value is not None and value < 0.95)
    assert {"month", "windows", "staff"} <= set(board["stars"])


# ---------------------------------------------------------------- complaints

def complain(client, headers=None, **extra):
    body = {"kind": "complaint", "title": "窗口人员态度生硬", "content": "3号窗口工作人员办理时态度生硬，不耐心解答。",
            "contact": {"name": "张先生", "phone": "13800138000"}, "window": 3, **extra}
    answer = client.post(f"{API}/complaints", json=body, headers=headers or {})
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def window_score(client, login, number: int) -> float:
    rows = client.get(f"{API}/star-ratings?month={today():%Y-%m}&of=window", headers=login("manager")).get_json()
    return next(r for r in rows if r["window"] == number)


def test_a_complaint_runs_from_intake_to_reply_to_rating_and_costs_the_window(client, login):
    before = window_score(client, login, 3)
    taken = complain(client)
    assert taken["channel"] == "phone"
    assert taken["status"] == "received"
    assert taken["light"] == "green"
    assert taken["deadline"] == add_working_days(client, today(), 5)
    assert taken["complaint_no"].startswith("XINLTS")
    assert len(taken["query_code"]) == 6
    no, code = taken["complaint_no"], taken["query_code"]

    assert client.get(f"{API}/complaints/{no}?query_code=000000x").status_code == 404
    assert client.get(f"{API}/complaints/{no}?query_code=查询码").status_code == 404
    supervisor = login("supervisor")
    listed = client.get(f"{API}/complaints?status=open", headers=supervisor).get_json()
    assert listed[0]["contact_phone"] == "138****8000"                       # masked even for staff
    assert client.post(f"{API}/complaints/{no}/assign", headers=supervisor, json={"owner": "staff05"}).status_code == 200
    not_owner = client.post(f"{API}/complaints/{no}/reply", headers=login("staff04"), json={"reply": "x"})
    assert not_owner.status_code == 403
    assert not_owner.get_json()["error"]["code"] == "not_owner"
    no_finding = client.post(f"{API}/complaints/{no}/reply", headers=login("staff05"), json={"reply": "已核实"})
    assert no_finding.status_code == 400
    assert no_finding.get_json()["error"]["code"] == "finding_required"
    early = client.post(f"{API}/complaints/{no}/satisfaction", json={"query_code": code, "level": 3})
    assert early.status_code == 409
    assert early.get_json()["error"]["code"] == "not_replied"
    replied = client.post(f"{API}/complaints/{no}/reply", headers=login("staff05"), json={
        "reply": "经核实，该工作人员解释不耐心，已批评教育并在科室会上通报。", "finding": "justified"})
    assert replied.status_code == 200
    assert replied.get_json()["staff"]["staff_no"] == "XL0103"

    seen = client.get(f"{API}/complaints/{no}?query_code={code}").get_json()
    assert seen["status"] == "replied"
    assert seen["finding_name"] == "属实"
    assert seen["light"] is None
    assert "contact_phone" not in seen
    rated = client.post(f"{API}/complaints/{no}/satisfaction", json={"query_code": code, "level": 3})
    assert rated.status_code == 200
    assert rated.get_json()["satisfaction_name"] == "满意"
    twice = client.post(f"{API}/complaints/{no}/satisfaction", json={"query_code": code, "level": 1})
    assert twice.status_code == 409
    assert twice.get_json()["error"]["code"] == "already_rated"

    after = window_score(client, login, 3)
    assert after["score"] == round(max(0.0, before["score"] - 10), 2)     # the documented 10 points
    assert after["stars"] < 5
    assert after["breakdown"]["deductions"] == before["breakdown"]["deductions"] + 10


def test_an_unanswered_complaint_turns_yellow_then_red_with_one_accountability_record(client, login, app):
    taken = complain(client, kind="question", title="社保卡补办要带什么", content="请问补办社保卡需要哪些材料？")
    deadline = date.fromisoformat(taken["deadline"])
    assert taken["deadline"] == add_working_days(client, today(), 2)
    client.post(f"{API}/complaints/{taken['complaint_no']}/assign", headers=login("manager"), json={"owner": "staff07"})
    assert run_sweep(app, moment(deadline))["complaint_yellow"] == 1
    late = moment(deadline + timedelta(days=5))
    assert run_sweep(app, late)["complaint_overdue"] == 1
    assert run_sweep(app, late)["complaint_overdue"] == 0
    session = db_session(app)
    kinds = session.execute(select(Accountability.kind, func.count()).group_by(Accountability.kind)).all()
    session.close()
    assert ("complaint_overdue", 1) in kinds
    rows = client.get(f"{API}/accountability", headers=login("manager")).get_json()
    record = next(r for r in rows if r["kind"] == "complaint_overdue")
    assert record["staff"]["staff_no"] == "XL0107"
    assert taken["complaint_no"] in record["detail"]


def test_complaints_come_from_the_kiosk_the_phone_and_the_supervision_window(client, login, device):
    assert complain(client, {"X-Device-Token": device("kiosk")})["channel"] == "kiosk"
    assert complain(client, login("supervisor"))["channel"] == "supervision_window"
    bad = client.post(f"{API}/complaints", json={"kind": "praise", "title": "x", "content": "y"})
    assert bad.status_code == 400
    assert bad.get_json()["error"]["code"] == "invalid_kind"
    nowhere = client.post(f"{API}/complaints", json={"kind": "complaint", "title": "x", "content": "y", "window": 99})
    assert nowhere.status_code == 400
    assert nowhere.get_json()["error"]["code"] == "unknown_window"


# ---------------------------------------------------------------- information requests

def ask(client, headers=None):
    answer = client.post(f"{API}/info-requests", headers=headers or {}, json={
        "applicant": {"name": "李女士", "id_number": "44010219900101123X", "phone": "13911112222"},
        "description": "2025年度本区新建住宅项目的规划许可信息", "purpose": "购房参考"})
    return answer


def test_an_information_request_keeps_the_statutory_limit_and_one_approved_extension(client, login):
    bad_id = client.post(f"{API}/info-requests", json={"applicant": {"name": "x", "id_number": "123", "phone": "1"},
                                                       "description": "y"})
    assert bad_id.status_code == 400
    assert bad_id.get_json()["error"]["code"] == "invalid_id_number"
    taken = ask(client, login("staff02"))
    assert taken.status_code == 201, taken.get_json()
    taken = taken.get_json()
    no, received = taken["request_no"], date.fromisoformat(taken["received_on"])
    assert taken["deadline"] == add_working_days(client, received, 20)
    assert taken["light"] == "green"

    by_staff = client.post(f"{API}/info-requests/{no}/extend", headers=login("supervisor"),
                           json={"working_days": 20, "reason": "需征求第三方意见"})
    assert by_staff.status_code == 403
    manager = login("manager")
    too_long = client.post(f"{API}/info-requests/{no}/extend", headers=manager,
                           json={"working_days": 21, "reason": "需征求第三方意见"})
    assert too_long.status_code == 400
    assert too_long.get_json()["error"]["code"] == "extension_over_limit"
    extended = client.post(f"{API}/info-requests/{no}/extend", headers=manager,
                           json={"working_days": 20, "reason": "需征求第三方意见"}).get_json()
    assert extended["deadline"] == add_working_days(client, received, 40)
    assert extended["extension_approved_by"] == "高文斌"
    assert extended["status"] == "extended"
    again = client.post(f"{API}/info-requests/{no}/extend", headers=manager, json={"working_days": 1, "reason": "x"})
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "extension_used"

    supervisor = login("supervisor")
    listed = client.get(f"{API}/info-requests", headers=supervisor).get_json()
    assert listed[0]["applicant_id"] == "4401**********123X"
    no_basis = client.post(f"{API}/info-requests/{no}/reply", headers=supervisor,
                           json={"reply_type": "withhold", "reply": "不予公开"})
    assert no_basis.status_code == 400
    assert no_basis.get_json()["error"]["code"] == "basis_required"
    replied = client.post(f"{API}/info-requests/{no}/reply", headers=supervisor, json={
        "reply_type": "partial", "basis": "《政府信息公开条例》第十五条：涉及个人隐私部分不予公开",
        "reply": "项目名称和许可日期予以公开，权利人信息不予公开"}).get_json()
    assert replied["reply_type_name"] == "部分公开"
    assert replied["light"] is None
    public = client.get(f"{API}/info-requests/{no}?query_code={taken['query_code']}").get_json()
    assert public["status"] == "replied"
    assert "applicant_name" not in public


def test_an_extension_after_the_limit_ran_out_is_refused_and_the_request_is_red(client, login, app):
    from hall.web import current_hall
    from hall.inforequests import service
    taken = ask(client).get_json()
    deadline = date.fromisoformat(taken["deadline"])
    session = db_session(app)
    try:
        with app.app_context():
            hall = current_hall(session)
            manager = session.scalar(select(service.Staff).where(service.Staff.username == "manager"))
            try:
                service.extend(session, hall, taken["request_no"], manager, 10, "x",
                               now=moment(deadline + timedelta(days=1)))
                raise AssertionError("an extension after the deadline was accepted")
            except Exception as exc:          # noqa: BLE001 - the domain error is what we look at
                assert getattr(exc, "code", None) == "extension_too_late"
    finally:
        session.close()
    summary = run_sweep(app, moment(deadline + timedelta(days=1)))
    assert summary["info_request_red"] == 1
    assert summary["info_request_overdue"] == 1


# ---------------------------------------------------------------- inspections

def test_an_inspection_finding_lowers_the_windows_month_score_by_the_documented_amount(client, login, tmp_path):
    before = window_score(client, login, 6)
    supervisor = login("supervisor")
    found = client.post(f"{API}/inspections", headers=supervisor, json={
        "window": 6, "finding": "off_task", "mode": "covert", "note": "工作时间使用手机浏览视频"})
    assert found.status_code == 201, found.get_json()
    after = window_score(client, login, 6)
    assert found.get_json()["window_score"]["score"] == after["score"]          # what the supervisor is shown
    assert after["score"] == round(max(0.0, before["score"] - 5), 2)
    assert after["breakdown"]["deductions"] == before["breakdown"]["deductions"] + 5
    late = client.post(f"{API}/inspections", headers=supervisor, json={"window": 6, "finding": "late", "mode": "open"})
    assert late.status_code == 201
    counted = window_score(client, login, 6)["breakdown"]["counts"]
    assert counted["late"] == after["breakdown"]["counts"]["late"] + 1
    assert counted["inspection_faults"] == 1
    staff = client.get(f"{API}/star-ratings?month={today():%Y-%m}&of=staff", headers=login("manager")).get_json()
    assert next(r for r in staff if r["staff"] == "XL0106")["breakdown"]["deductions"] >= 5   # on duty there

    listed = client.get(f"{API}/inspections?month={today():%Y-%m}", headers=supervisor).get_json()
    assert [i["finding_name"] for i in listed[:2]] == ["迟到早退", "做与工作无关的事"]
    assert client.post(f"{API}/inspections", headers=login("staff06"), json={"window": 6}).status_code == 403
    wrong = client.post(f"{API}/inspections", headers=supervisor, json={"window": 6, "finding": "sleeping"})
    assert wrong.status_code == 400
    assert wrong.get_json()["error"]["code"] == "invalid_finding"

    figures = client.get(f"{API}/supervision-report?month={today():%Y-%m}", headers=supervisor).get_json()
    assert figures["inspection_findings"] == {"做与工作无关的事": 1, "迟到早退": 1}
    pdf = client.get(f"{API}/supervision-report.pdf?month={today():%Y-%m}", headers=supervisor)
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "效能监察月报" in text
    assert "工作时间使用手机浏览视频" in text
    assert "6号" in text


def test_an_id_beyond_any_row_is_a_404_not_a_500(client, login):
    manager = login("manager")
    for path in ("/announcements/11048698642035163812331520/review", "/rectifications/99999999999999999999/verify"):
        answer = client.post(API + path, headers=manager, json={"approve": True})
        assert answer.status_code == 404, path
        assert answer.get_json()["error"]["code"] == "not_found", path
