"""GET /calendar/add-working-days and the managers' override table."""


def add(client, start, days):
    return client.get("/api/v1/calendar/add-working-days", query_string={"start": start, "days": days})


def test_add_working_days_applies_holidays_and_make_up_days(client):
    assert add(client, "2025-09-30", 5).get_json() == {"date": "2025-10-14"}
    assert add(client, "2026-02-13", 1).get_json() == {"date": "2026-02-14"}


def test_bad_calendar_input_is_400_in_chinese(client):
    for start, days, code in (("2025-13-01", 1, "invalid_date"), ("x", 1, "invalid_date"),
                              ("2025-09-30", -1, "invalid_field"), ("2025-09-30", "abc", "invalid_field")):
        response = add(client, start, days)
        assert response.status_code == 400
        assert response.get_json()["error"]["code"] == code


def test_a_managers_override_changes_deadlines_computed_after_it(client, login):
    assert add(client, "2026-12-31", 1).get_json() == {"date": "2027-01-01", "provisional": True}   # 2027 not yet announced
    staff = login("staff01")
    assert client.put("/api/v1/calendar/overrides/2027-01-01", json={"is_workday": False},
                      headers=staff).status_code == 403
    manager = login("manager")
    response = client.put("/api/v1/calendar/overrides/2027-01-01", json={"is_workday": False, "note": "元旦"},
                          headers=manager)
    assert response.status_code == 200
    assert add(client, "2026-12-31", 1).get_json() == {"date": "2027-01-04", "provisional": True}   # one day overridden, the year still unknown
    assert client.get("/api/v1/calendar/overrides").get_json() == [
        {"date": "2027-01-01", "is_workday": False, "note": "元旦"}]
    assert client.delete("/api/v1/calendar/overrides/2027-01-01", headers=manager).status_code == 200
    assert add(client, "2026-12-31", 1).get_json() == {"date": "2027-01-01", "provisional": True}
    missing = client.put("/api/v1/calendar/overrides/2027-01-02", json={}, headers=manager)
    assert missing.status_code == 400
    assert missing.get_json()["error"]["code"] == "missing_field"
