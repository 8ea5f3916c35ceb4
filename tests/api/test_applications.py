"""API keys and online applications (一网通办) through the API, on both databases: a key made
by a manager, an application pre-reviewed when it is sent, accepted once at the window with
the materials sent online counted as received."""
import pytest
from sqlalchemy import select

from hall.apikeys.models import ApiKey
from hall.applications.models import Application
from hall.cases.models import Case
from hall.catalog.models import Item
from tests.api.test_cases import APPLICANT, ITEM, make_desk
from tests.conftest import both_databases, db_session
from tests.unit.test_case_rules import make_id

pytestmark = both_databases   # the external_no's unique constraint and the acceptance's update, on each

ALL = ["M01", "M02", "M03", "M04", "M05"]


def make_key(client, login, scopes=("applications:write",), name="省一网通办平台", headers=None) -> dict:
    made = client.post("/api/v1/admin/api-keys", json={"name": name, "scopes": list(scopes)},
                       headers=headers or login("manager"))
    assert made.status_code == 201, made.get_json()
    return made.get_json()


def key_headers(made: dict) -> dict:
    return {"Authorization": "ApiKey " + made["key"]}


@pytest.fixture
def key(client, login):
    return key_headers(make_key(client, login))


def send(client, key, external_no="YWTB-2026-0001", item=ITEM, materials=ALL, applicant=APPLICANT):
    return client.post("/api/v1/applications", headers=key, json={
        "item_code": item, "applicant": applicant, "materials": list(materials), "external_no": external_no})


def error(response, status):
    assert response.status_code == status, (response.status_code, response.get_json())
    return response.get_json()


def test_a_manager_makes_a_key_shown_once_and_listed_without_it(client, login, app):
    made = make_key(client, login, scopes=["applications:write", "applications:read"])
    assert made["key"].startswith("hk_") and made["key"].startswith(made["prefix"] + "_")
    assert len(made["key"]) > 50 and made["scopes"] == ["applications:write", "applications:read"]
    listed = client.get("/api/v1/admin/api-keys", headers=login("manager")).get_json()
    assert [k["prefix"] for k in listed] == [made["prefix"]]
    assert set(listed[0]) >= {"id", "name", "prefix", "scopes", "created_at", "last_used_at", "revoked"}
    assert "key" not in listed[0] and "key_hash" not in listed[0] and made["key"] not in str(listed)
    session = db_session(app)
    row = session.scalar(select(ApiKey))
    assert row.key_hash != made["key"] and len(row.key_hash) == 64
    session.close()
    # bad requests name their field
    assert error(client.post("/api/v1/admin/api-keys", json={"name": "x", "scopes": ["everything"]},
                             headers=login("manager")), 400)["error"]["code"] == "unknown_scope"
    assert error(client.post("/api/v1/admin/api-keys", json={"name": "x", "scopes": []},
                             headers=login("manager")), 400)["error"]["code"] == "invalid_field"
    assert error(client.post("/api/v1/admin/api-keys", json={"scopes": ["applications:write"]},
                             headers=login("manager")), 400)["field"] == "name"
    assert client.post("/api/v1/admin/api-keys", json={"name": "x", "scopes": ["applications:write"]},
                       headers=login("staff02")).status_code == 403


def test_making_and_revoking_keys_is_audited(client, login):
    manager = login("manager")
    made = make_key(client, login, headers=manager)
    assert client.delete(f"/api/v1/admin/api-keys/{made['id']}", headers=manager).get_json()["revoked"] is True
    assert error(client.delete("/api/v1/admin/api-keys/999", headers=manager), 404)["error"]["code"] == \
        "api_key_not_found"
    entries = [(e["username"], e["method"], e["path"], e["status"])
               for e in client.get("/api/v1/audit", headers=manager).get_json()]
    assert entries[:3] == [("manager", "DELETE", "/api/v1/admin/api-keys/999", 404),
                           ("manager", "DELETE", f"/api/v1/admin/api-keys/{made['id']}", 200),
                           ("manager", "POST", "/api/v1/admin/api-keys", 200)]


def test_an_application_is_pre_reviewed_and_kept_masked(client, login, key, app):
    sent = send(client, key)
    assert sent.status_code == 201, sent.get_json()
    body = sent.get_json()
    assert body["status"] == "pre_review" and body["application_no"].startswith("XINLWS")
    shown = client.get(f"/api/v1/applications/{body['application_no']}", headers=key).get_json()
    assert shown["status"] == "pre_review" and shown["item_code"] == ITEM and shown["case_no"] is None
    assert shown["applicant"]["name"] == "张三"
    assert shown["applicant"]["id_number"] != APPLICANT["id_number"] and "*" in shown["applicant"]["id_number"]
    assert shown["applicant"]["phone"] == "138****8000"
    assert [m["code"] for m in shown["materials"]] == ALL
    session = db_session(app)
    row = session.scalar(select(Application))
    assert APPLICANT["id_number"] not in str(row.model_dump()) and APPLICANT["phone"] not in str(row.model_dump())
    assert session.get(ApiKey, row.api_key_id).last_used_at is not None
    session.close()
    # the window reads it too
    assert client.get(f"/api/v1/applications/{body['application_no']}", headers=login("staff02")).status_code == 200
    assert error(client.get("/api/v1/applications/NOPE", headers=key), 404)["error"]["code"] == "application_not_found"


def test_a_wrong_or_inactive_item_and_bad_materials_get_422_with_a_code(client, key, app):
    assert error(send(client, key, item="NOSUCH"), 422)["error"]["code"] == "unknown_item"
    unknown = error(send(client, key, materials=ALL + ["M99"]), 422)
    assert unknown["error"]["code"] == "unknown_material" and unknown["unknown"] == ["M99"]
    missing = error(send(client, key, materials=["M01", "M03"]), 422)
    assert missing["error"]["code"] == "missing_materials" and missing["missing"] == ["M02", "M04", "M05"]
    assert "M02" in missing["error"]["message"]
    assert error(send(client, key, applicant={**APPLICANT, "id_number": "110101199001011230"}), 400)["field"] \
        == "applicant.id_number"
    assert error(send(client, key, external_no=""), 400)["field"] == "external_no"
    session = db_session(app)
    session.scalar(select(Item).where(Item.code == ITEM)).active = False
    session.commit()
    session.close()
    assert error(send(client, key), 422)["error"]["code"] == "item_inactive"
    session = db_session(app)
    assert session.scalar(select(Application)) is None     # nothing refused was kept
    session.close()


def test_the_same_external_no_twice_is_409(client, key):
    first = send(client, key).get_json()
    again = error(send(client, key), 409)
    assert again["error"]["code"] == "duplicate_external_no"
    assert again["application_no"] == first["application_no"]
    assert send(client, key, external_no="YWTB-2026-0002").status_code == 201


def test_the_window_accepts_it_with_the_online_materials_once(client, login, key, app):
    no = send(client, key).get_json()["application_no"]
    desk = make_desk(client, login, 2)
    accepted = client.post("/api/v1/cases", headers=desk.headers,
                           json={"ticket_id": desk.ticket_id, "application_no": no, "materials": []})
    assert accepted.status_code == 201, accepted.get_json()
    case = accepted.get_json()
    assert case["application_no"] == no and case["item"] == ITEM and case["materials"] == ALL
    shown = client.get(f"/api/v1/applications/{no}", headers=key).get_json()
    assert shown["status"] == "accepted" and shown["case_no"] == case["case_no"]
    full = client.get(f"/api/v1/cases/{case['case_no']}", headers=desk.headers).get_json()
    assert full["applicant"]["name"] == "张三" and full["application_no"] == no
    assert any(s["name"] == "网上申请受理" for s in full["steps"])
    # a second acceptance, at the next ticket, is refused and names the case
    desk2 = make_desk(client, login, 2)
    again = error(client.post("/api/v1/cases", headers=desk2.headers,
                              json={"ticket_id": desk2.ticket_id, "application_no": no}), 409)
    assert again["error"]["code"] == "application_already_accepted" and again["case_no"] == case["case_no"]
    session = db_session(app)
    assert session.scalar(select(Case).where(Case.application_no == no)).applicant_id_hash
    session.close()


def test_at_the_window_the_applicant_must_be_the_same_person(client, login, key):
    no = send(client, key).get_json()["application_no"]
    desk = make_desk(client, login, 2)
    other = {**APPLICANT, "id_number": make_id("11010519491231002")}
    wrong = error(client.post("/api/v1/cases", headers=desk.headers,
                              json={"ticket_id": desk.ticket_id, "application_no": no, "applicant": other}), 422)
    assert wrong["error"]["code"] == "applicant_mismatch"
    mismatch = error(client.post("/api/v1/cases", headers=desk.headers,
                                 json={"ticket_id": desk.ticket_id, "application_no": no, "item_code": "SCJG001"}),
                     422)
    assert mismatch["error"]["code"] == "application_item_mismatch"
    same = client.post("/api/v1/cases", headers=desk.headers,
                       json={"ticket_id": desk.ticket_id, "application_no": no, "applicant": APPLICANT,
                             "item_code": ITEM})
    assert same.status_code == 201, same.get_json()
    assert error(client.post("/api/v1/cases", headers=desk.headers,
                             json={"ticket_id": desk.ticket_id, "application_no": "XINLWS000"}), 404)["error"][
        "code"] == "application_not_found"


def test_two_windows_accepting_one_application_at_once_make_one_case(app, client, login, key):
    import threading
    desks = [make_desk(client, login, 2), make_desk(client, login, 3)]
    for _round in range(2):
        no = send(client, key, external_no=f"YWTB-TWO-{_round}").get_json()["application_no"]
        barrier = threading.Barrier(2)
        answers = []

        def press(desk):
            own = app.test_client()
            barrier.wait()
            answers.append(own.post("/api/v1/cases", headers=desk.headers,
                                    json={"ticket_id": desk.ticket_id, "application_no": no}))
        threads = [threading.Thread(target=press, args=(d,)) for d in desks]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert sorted(a.status_code for a in answers) == [201, 409], [a.get_json() for a in answers]
        assert next(a for a in answers if a.status_code == 409).get_json()["error"]["code"] == \
            "application_already_accepted"
        session = db_session(app)
        assert len(session.scalars(select(Case).where(Case.application_no == no)).all()) == 1
        session.close()
        desks = [make_desk(client, login, 2), make_desk(client, login, 3)]   # the next citizens


def test_the_openapi_description_names_the_key_and_its_endpoints(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["components"]["securitySchemes"]["api_key"] == {
        "type": "apiKey", "in": "header", "name": "Authorization",
        "description": "ApiKey <密钥>：POST /admin/api-keys 创建时显示一次"}
    post = spec["paths"]["/applications"]["post"]
    assert post["security"] == [{"api_key": []}]
    assert set(post["requestBody"]["content"]["application/json"]["schema"]["properties"]) == {
        "item_code", "applicant", "materials", "external_no"}
    assert spec["paths"]["/applications/{application_no}"]["get"]["security"] == [{"bearer": []}, {"api_key": []}]
    assert spec["paths"]["/admin/api-keys"]["post"]["security"] == [{"bearer": []}]
    assert "delete" in spec["paths"]["/admin/api-keys/{key_id}"]
    assert "application_no" in spec["paths"]["/cases"]["post"]["requestBody"]["content"]["application/json"][
        "schema"]["properties"]
