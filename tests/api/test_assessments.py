"""月度自评 with the month's figures, 季度互评 (never one's own window, once per pair and
quarter), 年度总评 weighted as managers set it."""
from tests.api.test_windows import take, windows_of
from tests.conftest import both_databases
from tests.api.test_assist import hall_today

pytestmark = both_databases


def serve_one(client, login, number):
    headers = login(f"staff{number:02d}")
    assert client.post(f"/api/v1/windows/{number}/sign-in", headers=headers).status_code == 200
    ticket = take(client)
    assert client.post(f"/api/v1/windows/{number}/call-next", headers=headers).status_code == 200
    assert client.post(f"/api/v1/tickets/{ticket['id']}/finish", headers=headers).status_code == 200
    return headers


def test_a_self_assessment_starts_from_the_months_figures(client, login):
    number = windows_of(client)[0]
    headers = serve_one(client, login, number)
    month = hall_today().strftime("%Y-%m")
    figures = client.get(f"/api/v1/assessments/self/figures?month={month}&window={number}", headers=headers)
    assert figures.status_code == 200, figures.get_json()
    figures = figures.get_json()
    assert figures["score"] is not None and figures["indicators"]
    made = client.post("/api/v1/assessments/self", headers=headers,
                       json={"month": month, "window": number, "text": "本月按时办结，服务态度良好。"})
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["score"] == figures["score"]          # the self score defaults to the month's
    assert made.get_json()["figures"]["indicators"] == figures["indicators"]
    revised = client.post("/api/v1/assessments/self", headers=headers,
                          json={"month": month, "window": number, "text": "修改后的自评", "score": 88})
    assert revised.status_code == 200 and revised.get_json()["score"] == 88
    listed = client.get(f"/api/v1/assessments/self?month={month}", headers=login("manager")).get_json()
    assert [(r["window"], r["text"]) for r in listed] == [(number, "修改后的自评")]
    other = client.post("/api/v1/assessments/self", headers=headers,
                        json={"month": month, "window": number + 1, "text": "代写"})
    assert other.status_code == 403 and other.get_json()["error"]["code"] == "not_your_window"


def test_peer_scores_never_of_ones_own_window_and_once_per_quarter(client, login):
    today = hall_today()
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    me = login("staff01")
    own = client.post("/api/v1/assessments/peer", headers=me,
                      json={"quarter": quarter, "from_window": 1, "to_window": 1, "score": 100})
    assert own.status_code == 409 and own.get_json()["error"]["code"] == "self_assessment"
    first = client.post("/api/v1/assessments/peer", headers=me,
                        json={"quarter": quarter, "from_window": 1, "to_window": 2, "score": 90})
    assert first.status_code == 201, first.get_json()
    again = client.post("/api/v1/assessments/peer", headers=me,
                        json={"quarter": quarter, "from_window": 1, "to_window": 2, "score": 60})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_scored"
    assert client.post("/api/v1/assessments/peer", headers=login("staff03"),
                       json={"quarter": quarter, "from_window": 3, "to_window": 2, "score": 80}).status_code == 201
    posing = client.post("/api/v1/assessments/peer", headers=me,
                         json={"quarter": quarter, "from_window": 4, "to_window": 2, "score": 10})
    assert posing.status_code == 403
    future = client.post("/api/v1/assessments/peer", headers=me,
                         json={"quarter": f"{today.year + 1}-Q1", "from_window": 1, "to_window": 3, "score": 90})
    assert future.status_code == 409 and future.get_json()["error"]["code"] == "quarter_not_started"
    results = client.get(f"/api/v1/assessments/peer?quarter={quarter}", headers=me).get_json()
    assert results["windows"] == [{"window": 2, "name": results["windows"][0]["name"], "average": 85.0, "count": 2}]


def test_the_annual_assessment_weighs_the_parts_as_managers_set_them(client, login):
    today = hall_today()
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    number = windows_of(client)[0]
    headers = serve_one(client, login, number)
    month = today.strftime("%Y-%m")
    client.post("/api/v1/assessments/self", headers=headers,
                json={"month": month, "window": number, "text": "自评", "score": 100})
    peer = number + 1 if number < 18 else number - 1
    assert client.post("/api/v1/assessments/peer", headers=login(f"staff{peer:02d}"),
                       json={"quarter": quarter, "from_window": peer, "to_window": number, "score": 80}).status_code == 201
    refused = client.put(f"/api/v1/assessments/weights/{today.year}", headers=headers,
                         json={"monthly": 50, "peer": 30, "self": 20})
    assert refused.status_code == 403
    bad = client.put(f"/api/v1/assessments/weights/{today.year}", headers=login("manager"),
                     json={"monthly": 50, "peer": 30, "self": 30})
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "weights_not_100"
    assert client.put(f"/api/v1/assessments/weights/{today.year}", headers=login("manager"),
                      json={"monthly": 50, "peer": 30, "self": 20}).status_code == 200
    annual = client.get(f"/api/v1/assessments/annual?year={today.year}", headers=login("manager")).get_json()
    assert annual["weights"] == {"monthly": 50, "peer": 30, "self": 20}
    row = next(w for w in annual["windows"] if w["window"] == number)
    monthly = row["monthly"]["average"]
    assert month in row["months"] and set(row["months"]) <= set(annual["months"])
    assert monthly == round(sum(row["months"].values()) / len(row["months"]), 2)
    assert row["peer"]["average"] == 80.0 and row["peer"]["count"] == 1
    self_part = row["self"]["average"]
    assert row["total"] == round((monthly * 50 + 80 * 30 + self_part * 20) / 100, 2)
    assert client.get("/api/v1/assessments/annual?year=1800", headers=login("manager")).status_code == 400


def test_the_annual_assessment_as_pdf(client, login):
    import subprocess
    year = hall_today().year
    answer = client.get(f"/api/v1/assessments/annual.pdf?year={year}", headers=login("manager"))
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    words = subprocess.run(["pdftotext", "-", "-"], input=answer.data, capture_output=True, check=True).stdout.decode()
    assert f"{year}年度窗口考核总评" in words and "1号" in words
