"""Attack: bad input that was a 500 or unbounded: deeply nested JSON, a lone surrogate
(``\\ud800``) on public forms, dates in year 9999 on public endpoints, a body of any size
read in full. Each is now a 4xx with a stable code, and nothing is written."""
import pytest

API = "/api/v1"


def post_raw(client, path, text: str, **headers):
    return client.post(API + path, data=text.encode(), headers={"Content-Type": "application/json", **headers})


@pytest.mark.parametrize("path", ["/tickets", "/auth/login", "/complaints"])
def test_deeply_nested_json_is_refused(client, path):
    nested = '{"a": ' * 40 + "1" + "}" * 40
    answer = post_raw(client, path, nested)
    assert answer.status_code == 400
    assert answer.get_json()["error"]["code"] == "json_too_deep"


def test_json_nested_beyond_the_parsers_own_limit_is_a_400_not_a_500(client):
    answer = post_raw(client, "/tickets", "[" * 100_000 + "]" * 100_000)
    assert answer.status_code in (400, 413)
    assert answer.get_json()["error"]["code"] in ("invalid_json", "body_too_large")


@pytest.mark.parametrize("path,body", [
    ("/tickets", '{"queue_code": "tax\\ud800"}'),
    ("/auth/login", '{"username": "\\ud800", "password": "x"}'),
    ("/complaints", '{"kind": "complaint", "name": "\\udfff", "phone": "13800138000", "content": "x"}'),
])
def test_a_lone_surrogate_is_refused(client, path, body):
    answer = post_raw(client, path, body)
    assert answer.status_code == 400
    assert answer.get_json()["error"]["code"] == "invalid_text"


def test_dates_in_year_9999_are_refused(client, login):
    far = client.get(f"{API}/calendar/add-working-days", query_string={"start": "9999-12-30", "days": 5})
    assert far.status_code == 400
    assert far.get_json()["error"]["code"] == "date_out_of_range"
    for query in ({"month": "9999-12"}, {"month": "9999-12", "of": "staff"}):
        stars = client.get(f"{API}/star-ratings", query_string=query, headers=login("manager"))
        assert stars.status_code == 400
        assert stars.get_json()["error"]["code"] == "date_out_of_range"


def test_a_count_of_days_beyond_a_year_is_refused(client):
    answer = client.get(f"{API}/calendar/add-working-days", query_string={"start": "2026-12-01", "days": 3650})
    assert answer.status_code == 400


def test_a_body_over_one_megabyte_is_refused_without_reading_it(client):
    answer = post_raw(client, "/tickets", '{"queue_code": "' + "x" * (2 * 1024 * 1024) + '"}')
    assert answer.status_code == 413
    assert answer.get_json()["error"]["code"] == "body_too_large"
    assert client.get(f"{API}/queues").get_json()[1]["waiting"] == 0       # nothing was issued
