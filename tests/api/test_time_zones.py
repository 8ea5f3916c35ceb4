"""Every moment an answer carries is in the hall's zone (CONTRACT: ISO 8601 with the
hall's offset): ``rated_at`` once came back in UTC. This walks the answers of a hall day,
from the ticket to the rating, the case and the managers' lists, and checks every field."""
import re

from tests.api.test_cases import make_desk

API = "/api/v1"
MOMENT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?$")
HTTP_DATE = re.compile(r"^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$")


def moments(value, path="$"):
    """(path, text) of every string in an answer that is a point in time."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from moments(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from moments(item, f"{path}[{i}]")
    elif isinstance(value, str) and (MOMENT.match(value) or HTTP_DATE.match(value)):
        yield path, value


def test_every_time_in_the_answers_of_a_hall_day_is_in_the_halls_zone(client, login):
    answers = {}
    desk = make_desk(client, login, 2)
    manager = login("manager")
    case = desk.accept()
    answers["case"] = case.get_json()
    finished = client.post(f"{API}/tickets/{desk.ticket_id}/finish", headers=desk.headers).get_json()
    answers["finish"] = finished
    ticket = client.get(f"{API}/tickets/{desk.ticket_id}", headers=desk.headers).get_json()
    answers["ticket"] = ticket
    token = client.get(f"{API}/tickets/by-token/{desk.ticket_token}").get_json()["rating_token"]
    if token:
        answers["rating"] = client.post(f"{API}/ratings", json={"rating_token": token, "level": 4}).get_json()
    answers["case_view"] = client.get(f"{API}/cases/{answers['case']['case_no']}", headers=desk.headers).get_json()
    for path in ("/windows", "/queues", "/board", "/announcements", "/dashboard", "/supervision", "/audit",
                 "/devices", f"/windows/2/console"):
        answer = client.get(API + path, headers=manager if "console" not in path else desk.headers)
        assert answer.status_code == 200, (path, answer.get_json())
        answers[path] = answer.get_json()
    found = [(name, path, text) for name, answer in answers.items() for path, text in moments(answer)]
    assert any(name == "rating" for name, _p, _t in found), "the rating answer carries rated_at"
    assert len(found) > 10
    wrong = [(name, path, text) for name, path, text in found if not text.endswith("+08:00")]
    assert wrong == []
