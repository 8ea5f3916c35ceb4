"""A hand-computed month (October 2026) checked to the digit, through the real services.

October 2026: Oct 1–7 off, Sat Oct 10 is a make-up working day → 18 working days.
Window 2 (staff02): 4 services on Oct 9 (waits 10/20/30/40 min, 5 min each), rated 5, 4, 2
and one left unrated; one case finished on time and one overdue (an accountability
record); late once (09:00 on Oct 13), absent once (Oct 20).
Window 3 (staff03): 2 services rated 5 and 5, present on time every working day.

Hand computation (weights 40/20/20/20):
  window 2: ratings 40 × 2/3 (rounded 0.6667) = 26.668; on time 20 × 1/2 = 10;
            attendance 20 × 17/18 − 2 × 1 = 16.8889; efficiency 20 × min(1, 4/3) = 20;
            deductions 5 (one accountability record) → 68.5569 → 68.56, 1 star (< 70)
  window 3: 40 + 20 (no case due) + 20 + 20 × 2/3 = 93.33 → 4 stars (≥ 90; 5 needs 95)
"""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from hall.auth.models import Staff
from hall.calendar.workdays import WorkdayCalendar
from hall.cases import service as cases
from hall.scheduler import sweep
from hall.web import current_hall
from hall.queueing import service as queueing
from hall.ratings.service import submit_rating
from tests.conftest import db_session
from tests.unit.test_case_rules import make_id

SHANGHAI = timezone(timedelta(hours=8))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 10, day, hour, minute, tzinfo=SHANGHAI).astimezone(timezone.utc)


@pytest.fixture
def october(app):
    session = db_session(app)
    with app.app_context():
        hall = current_hall(session)
        staff = {n: session.scalar(select(Staff).where(Staff.username == f"staff{n:02d}")) for n in (2, 3)}
        workdays = [d for d in range(1, 32) if WorkdayCalendar().is_workday(date(2026, 10, d))]
        assert len(workdays) == 18
        for day in workdays:
            for n in (2, 3):
                if n == 2 and day == 20:
                    continue                                   # absent
                start = at(day, 9, 0) if (n == 2 and day == 13) else at(day, 8, 30)
                queueing.sign_in(session, hall, n, staff[n], now=start)
                if n == 2 and day == 14:                       # a 30-minute pause
                    queueing.pause(session, hall, n, staff[n], "离岗", now=at(day, 10, 0))
                    queueing.resume(session, hall, n, staff[n], now=at(day, 10, 30))
                if day == 9:
                    serve_day(session, hall, n, staff[n])
                queueing.sign_out(session, hall, n, staff[n], now=at(day, 17, 30))
        session.commit()
    yield session
    session.close()


def serve_day(session, hall, n, staff):
    plan = {2: [(10, 5), (20, 4), (30, 2), (40, None)], 3: [(10, 5), (10, 5)]}[n]
    clock = at(9, 9, 0) if n == 2 else at(9, 14, 0)
    for wait, level in plan:
        ticket, _created, _position = queueing.issue_ticket(session, hall, queue_code="business", now=clock)
        called_at = clock + timedelta(minutes=wait)
        _closed, _token, called = queueing.call_next(session, hall, n, staff, now=called_at)
        assert called.id == ticket.id
        queueing.start(session, hall, ticket.id, staff, now=called_at)
        _ticket, token = queueing.finish(session, hall, ticket.id, staff, now=called_at + timedelta(minutes=5))
        if level:
            submit_rating(session, token, level, now=called_at + timedelta(minutes=6))
        clock = called_at + timedelta(minutes=6)
    if n == 2:   # two cases accepted on Oct 9: one finished on time, one left to run over
        for finish in (True, False):
            ticket, _created, _position = queueing.issue_ticket(session, hall, queue_code="business", now=clock)
            queueing.call_next(session, hall, n, staff, now=clock)
            case, _ = cases.accept_case(session, hall, staff, ticket_id=ticket.id, item_code="SCJG002",
                                        applicant=cases.Applicant("张三", make_id("23072219800101123"), "13800138000"),
                                        materials=["M01", "M02", "M03", "M04", "M05"], secret="s", now=clock)
            assert case.deadline.month == 10
            queueing.no_show(session, hall, ticket.id, staff, now=clock)   # not a service: leaves tallies alone
            if finish:
                cases.decide(session, hall, case.case_no, staff, "approve", "符合条件", now=clock)
                cases.complete(session, hall, case.case_no, staff, "ZZ-1", now=clock)
        sweep(session, hall, at(31, 12))


def test_every_indicator_and_star_score_of_the_month(client, login, october):
    rows = client.get("/api/v1/star-ratings", query_string={"month": "2026-10", "of": "window"},
                      headers=login("manager")).get_json()
    by = {r["window"]: r for r in rows}
    two, three = by[2], by[3]
    assert two["breakdown"]["indicators"] == {"services": 4, "好评率": 0.6667, "主动评价好评率": 0.6667,
                                              "未评价率": 0.25, "满意率": 0.6667, "按时办结率": 0.5, "办结率": 0.5,
                                              "平均等候分钟": 25.0, "平均办理分钟": 5.0, "暂停分钟": 30}
    assert {k: two["breakdown"][k] for k in ("ratings", "on_time", "attendance", "efficiency", "deductions")} == \
        {"ratings": 26.67, "on_time": 10.0, "attendance": 16.89, "efficiency": 20.0, "deductions": 5.0}
    assert (two["score"], two["stars"]) == (68.56, 1)
    assert three["breakdown"]["indicators"]["好评率"] == 1.0
    assert three["breakdown"]["indicators"]["未评价率"] == 0.0
    assert {k: three["breakdown"][k] for k in ("ratings", "on_time", "attendance", "efficiency", "deductions")} == \
        {"ratings": 40.0, "on_time": 20.0, "attendance": 20.0, "efficiency": 13.33, "deductions": 0.0}
    assert (three["score"], three["stars"]) == (93.33, 4)
    staff = {r["staff"]: r for r in client.get("/api/v1/star-ratings", query_string={"month": "2026-10", "of": "staff"},
                                               headers=login("manager")).get_json()}
    assert staff["XL0102"]["score"] == 68.56
    assert staff["XL0103"]["score"] == 93.33


def test_weights_change_before_closing_and_closing_freezes(client, login, october):
    manager = login("manager")
    bad = client.put("/api/v1/star-ratings/settings/2026-10", headers=manager, json={"weights": {"ratings": 50}})
    assert bad.status_code == 400
    assert bad.get_json()["error"]["code"] == "invalid_settings"
    ok = client.put("/api/v1/star-ratings/settings/2026-10", headers=manager,
                    json={"weights": {"ratings": 50, "efficiency": 10}, "thresholds": {"4": 93}})
    assert ok.status_code == 200
    by = {r["window"]: r for r in client.get("/api/v1/star-ratings", query_string={"month": "2026-10"},
                                             headers=manager).get_json()}
    assert by[3]["score"] == 96.67
    assert by[3]["stars"] == 5   # 50 + 20 + 20 + 10 × 2/3
    assert client.get("/api/v1/star-ratings", query_string={"month": "2026-10"}).status_code == 401
    assert client.post("/api/v1/star-ratings/2026-10/close", headers=manager).status_code == 200
    public = client.get("/api/v1/star-ratings", query_string={"month": "2026-10"}).get_json()
    assert {r["window"]: r["score"] for r in public}[3] == 96.67      # published once closed
    frozen = client.put("/api/v1/star-ratings/settings/2026-10", headers=manager, json={"weights": {"ratings": 40, "efficiency": 20}})
    assert frozen.status_code == 409
    assert frozen.get_json()["error"]["code"] == "month_closed"
    assert client.post("/api/v1/star-ratings/2026-10/close", headers=manager).status_code == 409


def test_display_shows_last_months_star_windows(client, login, october, socket_client):
    client.post("/api/v1/star-ratings/2026-10/close", headers=login("manager"))
    state = [m["args"][0] for m in socket_client("display").get_received() if m["name"] == "state"][0]
    assert [(w["window"], w["stars"]) for w in state["star_windows"]] == [(3, 4)]


def test_report_pdf_csv_and_xlsx(client, login, october, tmp_path):
    import subprocess
    manager = login("manager")
    pdf = client.get("/api/v1/star-ratings.pdf", query_string={"month": "2026-10"}, headers=manager)
    assert pdf.mimetype == "application/pdf"
    (tmp_path / "r.pdf").write_bytes(pdf.data)
    text = subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True).stdout
    assert "星级评比" in text
    assert "93.33" in text
    assert "68.56" in text
    csv = client.get("/api/v1/star-ratings.csv", query_string={"month": "2026-10"}, headers=manager).data.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("名次,对象,名称,得分")
    assert ",93.33," in csv
    xlsx = client.get("/api/v1/star-ratings.xlsx", query_string={"month": "2026-10"}, headers=manager)
    (tmp_path / "r.xlsx").write_bytes(xlsx.data)
    from openpyxl import load_workbook
    book = load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames == ["窗口", "工作人员"]
    assert book["窗口"]["D2"].value == "93.33"
    assert client.get("/api/v1/star-ratings", query_string={"month": "2026-13"}, headers=manager).status_code == 400


def test_indicators_per_department_and_item(client, login, october):
    manager = login("manager")
    by_dept = {r["department"]: r for r in client.get("/api/v1/indicators", query_string={
        "month": "2026-10", "of": "department"}, headers=manager).get_json()}
    assert by_dept["scjg"]["indicators"]["按时办结率"] == 0.5      # the two SCJG002 cases
    items = client.get("/api/v1/indicators", query_string={"month": "2026-10", "of": "item"}, headers=manager).get_json()
    assert [r["item"] for r in items] == ["SCJG002"]
    bad = client.get("/api/v1/indicators", query_string={"month": "2026-10", "of": "planet"}, headers=manager)
    assert bad.status_code == 400


def test_published_ratings_appear_only_after_closing(client, login, october):
    assert client.get("/api/v1/star-ratings/published").get_json()["month"] is None
    client.post("/api/v1/star-ratings/2026-10/close", headers=login("manager"))
    published = client.get("/api/v1/star-ratings/published").get_json()
    assert published["month"] == "2026-10"
    assert published["windows"][0]["window"] == 3
    assert client.get("/stars").status_code == 200


def on_time_rate(client, login) -> float | None:
    rows = client.get("/api/v1/star-ratings", query_string={"month": "2026-10", "of": "window"},
                      headers=login("manager")).get_json()
    return {r["window"]: r for r in rows}[2]["breakdown"]["indicators"]["按时办结率"]


def test_mid_month_an_open_case_not_yet_due_is_not_counted_late(client, login, october, monkeypatch):
    """Rule 15: one case finished on time, one still open. Before its deadline the rate is
    1.0 (the open one is not late yet); the day after, 0.5."""
    from hall.cases.models import Case
    deadline = october.scalars(select(Case.deadline).where(Case.completed_at.is_(None))).one()
    october.rollback()      # end the read: SQLite transactions here take the write lock
    monkeypatch.setattr("hall.ratings.monthly.utcnow", lambda: datetime.combine(deadline, datetime.min.time(),
                                                                                 SHANGHAI) + timedelta(hours=12))
    assert on_time_rate(client, login) == 1.0
    monkeypatch.setattr("hall.ratings.monthly.utcnow", lambda: datetime.combine(deadline, datetime.min.time(),
                                                                                 SHANGHAI) + timedelta(days=1, hours=9))
    assert on_time_rate(client, login) == 0.5
    rows = client.get("/api/v1/star-ratings", query_string={"month": "2026-10", "of": "window"},
                      headers=login("manager")).get_json()
    assert {r["window"]: r for r in rows}[2]["breakdown"]["indicators"]["办结率"] == 0.5   # one of two due is done


def test_a_month_cannot_be_closed_before_it_has_ended(client, login, october, monkeypatch):
    """Rule 15: closing October on its last day is refused; nothing is frozen or published."""
    manager = login("manager")
    monkeypatch.setattr("hall.ratings.monthly.utcnow", lambda: at(31, 16))
    early = client.post("/api/v1/star-ratings/2026-10/close", headers=manager)
    assert early.status_code == 409
    assert early.get_json()["error"]["code"] == "month_not_over"
    assert client.get("/api/v1/star-ratings/published").get_json()["month"] is None
    monkeypatch.setattr("hall.ratings.monthly.utcnow", lambda: at(31, 16) + timedelta(hours=8))   # Nov 1, 00:00
    assert client.post("/api/v1/star-ratings/2026-10/close", headers=manager).status_code == 200
