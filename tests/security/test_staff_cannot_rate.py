"""Attack: staff rate their own service. The ``finish`` and ``call-next`` answers handed the
window's staff the rating token, and ``POST /ratings`` without a device header counts as the
citizen's phone: 非常满意 from the staff member's own browser was accepted, and the citizen's
pad then got ``already_rated``. Now no staff answer carries a rating token, nor the ticket's
own token that opens the citizen's page; the citizen rates on the pad or from that page."""
from tests.api.test_windows import take, windows_of

API = "/api/v1"


def serve(client, login):
    number = windows_of(client)[0]
    headers = login(f"staff{number:02d}")
    assert client.post(f"{API}/windows/{number}/sign-in", headers=headers).status_code == 200
    ticket = take(client)
    called = client.post(f"{API}/windows/{number}/call-next", headers=headers).get_json()
    return number, headers, ticket, called


def staff_tokens(answer) -> set:
    """Every token-like value a staff answer carries."""
    found = set()
    if isinstance(answer, dict):
        for key, value in answer.items():
            if key in ("rating_token", "token", "track_url") and value:
                found.add(value)
            found |= staff_tokens(value)
    elif isinstance(answer, list):
        for value in answer:
            found |= staff_tokens(value)
    return found


def test_no_staff_answer_carries_a_rating_token_or_the_tickets_own_token(client, login):
    number, headers, ticket, called = serve(client, login)
    answers = [called, client.post(f"{API}/tickets/{ticket['id']}/start", headers=headers).get_json()]
    finished = client.post(f"{API}/tickets/{ticket['id']}/finish", headers=headers).get_json()
    answers += [finished, client.get(f"{API}/windows/{number}/console", headers=headers).get_json()]
    take(client)
    answers.append(client.post(f"{API}/windows/{number}/call-next", headers=headers).get_json())
    rating_token = client.get(f"{API}/tickets/by-token/{ticket['token']}").get_json()["rating_token"]
    assert rating_token
    leaked = set().union(*(staff_tokens(a) for a in answers))
    assert rating_token not in leaked
    assert ticket["token"] not in leaked
    assert not any(ticket["token"] in str(a) for a in answers)


def test_the_citizen_rates_from_the_tickets_own_page(client, login):
    _number, headers, ticket, _called = serve(client, login)
    client.post(f"{API}/tickets/{ticket['id']}/finish", headers=headers)
    token = client.get(f"{API}/tickets/by-token/{ticket['token']}").get_json()["rating_token"]
    assert client.post(f"{API}/ratings", json={"rating_token": token, "level": 2, "reasons": ["等候时间长"]}
                       ).status_code == 201
