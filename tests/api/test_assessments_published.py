"""The assessments published like the monthly stars: once a month is closed its 月度自评 are
public, the last ended quarter's 季度互评 averages with their counts, the 年度总评 through the
closed month; on the lobby display's state and as a PDF (CJK font embedded, checked through
pdftoppm; the PNG is kept in test-output)."""
from datetime import timedelta

from hall.assessments.rules import last_ended_quarter
from tests.api.test_assist import hall_today
from tests.api.test_live_events import received
from tests.conftest import both_databases
from tests.pdfs import pdf_text, rendered

pytestmark = both_databases


def last_month() -> str:
    return (hall_today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


def publish(client, login) -> tuple[str, str]:
    """Window 1 assesses itself for last month, windows 1 and 3 score window 2 for the last ended
    quarter, and the manager closes last month."""
    month, quarter = last_month(), last_ended_quarter(hall_today())
    made = client.post("/api/v1/assessments/self", headers=login("staff01"), json={
        "month": month, "window": 1, "text": "本月按时办结率100%，群众满意率98%，无投诉。下月继续推行一次告知，并对新进人员开展业务培训和窗口礼仪培训。",
        "score": 92})
    assert made.status_code == 201, made.get_json()
    for who, window, score in (("staff01", 1, 90), ("staff03", 3, 81)):
        scored = client.post("/api/v1/assessments/peer", headers=login(who), json={
            "quarter": quarter, "from_window": window, "to_window": 2, "score": score})
        assert scored.status_code == 201, scored.get_json()
    closed = client.post(f"/api/v1/star-ratings/{month}/close", headers=login("manager"))
    assert closed.status_code == 200, closed.get_json()
    return month, quarter


def test_nothing_is_published_before_a_month_is_closed(client, login):
    client.post("/api/v1/assessments/self", headers=login("staff01"),
                json={"month": last_month(), "window": 1, "text": "尚未公布的自评", "score": 80})
    shown = client.get("/api/v1/assessments/published")
    assert shown.status_code == 200
    body = shown.get_json()
    assert body["month"] is None and body["self"] == [] and body["annual"] is None
    assert "尚未公布的自评" not in str(body)


def test_the_published_assessments_are_public_and_on_the_display(client, login, socket_client):
    month, quarter = publish(client, login)
    body = client.get("/api/v1/assessments/published").get_json()    # no sign-in: public, as the stars
    assert body["month"] == month and body["quarter"] == quarter
    assert [(r["window"], r["score"]) for r in body["self"]] == [(1, 92)]
    assert body["self"][0]["summary"].startswith("本月按时办结率100%") and body["self"][0]["summary"].endswith("…")
    assert body["self_average"] == {"average": 92.0, "count": 1}
    assert [(r["window"], r["average"], r["count"]) for r in body["peer"]] == [(2, 85.5, 2)]
    annual = body["annual"]
    assert annual["year"] == int(month[:4]) and annual["through"] == month
    one = next(r for r in annual["windows"] if r["window"] == 1)
    assert one["self"] is not None
    if quarter[:4] == month[:4]:   # the quarter is of the same year: it counts in the year's total
        two = next(r for r in annual["windows"] if r["window"] == 2)
        assert two["peer"] == 85.5 and two["peer_scores"] == 2

    state = received(socket_client("display"), "state")[0]
    assert state["assessments"]["month"] == month
    assert state["assessments"]["peer"][0]["window"] == 2


def test_the_published_assessments_as_pdf(client, login, tmp_path):
    month, quarter = publish(client, login)
    answer = client.get("/api/v1/assessments/published.pdf")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    words = pdf_text(answer.data, tmp_path, "published.pdf")
    assert "窗口考核结果公示" in words and f"月度自评（{month}）" in words and f"季度互评（{quarter}）" in words
    assert "85.5" in words and "年度总评" in words and "无投诉" in words
    rendered(answer.data, tmp_path, "assessments-published-pdf")
