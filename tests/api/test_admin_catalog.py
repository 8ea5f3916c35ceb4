"""The catalog's admin API (管理后台): managers set up their hall, admins any hall; every
validation error answers a Chinese message and a stable code; deleting something in use
deactivates it and keeps the history; every write is audited and reaches open kiosks."""
import pytest

from tests.api.test_live_events import received
from tests.api.test_windows import take

A = "/api/v1/admin"
ITEM = {"code": "new-item", "name": "食品经营许可证补办", "department": "scjg", "kind": "committed",
        "queue": "business", "legal_days": 20, "promised_days": 5, "fee": "免费", "fee_basis": "",
        "basis": "《食品经营许可管理办法》", "conditions": "许可证遗失或损毁", "steps": ["申请", "受理", "审核", "发证"],
        "materials": [{"code": "m1", "name": "补办申请书", "required": True, "form": "original", "copies": 1},
                      {"code": "m2", "name": "营业执照", "required": False, "form": "copy", "copies": 2}]}


@pytest.fixture
def manager(login):
    return login("manager")


def error(response, status):
    assert response.status_code == status, response.get_json()
    body = response.get_json()
    assert body["error"]["message"]          # a Chinese sentence for the admin
    return body["error"]["code"], body.get("field")


def test_a_manager_sets_up_department_queue_window_and_item_and_a_citizen_takes_a_ticket(client, manager):
    assert client.post(f"{A}/departments", json={"code": "tyj", "name": "区体育局"}, headers=manager).status_code == 201
    queue = client.post(f"{A}/queues", json={"code": "sport", "prefix": "H", "name": "体育事务", "daily_cap": 50},
                        headers=manager)
    assert queue.status_code == 201
    assert queue.get_json() == {"code": "sport", "prefix": "H", "name": "体育事务", "daily_cap": 50,
                                "default_service_minutes": 6.0, "opens_at": "08:30", "closes_at": "17:30",
                                "active": True}
    window = client.post(f"{A}/windows", json={"number": 30, "name": "体育窗口", "department": "tyj",
                                               "queues": ["sport", "consult"]}, headers=manager)
    assert window.get_json() == {"number": 30, "name": "体育窗口", "department": "tyj",
                                 "queues": ["sport", "consult"], "active": True, "elderly_first": False}
    item = client.post(f"{A}/items", json={**ITEM, "department": "tyj", "queue": "sport"}, headers=manager)
    assert item.status_code == 201, item.get_json()
    body = item.get_json()
    assert body["materials"][1] == {"code": "m2", "name": "营业执照", "required": False, "form": "copy",
                                    "copies": 2, "sample": "", "guidance": ""}
    assert body["steps"] == ["申请", "受理", "审核", "发证"] and body["joint"] is None
    # the public catalog shows it at once, and a citizen takes a ticket for it
    public = client.get("/api/v1/items/new-item").get_json()
    assert public["department"] == "区体育局" and public["materials"][0]["form"] == "原件"
    assert [w for w in client.get("/api/v1/windows").get_json() if w["number"] == 30][0]["department"] == "区体育局"
    ticket = client.post("/api/v1/tickets", json={"item_code": "new-item"})
    assert ticket.status_code == 201 and ticket.get_json()["number"] == "H001"
    lists = [client.get(f"{A}/{name}", headers=manager).get_json() for name in ("departments", "queues", "windows", "items")]
    assert {"code": "tyj", "name": "区体育局", "short_name": "", "active": True} in lists[0]
    assert any(w["number"] == 30 for w in lists[2]) and any(i["code"] == "new-item" for i in lists[3])


def test_every_write_is_audited_and_bumps_the_catalog_version(client, manager, app):
    from tests.conftest import db_session
    from hall.catalog.models import Hall
    session = db_session(app)
    before = session.query(Hall).filter_by(code="xinlin").one().catalog_version
    session.close()
    client.put(f"{A}/departments/scjg", json={"name": "区市场监管局"}, headers=manager)
    session = db_session(app)
    assert session.query(Hall).filter_by(code="xinlin").one().catalog_version > before
    session.close()
    entries = client.get("/api/v1/audit", headers=manager).get_json()
    assert (entries[0]["username"], entries[0]["method"], entries[0]["path"], entries[0]["status"]) == \
        ("manager", "PUT", "/api/v1/admin/departments/scjg", 200)
    assert "区市场监管局" in {i["department"] for i in client.get("/api/v1/items").get_json()}


def test_only_managers_and_admins_and_only_their_hall(client, login):
    assert client.get(f"{A}/departments").status_code == 401
    assert error(client.get(f"{A}/departments", headers=login("staff03")), 403)[0] == "wrong_role"
    town = client.get(f"{A}/departments", headers={**login("admin"), "X-Hall": "xinlin-zhen"}).get_json()
    district = client.get(f"{A}/departments", headers=login("admin")).get_json()
    assert {d["code"] for d in town} != {d["code"] for d in district}
    # a manager asking for another hall still works on their own
    own = client.get(f"{A}/departments", headers={**login("manager"), "X-Hall": "xinlin-zhen"}).get_json()
    assert own == district


@pytest.mark.parametrize("path,body,status,code,field", [
    ("departments", {"code": "scjg", "name": "重复"}, 409, "duplicate_code", "code"),
    ("departments", {"code": "x y", "name": "坏编码"}, 400, "invalid_code", "code"),
    ("departments", {"code": "abc"}, 400, "missing_field", "name"),
    ("queues", {"code": "business", "prefix": "Z", "name": "重复编码"}, 409, "duplicate_code", "code"),
    ("queues", {"code": "fresh", "prefix": "A", "name": "重复前缀"}, 409, "duplicate_prefix", "prefix"),
    ("queues", {"code": "fresh", "prefix": "甲", "name": "坏前缀"}, 400, "invalid_prefix", "prefix"),
    ("queues", {"code": "fresh", "prefix": "Q", "name": "坏时间", "opens_at": "17:00", "closes_at": "09:00"}, 400,
     "invalid_hours", "closes_at"),
    ("windows", {"number": 1, "name": "重复", "queues": ["business"]}, 409, "duplicate_number", "number"),
    ("windows", {"number": 40, "name": "未知队列", "queues": ["nowhere"]}, 422, "unknown_queue", "queues"),
    ("windows", {"number": 40, "name": "未知部门", "department": "nobody", "queues": ["business"]}, 422,
     "unknown_department", "department"),
    ("windows", {"number": 40, "name": "无队列", "queues": []}, 400, "missing_field", "queues"),
    ("items", {**ITEM, "promised_days": 30}, 422, "promised_exceeds_legal", "promised_days"),
    ("items", {**ITEM, "kind": "joint"}, 422, "joint_without_reviewers", "joint"),
    ("items", {**ITEM, "kind": "joint", "joint": {"lead": "scjg", "reviewers": []}}, 422,
     "joint_without_reviewers", "joint.reviewers"),
    ("items", {**ITEM, "department": "nobody"}, 422, "unknown_department", "department"),
    ("items", {**ITEM, "queue": "nowhere"}, 422, "unknown_queue", "queue"),
    ("items", {**ITEM, "kind": "joint", "joint": {"lead": "scjg", "reviewers": [{"department": "nobody", "days": 3}]}},
     422, "unknown_department", "joint.reviewers"),
    ("items", {**ITEM, "kind": "sometimes"}, 400, "invalid_kind", "kind"),
    ("items", {**ITEM, "materials": [{"code": "m1", "name": "x", "form": "photo"}]}, 400, "invalid_form",
     "materials.form"),
    ("items", {**ITEM, "materials": [ITEM["materials"][0], ITEM["materials"][0]]}, 409, "duplicate_material",
     "materials"),
])
def test_validation_errors(client, manager, path, body, status, code, field):
    assert error(client.post(f"{A}/{path}", json=body, headers=manager), status) == (code, field)


def test_duplicate_item_code_and_update_errors(client, manager):
    assert client.post(f"{A}/items", json=ITEM, headers=manager).status_code == 201
    assert error(client.post(f"{A}/items", json=ITEM, headers=manager), 409) == ("duplicate_code", "code")
    assert error(client.put(f"{A}/items/new-item", json={"promised_days": 21}, headers=manager), 422)[0] == \
        "promised_exceeds_legal"
    assert error(client.put(f"{A}/queues/tax", json={"prefix": "A"}, headers=manager), 409)[0] == "duplicate_prefix"
    assert error(client.put(f"{A}/windows/1", json={"queues": ["nowhere"]}, headers=manager), 422)[0] == "unknown_queue"
    assert error(client.put(f"{A}/items/nothing", json={}, headers=manager), 404)[0] == "item_not_found"
    assert error(client.delete(f"{A}/windows/99", headers=manager), 404)[0] == "window_not_found"


def test_a_joint_item_with_reviewers(client, manager):
    joint = {**ITEM, "kind": "joint", "joint": {"lead": "scjg", "reviewers": [{"department": "wjj", "days": 7}]}}
    body = client.post(f"{A}/items", json=joint, headers=manager).get_json()
    assert body["joint"] == {"lead": "scjg", "reviewers": [{"department": "wjj", "days": 7, "deemed_consent": False}]}
    assert client.get("/api/v1/items/new-item").get_json()["joint"]["co"][0]["department"] == "wjj"


def test_deleting_what_is_in_use_deactivates_it_and_keeps_history(client, manager, login):
    assert client.post(f"{A}/items", json=ITEM, headers=manager).status_code == 201
    ticket = client.post("/api/v1/tickets", json={"item_code": "new-item"}).get_json()
    gone = client.delete(f"{A}/items/new-item", headers=manager)
    assert gone.status_code == 200 and gone.get_json()["active"] is False and gone.get_json()["deleted"] is False
    assert "new-item" not in {i["code"] for i in client.get("/api/v1/items").get_json()}
    assert error(client.post("/api/v1/tickets", json={"item_code": "new-item"}), 404)[0] == "item_not_found"
    # the old ticket still names its item; the admin still lists it, inactive, and can restore it
    assert client.get(f"/api/v1/tickets/by-token/{ticket['token']}").status_code == 200
    listed = [i for i in client.get(f"{A}/items", headers=manager).get_json() if i["code"] == "new-item"]
    assert listed[0]["active"] is False
    assert client.put(f"{A}/items/new-item", json={"active": True}, headers=manager).get_json()["active"] is True
    assert "new-item" in {i["code"] for i in client.get("/api/v1/items").get_json()}
    # a window that has served tickets: deactivated, gone from the public list
    headers = login("staff01")
    assert client.post("/api/v1/windows/1/sign-in", headers=headers).status_code == 200
    assert error(client.delete(f"{A}/windows/1", headers=manager), 409)[0] == "window_in_service"
    take(client, "business")
    called = client.post("/api/v1/windows/1/call-next", headers=headers).get_json()["ticket"]
    assert client.post(f"/api/v1/tickets/{called['id']}/no-show", headers=headers).status_code == 200
    assert client.post("/api/v1/windows/1/sign-out", headers=headers).status_code == 200
    assert client.delete(f"{A}/windows/1", headers=manager).get_json()["deleted"] is False
    assert 1 not in {w["number"] for w in client.get("/api/v1/windows").get_json()}
    # a department nobody uses is removed outright
    client.post(f"{A}/departments", json={"code": "tmp", "name": "临时"}, headers=manager)
    assert client.delete(f"{A}/departments/tmp", headers=manager).get_json()["deleted"] is True
    assert "tmp" not in {d["code"] for d in client.get(f"{A}/departments", headers=manager).get_json()}
    # a queue in use disappears from the public list
    client.delete(f"{A}/queues/consult", headers=manager)
    assert "consult" not in {q["code"] for q in client.get("/api/v1/queues").get_json()}


def test_a_catalog_change_reaches_open_kiosks(client, manager, socket_client):
    kiosk = socket_client("display")
    received(kiosk, "state")
    assert client.post(f"{A}/items", json=ITEM, headers=manager).status_code == 201
    assert {"what": "item", "code": "new-item"} in received(kiosk, "catalog_changed")
    client.put(f"{A}/windows/2", json={"name": "改名窗口"}, headers=manager)
    assert any(w["name"] == "改名窗口" for w in received(kiosk, "window_changed"))


def test_admins_create_halls_at_three_levels(client, login):
    admin = login("admin")
    assert error(client.post(f"{A}/halls", json={"code": "x", "name": "x"}, headers=login("manager")), 403)[0] == \
        "wrong_role"
    county = client.post(f"{A}/halls", json={"code": "tahe", "name": "塔河县政务服务中心", "level": "county",
                                             "parent": "xinlin"}, headers=admin)
    assert county.status_code == 201, county.get_json()
    assert county.get_json()["parent"] == "xinlin" and county.get_json()["level"] == "county"
    assert error(client.post(f"{A}/halls", json={"code": "tahe", "name": "重复", "level": "city"}, headers=admin),
                 409)[0] == "duplicate_code"
    assert error(client.post(f"{A}/halls", json={"code": "t2", "name": "镇", "level": "township"}, headers=admin),
                 400) == ("missing_field", "parent")
    assert error(client.post(f"{A}/halls", json={"code": "t2", "name": "镇", "level": "township", "parent": "xinlin"},
                             headers=admin), 422)[0] == "wrong_parent_level"
    assert error(client.post(f"{A}/halls", json={"code": "t2", "name": "镇", "level": "province"}, headers=admin),
                 400)[0] == "invalid_level"
    town = client.post(f"{A}/halls", json={"code": "t2", "name": "某镇", "level": "township", "parent": "tahe"},
                       headers=admin)
    assert town.status_code == 201
    assert {"tahe", "t2"} <= {h["code"] for h in client.get(f"{A}/halls", headers=admin).get_json()}
    # the new hall is set up by the admin asking for it
    assert client.post(f"{A}/departments", json={"code": "mz", "name": "民政办"},
                       headers={**admin, "X-Hall": "t2"}).status_code == 201


def test_a_limit_over_fifteen_working_days_needs_a_recorded_reason(client, manager):
    long = {**ITEM, "code": "long-item", "legal_days": 60, "promised_days": 20}
    assert error(client.post(f"{A}/items", json=long, headers=manager), 422) == ("limit_reason_required",
                                                                                "limit_reason")
    made = client.post(f"{A}/items", json={**long, "limit_reason": "需组织专家现场评审"}, headers=manager)
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["limit_reason"] == "需组织专家现场评审"
    # a joint item may take 30 working days without a reason, not 31
    joint = {**ITEM, "code": "joint-long", "kind": "joint", "legal_days": 60, "promised_days": 31,
             "joint": {"lead": "scjg", "reviewers": [{"department": "zjj", "days": 5}]}}
    assert error(client.post(f"{A}/items", json=joint, headers=manager), 422)[0] == "limit_reason_required"
    assert client.post(f"{A}/items", json={**joint, "promised_days": 30}, headers=manager).status_code == 201
