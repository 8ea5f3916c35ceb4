"""差评: verified, rectified, called back under deadlines; appeals; default ratings; the phone."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from hall.supervision.models import Accountability
from hall.ratings.models import RatingRequest
from tests.api.test_ratings_api import finished_service
from tests.conftest import db_session


def bad_rating(client, login, level=1):
    token = finished_service(client, login)
    assert client.post("/api/v1/ratings", json={"rating_token": token, "level": level,
                                                "reasons": ["态度不好"], "comment": "很不耐烦"}).status_code == 201
    return token


def run_sweep(app, moment, default_rating=None):
    from hall.scheduler import sweep
    from hall.web import current_hall
    session = db_session(app)
    try:
        with app.app_context():
            summary = sweep(session, current_hall(session), moment, default_rating)
        session.commit()
        return summary
    finally:
        session.close()


def test_a_bad_rating_opens_a_rectification_that_runs_to_the_callback(client, login):
    bad_rating(client, login)
    manager = login("manager")
    items = client.get("/api/v1/rectifications", headers=manager).get_json()
    assert [(i["status"], i["level"], i["reasons"]) for i in items] == [("verifying", 1, ["态度不好"])]
    rid = items[0]["id"]
    early = client.post(f"/api/v1/rectifications/{rid}/callback", headers=manager, json={"result": "满意"})
    assert early.status_code == 409
    assert early.get_json()["error"]["code"] == "invalid_rectification_state"
    assert client.post(f"/api/v1/rectifications/{rid}/verify", headers=manager,
                       json={"finding": "经查看录像属实", "justified": True}).get_json()["status"] == "rectifying"
    assert client.post(f"/api/v1/rectifications/{rid}/rectify", headers=manager,
                       json={"measures": "批评教育并组织服务礼仪培训"}).get_json()["status"] == "calling_back"
    done = client.post(f"/api/v1/rectifications/{rid}/callback", headers=manager, json={"result": "群众表示满意"})
    assert done.get_json()["status"] == "closed"
    assert client.get("/api/v1/rectifications", headers=login("staff05")).status_code == 403


def test_a_good_rating_opens_nothing(client, login):
    token = finished_service(client, login)
    client.post("/api/v1/ratings", json={"rating_token": token, "level": 3})
    assert client.get("/api/v1/rectifications", headers=login("manager")).get_json() == []


def test_an_approved_appeal_removes_the_rating_from_the_figures_and_is_logged(client, login, app):
    token = bad_rating(client, login)
    manager = login("manager")
    rid = client.get("/api/v1/rectifications", headers=manager).get_json()[0]["id"]
    stranger = client.post(f"/api/v1/rectifications/{rid}/appeal", headers=login("staff09"), json={"reason": "x"})
    assert stranger.status_code == 403
    rated = client.get("/api/v1/windows", headers=manager).get_json()
    number = next(w["number"] for w in rated if w["staff"])
    appeal = client.post(f"/api/v1/rectifications/{rid}/appeal", headers=login(f"staff{number:02d}"),
                         json={"reason": "评价人误触按键，现场录像为证"})
    assert appeal.get_json()["status"] == "appealing"
    decided = client.post(f"/api/v1/rectifications/{rid}/appeal-decision", headers=manager,
                          json={"approve": True, "reason": "录像显示误触"})
    assert decided.get_json()["status"] == "removed"
    assert decided.get_json()["appeal_decision"].startswith("成立")
    session = db_session(app)
    req = session.scalar(select(RatingRequest).where(RatingRequest.token == token))
    assert req.level is None          # no longer counts in the monthly figures
    session.close()
    again = client.post("/api/v1/ratings", json={"rating_token": token, "level": 5})
    assert again.status_code == 409   # still one rating per service


def test_overdue_verification_is_recorded_once_and_not_against_the_rated_staff(client, login, app):
    bad_rating(client, login)
    late = datetime.now(timezone.utc) + timedelta(days=10)
    assert run_sweep(app, late)["rectification_overdue"] == 1
    assert run_sweep(app, late)["rectification_overdue"] == 0
    session = db_session(app)
    records = session.scalars(select(Accountability).where(Accountability.kind == "rectification_overdue")).all()
    assert len(records) == 1
    assert records[0].staff_id is None
    session.close()
    rows = client.get("/api/v1/rectifications", headers=login("manager")).get_json()
    assert rows[0]["light"] == "red"


def test_unrated_services_get_the_configured_default_once_the_period_ends(client, login, app):
    token = finished_service(client, login)
    assert run_sweep(app, datetime.now(timezone.utc) + timedelta(days=3), default_rating=3)["default_ratings"] == 0
    assert run_sweep(app, datetime.now(timezone.utc) + timedelta(days=8), default_rating=3)["default_ratings"] == 1
    assert run_sweep(app, datetime.now(timezone.utc) + timedelta(days=9), default_rating=3)["default_ratings"] == 0
    assert client.post("/api/v1/ratings", json={"rating_token": token, "level": 5}).status_code == 409
    session = db_session(app)
    req = session.scalar(select(RatingRequest).where(RatingRequest.token == token))
    assert (req.level, req.channel) == (3, "default")
    session.close()


def test_the_citizen_rates_from_the_tickets_own_page(client, login):
    from tests.api.test_windows import take, windows_of
    number = windows_of(client)[0]
    headers = login(f"staff{number:02d}")
    client.post(f"/api/v1/windows/{number}/sign-in", headers=headers)
    ticket = take(client)
    client.post(f"/api/v1/windows/{number}/call-next", headers=headers)
    assert client.get(f"/api/v1/tickets/by-token/{ticket['token']}").get_json()["rating_token"] is None
    client.post(f"/api/v1/tickets/{ticket['id']}/finish", headers=headers)
    token = client.get(f"/api/v1/tickets/by-token/{ticket['token']}").get_json()["rating_token"]
    assert token
    assert client.post("/api/v1/ratings", json={"rating_token": token, "level": 4, "channel": "phone"}).status_code == 201
    assert client.get(f"/api/v1/tickets/by-token/{ticket['token']}").get_json()["rating_token"] is None
