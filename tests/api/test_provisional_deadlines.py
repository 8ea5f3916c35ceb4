"""Provisional deadlines: a case counted over a year nobody has entered the holidays of says
so (case view, progress page), the managers are alerted at acceptance, and entering the
year (``PUT /calendar/years/<yyyy>``) counts every such open case again, with a step.

The clock is set explicitly: the case is accepted in late December of the last year
chinesecalendar knows, so that its 10 working days run into the first year it does not."""
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from hall.calendar.workdays import WorkdayCalendar, library_knows, library_years
from tests.api.test_cases import make_desk
from tests.conftest import both_databases

pytestmark = both_databases
ZONE = ZoneInfo("Asia/Shanghai")
UNKNOWN = max(library_years()) + 1          # the first year chinesecalendar does not know
assert not library_knows(UNKNOWN)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), ZONE)


def late_december() -> date:
    """The first working day from 21 December of the last known year: + 10 working days
    runs into ``UNKNOWN``."""
    return WorkdayCalendar().next_workday(date(UNKNOWN - 1, 12, 21))


@pytest.fixture
def clock(monkeypatch):
    """clock(moment): the cases service's time from now on."""
    def _set(moment: datetime):
        monkeypatch.setattr("hall.cases.service.utcnow", lambda: moment.astimezone(ZoneInfo("UTC")))
    return _set


def progress(client, case):
    return client.get(f"/api/v1/cases/{case['case_no']}/progress",
                      query_string={"query_code": case["query_code"]}).get_json()


def test_a_case_over_an_unknown_year_is_provisional_and_the_managers_hear_it(
        client, login, clock, socket_client, database):
    manager = socket_client("manager", token=login("manager")["Authorization"][7:])
    manager.get_received()
    clock(at(late_december()))
    desk = make_desk(client, login, 2)
    case = desk.accept().get_json()
    assert date.fromisoformat(case["deadline"]).year == UNKNOWN
    assert case["provisional"] is True
    shown = client.get(f"/api/v1/cases/{case['case_no']}", headers=desk.headers).get_json()
    assert shown["provisional"] is True
    assert progress(client, case)["provisional"] is True
    alerts = [m["args"][0] for m in manager.get_received() if m["name"] == "alert"]
    assert [(a["kind"], a["case_no"], a["years"]) for a in alerts] == [
        ("provisional_deadline", case["case_no"], [UNKNOWN])]
    assert f"{UNKNOWN}年" in alerts[0]["message"] and "暂定" in alerts[0]["message"]


def test_a_case_inside_known_years_is_not_provisional_and_raises_no_alert(
        client, login, clock, socket_client, database):
    manager = socket_client("manager", token=login("manager")["Authorization"][7:])
    manager.get_received()
    clock(at(WorkdayCalendar().next_workday(date(UNKNOWN - 1, 6, 1))))
    case = make_desk(client, login, 2).accept().get_json()
    assert case["provisional"] is False
    assert progress(client, case)["provisional"] is False
    assert not [m for m in manager.get_received() if m["name"] == "alert"]


def test_entering_the_year_recomputes_every_open_provisional_deadline_with_a_step(
        client, login, clock, socket_client, database):
    accepted = late_december()
    clock(at(accepted))
    provisional = make_desk(client, login, 2).accept().get_json()
    old = date.fromisoformat(provisional["deadline"])
    # the notice: 1 January off and a make-up Saturday that is not in the span
    first_days_off = [date(UNKNOWN, 1, 1) + timedelta(days=i) for i in range(3)]
    manager_headers = login("manager")
    manager = socket_client("manager", token=manager_headers["Authorization"][7:])
    manager.get_received()
    answer = client.put(f"/api/v1/calendar/years/{UNKNOWN}", headers=manager_headers, json={
        "holidays": [d.isoformat() for d in first_days_off], "workdays": [f"{UNKNOWN}-02-20"]})
    assert answer.status_code == 200, answer.get_json()
    expected = WorkdayCalendar(years={UNKNOWN: (frozenset(first_days_off), frozenset({date(UNKNOWN, 2, 20)}))}
                               ).add_working_days(accepted, 10)
    assert expected != old
    after = progress(client, provisional)
    assert (after["deadline"], after["provisional"]) == (expected.isoformat(), False)
    step = after["steps"][-1]
    assert step["name"] == "办理期限重新计算"
    assert old.isoformat() in step["detail"] and expected.isoformat() in step["detail"]
    alerts = [m["args"][0] for m in manager.get_received() if m["name"] == "alert"]
    assert [(a["kind"], a["year"], a["cases"], a["moved"]) for a in alerts] == [
        ("deadlines_recomputed", UNKNOWN, 1, 1)]
    # entering the same notice again moves nothing and writes no second step
    again = client.put(f"/api/v1/calendar/years/{UNKNOWN}", headers=manager_headers, json={
        "holidays": [d.isoformat() for d in first_days_off], "workdays": [f"{UNKNOWN}-02-20"]})
    assert again.status_code == 200
    assert len(progress(client, provisional)["steps"]) == len(after["steps"])


def test_a_year_entered_without_changes_to_the_span_settles_the_deadline(client, login, clock, database):
    accepted = late_december()
    clock(at(accepted))
    case = make_desk(client, login, 2).accept().get_json()
    # a notice whose days are all after the deadline: the same date, no longer provisional
    answer = client.put(f"/api/v1/calendar/years/{UNKNOWN}", headers=login("manager"),
                        json={"holidays": [f"{UNKNOWN}-10-01"], "workdays": []})
    assert answer.status_code == 200
    after = progress(client, case)
    assert (after["deadline"], after["provisional"]) == (case["deadline"], False)
    assert after["steps"][-1]["name"] == "办理期限重新计算"
    assert "确定" in after["steps"][-1]["detail"]


def test_the_years_list_says_where_each_year_comes_from(client, login, database):
    years = client.get("/api/v1/calendar/years").get_json()
    assert years[0]["year"] == UNKNOWN - 1 and years[0]["source"] == "library"
    assert UNKNOWN not in [y["year"] for y in years]
    missing = client.get(f"/api/v1/calendar/years/{UNKNOWN}")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "year_not_known"
    assert client.put(f"/api/v1/calendar/years/{UNKNOWN}", headers=login("manager"),
                      json={"holidays": [f"{UNKNOWN}-01-01"], "workdays": []}).status_code == 200
    years = client.get("/api/v1/calendar/years").get_json()
    entered = years[0]
    assert (entered["year"], entered["source"], entered["holidays"], entered["in_library"]) == (
        UNKNOWN, "entered", [f"{UNKNOWN}-01-01"], False)
    assert entered["entered_by"] and entered["entered_at"]
    one = client.get(f"/api/v1/calendar/years/{UNKNOWN - 1}").get_json()
    assert one["source"] == "library" and one["holidays"] and f"{UNKNOWN - 1}-01-01" in one["holidays"]


def test_a_year_that_cannot_be_is_400_not_a_crash(client, database):
    for year in (0, 1899, 9999):
        answer = client.get(f"/api/v1/calendar/years/{year}")
        assert answer.status_code == 400, year
        assert answer.get_json()["error"]["code"] == "invalid_year"


def test_a_joint_cases_departments_are_counted_again_too(client, login, clock, database):
    from tests.api.test_joint_review import JOINT, MATERIALS
    accepted = late_december()
    clock(at(accepted))
    desk = make_desk(client, login, 2)
    case = desk.accept(item=JOINT, materials=MATERIALS).get_json()
    assert case["provisional"] is True
    before = {r["dept_code"]: r["deadline"] for r in
              client.get(f"/api/v1/cases/{case['case_no']}/reviews", headers=desk.headers).get_json()}
    days_off = [date(UNKNOWN, 1, 1) + timedelta(days=i) for i in range(7)]
    assert client.put(f"/api/v1/calendar/years/{UNKNOWN}", headers=login("manager"),
                      json={"holidays": [d.isoformat() for d in days_off]}).status_code == 200
    cal = WorkdayCalendar(years={UNKNOWN: (frozenset(days_off), frozenset())})
    after = {r["dept_code"]: r["deadline"] for r in
             client.get(f"/api/v1/cases/{case['case_no']}/reviews", headers=desk.headers).get_json()}
    assert after == {"scjg": cal.add_working_days(accepted, 10).isoformat(),
                     "wjj": cal.add_working_days(accepted, 7).isoformat()}
    assert after != before
    assert progress(client, case)["provisional"] is False
