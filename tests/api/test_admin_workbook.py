"""The catalog as an .xlsx workbook: export → import gives the same catalog, a wrong row is
named by sheet, row and field, and nothing is written while any row is wrong."""
import io

import pytest
from openpyxl import load_workbook

A = "/api/v1/admin"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LISTS = ("departments", "queues", "windows", "items")


@pytest.fixture
def admin(login):
    return login("admin")


def catalog(client, headers):
    return {name: client.get(f"{A}/{name}", headers=headers).get_json() for name in LISTS}


def book_bytes(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_export_then_import_into_a_new_hall_gives_the_same_catalog(client, admin):
    exported = client.get(f"{A}/export.xlsx", headers=admin)
    assert exported.status_code == 200 and exported.mimetype == XLSX
    book = load_workbook(io.BytesIO(exported.data))
    assert book.sheetnames == ["部门", "队列", "窗口", "事项", "材料", "人员"]
    assert [c.value for c in book["部门"][1]][:2] == ["部门编码", "部门名称"]
    del book["人员"]          # user names are the deployment's: the accounts stay in their own hall
    assert client.post(f"{A}/halls", json={"code": "copy", "name": "副本中心", "level": "city"},
                       headers=admin).status_code == 201
    new_hall = {**admin, "X-Hall": "copy"}
    answer = client.post(f"{A}/import", data=book_bytes(book), content_type=XLSX, headers=new_hall).get_json()
    assert answer["errors"] == [] and answer["updated"] == 0 and answer["written"] is True
    original = catalog(client, admin)
    assert answer["created"] == sum(len(rows) for rows in original.values())
    assert catalog(client, new_hall) == original
    # importing the same workbook again changes nothing and says so
    again = client.post(f"{A}/import", data=book_bytes(book), content_type=XLSX, headers=new_hall).get_json()
    assert again["created"] == 0 and again["updated"] == answer["created"] and again["errors"] == []
    assert catalog(client, new_hall) == original
    # and the new hall's kiosk lists the imported items
    assert len(client.get("/api/v1/items?hall=copy").get_json()) == len(original["items"])


def test_a_workbook_with_five_wrong_rows_gives_five_errors_and_writes_nothing(client, admin):
    book = load_workbook(io.BytesIO(client.get(f"{A}/import-template.xlsx", headers=admin).data))
    book["部门"].append(["tyj", "区体育局", "体育", "是"])
    book["部门"].append(["scjg", "", "", "是"])                                           # row 4: no name
    book["队列"].append(["sport", "A", "体育事务", 50, 5, "08:30", "17:00", "是"])                          # row 3: prefix A taken
    book["窗口"].append([31, "体育窗口", "tyj", "business, nowhere", "是"])               # row 3: unknown queue
    book["事项"].append(["tyj-1", "体育赛事备案", "tyj", "承诺件", "business", "", 5, 9])  # row 3: promised > legal
    book["材料"].append(["tyj-1", "m1", "申请表", "是", "照片", 1])                        # row 3: bad form
    before = catalog(client, admin)
    for dry_run in ("?dry_run=1", ""):
        answer = client.post(f"{A}/import{dry_run}", data=book_bytes(book), content_type=XLSX, headers=admin)
        assert answer.status_code == 200
        errors = answer.get_json()["errors"]
        assert [(e["sheet"], e["row"], e["field"]) for e in errors] == [
            ("部门", 4, "部门名称"), ("队列", 3, "号码前缀"), ("窗口", 3, "业务队列（逗号分隔）"),
            ("事项", 3, "承诺时限（工作日）"), ("材料", 3, "材料形式")], errors
        assert all(e["message"] for e in errors) and answer.get_json()["written"] is False
        assert catalog(client, admin) == before                       # nothing written, not even tyj


def test_a_dry_run_of_a_good_workbook_counts_but_writes_nothing_then_the_import_writes(client, admin):
    book = load_workbook(io.BytesIO(client.get(f"{A}/import-template.xlsx", headers=admin).data))
    for name in ("窗口", "事项", "材料"):
        del book[name]
    book["部门"].append(["tyj", "区体育局", "体育", "是"])
    book["队列"].append(["sport", "H", "体育事务", 50, 5, "08:30", "17:00", "是"])
    data = book_bytes(book)
    dry = client.post(f"{A}/import?dry_run=1", data=data, content_type=XLSX, headers=admin).get_json()
    assert (dry["created"], dry["updated"], dry["errors"], dry["written"]) == (2, 2, [], False)  # the examples update
    assert "sport" not in {q["code"] for q in client.get("/api/v1/queues").get_json()}
    done = client.post(f"{A}/import", data=data, content_type=XLSX, headers=admin).get_json()
    assert done["written"] is True
    assert "sport" in {q["code"] for q in client.get("/api/v1/queues").get_json()}
    entries = client.get("/api/v1/audit", headers=admin).get_json()
    assert (entries[0]["method"], entries[0]["path"]) == ("POST", "/api/v1/admin/import")


def test_not_a_workbook_and_too_large(client, admin):
    bad = client.post(f"{A}/import", data=b"not a workbook", content_type=XLSX, headers=admin)
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "invalid_workbook"
    big = client.post(f"{A}/import", data=b"x" * (10 * 1024 * 1024 + 1), content_type=XLSX, headers=admin)
    assert big.status_code == 413
    assert client.post(f"{A}/import", data=b"x", content_type=XLSX).status_code == 401


def test_the_staff_sheet_round_trips_and_refuses_a_wrong_row(client, admin, login):
    manager = login("manager")
    book = load_workbook(io.BytesIO(client.get(f"{A}/export.xlsx", headers=manager).data))
    staff = book["人员"]
    headings = [c.value for c in staff[1]]
    assert headings[:3] == ["用户名", "姓名", "工号"]
    rows = {r[0].value: r for r in staff.iter_rows(min_row=2)}
    assert rows["staff03"][3].value == "window" and rows["staff03"][5].value == 3
    rows["staff03"][1].value = "王小三"
    staff.append(["li.new", "李新", "XL9902", "window", "scjg", 2, "是"])
    staff.append(["bad.one", "错部门", "XL9903", "window", "nowhere", "", "是"])
    answer = client.post(f"{A}/import", data=book_bytes(book), content_type=XLSX, headers=manager).get_json()
    assert [(e["sheet"], e["field"], e["code"]) for e in answer["errors"]] == [("人员", "所属部门", "unknown_department")]
    assert answer["written"] is False
    staff.delete_rows(staff.max_row)
    answer = client.post(f"{A}/import", data=book_bytes(book), content_type=XLSX, headers=manager).get_json()
    assert answer["errors"] == [] and answer["written"] is True
    accounts = {s["username"]: s for s in client.get(f"{A}/staff", headers=manager).get_json()}
    assert accounts["staff03"]["name"] == "王小三"
    assert accounts["li.new"]["department"] == "scjg" and accounts["li.new"]["must_change_password"] is True
    assert client.post("/api/v1/auth/login", json={"username": "li.new", "password": ""}).status_code in (400, 401)
