"""Attack: guess the query code of an enterprise project's public progress page (全程代办),
which names the enterprise, its helper and every case. Guarded as a case's: ten wrong codes
block the project for a while, the right code too (429 ``rate_limited`` with ``retry_after``)."""
from tests.api.test_assist_projects import open_project


def test_ten_wrong_codes_block_the_projects_page_even_for_the_right_code(client, login):
    project = open_project(client, login("helper01")).get_json()
    url = f"/api/v1/assist/projects/{project['project_no']}/progress"
    wrong = f"{(int(project['query_code']) + 1) % 10**6:06d}"
    answers = [client.get(url, query_string={"query_code": wrong}, environ_base={"REMOTE_ADDR": "198.51.100.4"})
               .status_code for _ in range(11)]
    assert answers == [404] * 10 + [429]
    blocked = client.get(url, query_string={"query_code": project["query_code"]},
                         environ_base={"REMOTE_ADDR": "203.0.113.50"})
    assert blocked.status_code == 429
    assert blocked.get_json()["error"]["code"] == "rate_limited" and blocked.get_json()["retry_after"] > 60
