"""全程代办 through the API, on SQLite and PostgreSQL: a helper opens an enterprise's project (its
统一社会信用代码 checked, a legal representative or agent), attaches the enterprise's cases
from several departments, each case to one project; the public progress page of the project
(query code, limited like a case's) and what is due soonest on the helper's console."""
from hall.clock import local_date, utcnow
from tests.api.test_assist_cases import refused
from tests.conftest import both_databases
from tests.unit.test_case_rules import make_id

pytestmark = both_databases
CREDIT_CODE = "91350100M000100Y43"
AGENT = {"role": "agent", "name": "李四", "kind": "id_card", "number": make_id("11010519800101123")}
COMPANY = {"kind": "credit_code", "number": CREDIT_CODE, "name": "某某科技有限公司", "phone": "13800138000",
           "representative": AGENT}


def open_project(client, helper, **extra):
    body = {"name": "年产5万件智能设备项目", "enterprise": {"name": "某某科技有限公司", "credit_code": CREDIT_CODE},
            "representative": {"role": "legal_representative", "name": "王五", "kind": "id_card",
                               "number": make_id("11010519700101123")}} | extra
    return client.post("/api/v1/assist/projects", headers=helper, json=body)


def company_case(client, login, item: str, applicant=COMPANY) -> dict:
    """A case of the enterprise accepted at the comprehensive window (every department's items)."""
    headers = login("staff01")
    client.post("/api/v1/windows/1/sign-in", headers=headers)
    client.post("/api/v1/windows/1/call-next", headers=headers)
    client.post("/api/v1/tickets", json={"queue_code": "business"})
    ticket = client.post("/api/v1/windows/1/call-next", headers=headers).get_json()["ticket"]
    guide = client.get(f"/api/v1/items/{item}").get_json()
    accepted = client.post("/api/v1/cases", headers=headers, json={
        "ticket_id": ticket["id"], "item_code": item, "applicant": applicant,
        "materials": [m["code"] for m in guide["materials"]]})
    assert accepted.status_code == 201, accepted.get_json()
    return accepted.get_json()


def test_a_project_gathers_the_enterprises_cases_across_departments(client, login):
    helper = login("helper01")
    made = open_project(client, helper)
    assert made.status_code == 201, made.get_json()
    project = made.get_json()
    assert project["project_no"].startswith("XINLXM") and len(project["query_code"]) == 6
    assert project["enterprise"] == {"name": "某某科技有限公司", "credit_code": CREDIT_CODE}
    assert project["helper"] == {"name": "周小燕", "staff_no": "XL0801"}
    assert project["representative"]["role_name"] == "法定代表人" and "number_hash" not in project["representative"]
    assert project["summary"] == {"cases": 0, "open": 0, "done": False, "overdue": 0, "next_deadline": None}

    food, tax = company_case(client, login, "SCJG005"), company_case(client, login, "SW005")
    url = f"/api/v1/assist/projects/{project['project_no']}"
    for case in (food, tax):
        attached = client.post(f"{url}/cases", headers=helper, json={"case_no": case["case_no"]})
        assert attached.status_code == 201, attached.get_json()
    shown = client.get(url, headers=helper).get_json()
    assert {c["case_no"] for c in shown["cases"]} == {food["case_no"], tax["case_no"]}
    assert {c["department"] for c in shown["cases"]} == {"区市场监督管理局", "国家税务总局新林区税务局"}
    assert shown["summary"]["cases"] == 2 and shown["summary"]["open"] == 2
    assert shown["summary"]["next_deadline"] == min(food["deadline"], tax["deadline"])
    case_steps = client.get(f"/api/v1/cases/{food['case_no']}", headers=login("staff01")).get_json()["steps"]
    assert any(s["name"] == "全程代办" and project["project_no"] in s["detail"] for s in case_steps)

    # listed for its helper, not for another; a manager sees every project
    assert [p["project_no"] for p in client.get("/api/v1/assist/projects", headers=helper).get_json()] == \
        [project["project_no"]]
    assert client.get("/api/v1/assist/projects", headers=login("helper02")).get_json() == []
    assert len(client.get("/api/v1/assist/projects", headers=login("manager")).get_json()) == 1

    # the console's due list: soonest first, with the project named
    due = client.get("/api/v1/assist/due", headers=helper).get_json()
    assert [d["case_no"] for d in due] == [c["case_no"] for c in sorted((food, tax), key=lambda c: (c["deadline"],
                                                                                                    c["case_no"]))]
    today = local_date(utcnow(), "Asia/Shanghai")
    assert all(d["project"]["project_no"] == project["project_no"] and d["days_left"] >= 0 for d in due)
    assert due[0]["days_left"] == (__import__("datetime").date.fromisoformat(due[0]["deadline"]) - today).days
    assert client.get("/api/v1/assist/due", headers=login("helper02")).get_json() == []


def test_a_case_joins_one_project_of_its_own_enterprise(client, login):
    helper = login("helper01")
    project = open_project(client, helper).get_json()
    other = open_project(client, helper, name="另一个项目").get_json()
    url = f"/api/v1/assist/projects/{project['project_no']}/cases"
    case = company_case(client, login, "SCJG005")
    assert client.post(url, headers=helper, json={"case_no": case["case_no"]}).status_code == 201
    refused(client.post(url, headers=helper, json={"case_no": case["case_no"]}), 409, "already_attached")
    body = refused(client.post(f"/api/v1/assist/projects/{other['project_no']}/cases", headers=helper,
                               json={"case_no": case["case_no"]}), 409, "case_in_project")
    assert body["project_no"] == project["project_no"]
    person = company_case(client, login, "SCJG005", applicant={"name": "张三", "phone": "13800138000",
                                                               "id_number": make_id("23072219800101123")})
    refused(client.post(url, headers=helper, json={"case_no": person["case_no"]}), 422, "not_project_enterprise")
    refused(client.post(url, headers=helper, json={"case_no": "NOPE"}), 404, "case_not_found")
    refused(client.post(url, headers=login("helper02"), json={"case_no": case["case_no"]}), 403, "not_your_project")
    refused(client.get("/api/v1/assist/projects/NOPE", headers=helper), 404, "project_not_found")


def test_a_project_needs_a_valid_credit_code_and_a_representative(client, login):
    helper = login("helper01")
    refused(open_project(client, helper, enterprise={"name": "某某科技有限公司", "credit_code": "91350100M000100Y44"}),
            400, "invalid_credit_code")
    refused(open_project(client, helper, enterprise={"name": "某某科技有限公司"}), 400, "missing_field")
    body = refused(open_project(client, helper, representative=None), 400, "missing_field")
    assert body["field"] == "representative"
    refused(open_project(client, helper, representative={**AGENT, "role": "boss"}), 400, "invalid_field")
    refused(open_project(client, helper, name=" "), 400, "missing_field")
    refused(open_project(client, login("manager")), 403, "wrong_role")


def test_the_public_progress_of_a_project_wants_its_query_code(client, login):
    helper = login("helper01")
    project = open_project(client, helper).get_json()
    case = company_case(client, login, "SCJG005")
    client.post(f"/api/v1/assist/projects/{project['project_no']}/cases", headers=helper,
                json={"case_no": case["case_no"]})
    url = f"/api/v1/assist/projects/{project['project_no']}/progress"
    shown = client.get(f"{url}?query_code={project['query_code']}")
    assert shown.status_code == 200, shown.get_json()
    body = shown.get_json()
    assert body["name"] == "年产5万件智能设备项目" and body["helper"]["name"] == "周小燕"
    assert [c["case_no"] for c in body["cases"]] == [case["case_no"]]
    assert body["cases"][0]["status_name"] == "已受理" and body["cases"][0]["deadline"] == case["deadline"]
    assert "query_code" not in body and "representative" not in body
    assert case["query_code"] not in str(body) and AGENT["number"] not in str(body)
    wrong = "000000" if project["query_code"] != "000000" else "111111"
    refused(client.get(f"{url}?query_code={wrong}"), 404, "project_not_found")
    refused(client.get(url), 404, "project_not_found")

