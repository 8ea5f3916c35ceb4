"""联审联办 through the API: accept once, review in parallel, hand out once."""
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from hall.supervision.models import Accountability
from tests.api.test_cases import make_desk
from tests.conftest import db_session, run_sweep

JOINT = "LB001"   # 餐饮店同台联办: lead 市场监管 (10 days), 卫健 7 days with deemed consent
MATERIALS = ["M01", "M02", "M03", "M04", "M05", "M06"]


def accept_joint(client, login, window=2):
    desk = make_desk(client, login, window)
    response = desk.accept(item=JOINT, materials=MATERIALS)
    return desk, response


def opinion(client, login, case_no, dept, opinion, reason="", basis="", who=None):
    return client.post(f"/api/v1/cases/{case_no}/reviews/{dept}", headers=login(who or f"reviewer-{dept}"),
                       json={"opinion": opinion, "reason": reason, "basis": basis})


def test_accepted_once_and_sent_to_every_department_at_once(client, login, socket_client):
    wjj = socket_client("reviewer:wjj", token=login("reviewer-wjj")["Authorization"][7:])
    desk, response = accept_joint(client, login)
    assert response.status_code == 201
    case = response.get_json()
    assert case["status"] == "reviewing"
    rows = client.get(f"/api/v1/cases/{case['case_no']}/reviews", headers=desk.headers).get_json()
    assert [(r["dept_code"], r["status"], r["lead"]) for r in rows] == [("scjg", "pending", True),
                                                                         ("wjj", "pending", False)]
    pushed = [m["args"][0] for m in wjj.get_received() if m["name"] == "review_changed"]
    assert pushed
    assert pushed[-1]["case_no"] == case["case_no"]
    decide = client.post(f"/api/v1/cases/{case['case_no']}/decide", headers=desk.headers,
                         json={"decision": "approve", "reason": "x"})
    assert decide.status_code == 409
    assert decide.get_json()["error"]["code"] == "joint_case_decided_by_review"


def test_a_joint_item_is_accepted_only_at_the_comprehensive_or_lead_window(client, login):
    _desk, response = accept_joint(client, login, window=16)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "outside_window_scope"
    assert response.get_json()["windows"] == [1, 2, 3]


def test_all_approve_then_hand_out_once_with_every_certificate(client, login):
    desk, response = accept_joint(client, login)
    no = response.get_json()["case_no"]
    assert opinion(client, login, no, "wjj", "approve", "卫生条件符合").get_json()["status"] == "reviewing"
    again = opinion(client, login, no, "wjj", "approve")
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "review_closed"
    assert opinion(client, login, no, "scjg", "approve", "材料齐全").get_json()["status"] == "approved"
    done = client.post(f"/api/v1/cases/{no}/complete", headers=desk.headers,
                       json={"certificates": ["营业执照 91230700MA1", "卫生许可证 黑卫公字2026第88号"]})
    assert done.get_json()["status"] == "completed"
    assert done.get_json()["certificates"] == ["营业执照 91230700MA1", "卫生许可证 黑卫公字2026第88号"]
    progress = client.get(f"/api/v1/cases/{no}/progress",
                          query_string={"query_code": response.get_json()["query_code"]}).get_json()
    assert [(r["dept_code"], r["status"]) for r in progress["reviews"]] == [("scjg", "approved"), ("wjj", "approved")]


def test_rejections_are_gathered_from_every_department(client, login):
    _desk, response = accept_joint(client, login)
    no = response.get_json()["case_no"]
    missing_basis = opinion(client, login, no, "wjj", "reject", "布局不合理")
    assert missing_basis.status_code == 400
    assert missing_basis.get_json()["error"]["code"] == "basis_required"
    opinion(client, login, no, "wjj", "reject", "布局不合理", "《餐饮服务食品安全操作规范》第5条")
    result = opinion(client, login, no, "scjg", "reject", "名称不符合规定", "《企业名称登记管理规定》第十一条")
    assert result.get_json()["status"] == "rejected"
    case = client.get(f"/api/v1/cases/{no}", headers=login("manager")).get_json()
    assert "布局不合理" in case["decision_reason"]
    assert "名称不符合规定" in case["decision_reason"]


def test_a_reviewer_acts_only_for_their_department(client, login):
    _desk, response = accept_joint(client, login)
    no = response.get_json()["case_no"]
    wrong = opinion(client, login, no, "scjg", "approve", who="reviewer-wjj")
    assert wrong.status_code == 403
    assert wrong.get_json()["error"]["code"] == "wrong_department"
    staff = client.post(f"/api/v1/cases/{no}/reviews/wjj", headers=login("staff05"), json={"opinion": "approve"})
    assert staff.status_code == 403


def test_site_inspection_stops_that_departments_clock(client, login, app):
    _desk, response = accept_joint(client, login)
    no = response.get_json()["case_no"]
    opinion(client, login, no, "wjj", "site_inspection", "需现场核查后厨布局")
    rows = client.get(f"/api/v1/cases/{no}/reviews", headers=login("manager")).get_json()
    assert rows[1]["status"] == "site_inspection"
    run_sweep(app, datetime.now(timezone.utc) + timedelta(days=30))
    rows = client.get(f"/api/v1/cases/{no}/reviews", headers=login("manager")).get_json()
    assert rows[1]["status"] == "site_inspection"          # no deemed consent while inspecting
    assert rows[0]["light"] == "red"                        # the lead's clock kept running


def test_a_late_department_turns_yellow_then_red_and_consents_or_answers_once(client, login, app):
    _desk, response = accept_joint(client, login)
    no = response.get_json()["case_no"]
    manager = login("manager")
    reviews = lambda: client.get(f"/api/v1/cases/{no}/reviews", headers=manager).get_json()   # noqa: E731
    rows = reviews()
    wjj_deadline = date.fromisoformat(rows[1]["deadline"])
    lead_deadline = date.fromisoformat(rows[0]["deadline"])
    at = lambda day: datetime(day.year, day.month, day.day, 2, tzinfo=timezone.utc)   # noqa: E731
    run_sweep(app, at(wjj_deadline))
    assert [r["light"] for r in reviews()] == ["green", "yellow"]
    first = run_sweep(app, at(wjj_deadline + timedelta(days=3)))
    second = run_sweep(app, at(wjj_deadline + timedelta(days=3)))
    assert first["review_deemed"] == 1
    assert second["review_deemed"] == 0
    late = at(lead_deadline + timedelta(days=5))
    run_sweep(app, late)
    run_sweep(app, late)
    assert [(r["dept_code"], r["status"], r["light"]) for r in reviews()] == [("scjg", "pending", "red"),
                                                                             ("wjj", "deemed_approved", "red")]
    session = db_session(app)
    records = session.scalars(select(Accountability)).all()
    assert [(r.kind, r.staff_id, r.department_id is not None) for r in records] == [("review_overdue", None, True)]
    session.close()


def test_a_joint_meeting_is_recorded(client, login):
    _desk, response = accept_joint(client, login)
    no = response.get_json()["case_no"]
    ok = client.post(f"/api/v1/cases/{no}/review-meetings", headers=login("reviewer-scjg"),
                     json={"held_on": "2026-11-25", "departments": ["市场监管", "卫健"], "conclusion": "同意联合发证"})
    assert ok.status_code == 201
    steps = client.get(f"/api/v1/cases/{no}", headers=login("manager")).get_json()["steps"]
    assert steps[-1]["name"] == "联审会议"
    assert "同意联合发证" in steps[-1]["detail"]
    bad = client.post(f"/api/v1/cases/{no}/review-meetings", headers=login("reviewer-scjg"),
                      json={"held_on": "明天", "departments": ["x"], "conclusion": "y"})
    assert bad.status_code == 400
