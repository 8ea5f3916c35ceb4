"""Attack: guess a case's query code (480 wrong codes a second once, case numbers being
sequential). Now ten wrong codes for one case block that case for a while — the right code
too — with 429 and retry_after; other cases still open; one address guessing across many
records is stopped too; complaints are guarded the same way."""
from tests.api.test_cases import desk  # noqa: F401  (the window that accepts a case)
from tests.api.test_openness import complain


def progress(client, case_no, code, address="198.51.100.4"):
    return client.get(f"/api/v1/cases/{case_no}/progress", query_string={"query_code": code},
                      environ_base={"REMOTE_ADDR": address})


def test_ten_wrong_codes_block_the_case_even_for_the_right_code(client, desk):  # noqa: F811
    case = desk.accept().get_json()
    wrong = f"{(int(case['query_code']) + 1) % 10**6:06d}"
    answers = [progress(client, case["case_no"], wrong).status_code for _ in range(11)]
    assert answers == [404] * 10 + [429]
    blocked = progress(client, case["case_no"], case["query_code"], address="203.0.113.50")
    assert blocked.status_code == 429
    assert blocked.get_json()["error"]["code"] == "rate_limited" and blocked.get_json()["retry_after"] > 60
    receipt = client.get(f"/api/v1/cases/{case['case_no']}/receipt.pdf", query_string={"query_code": case["query_code"]})
    assert receipt.status_code == 429
    assert client.get(f"/api/v1/cases/{case['case_no']}/receipt.pdf").status_code == 401   # no code: staff only


def test_one_address_guessing_many_records_is_stopped(client):
    answers = [progress(client, f"XL2026{n:06d}", "123456", address="198.51.100.9").status_code for n in range(31)]
    assert answers == [404] * 30 + [429]
    assert progress(client, "XL2026999999", "123456", address="198.51.100.10").status_code == 404   # others may ask


def test_a_complaints_query_code_is_guarded_too(client):
    number = complain(client)["complaint_no"]
    answers = [client.get(f"/api/v1/complaints/{number}", query_string={"query_code": "999999x"}).status_code
               for _ in range(11)]
    assert answers == [404] * 10 + [429]


def test_a_record_being_guessed_alerts_the_halls_managers(client, desk, login, socket_client):  # noqa: F811
    managers = socket_client("manager", token=login("manager")["Authorization"][7:])
    case = desk.accept().get_json()
    wrong = f"{(int(case['query_code']) + 1) % 10**6:06d}"
    managers.get_received()
    for _ in range(9):
        progress(client, case["case_no"], wrong)
    alerts = [m["args"][0] for m in managers.get_received() if m["name"] == "alert"]
    assert [a for a in alerts if a.get("kind") == "query_code_guessing"] == []
    progress(client, case["case_no"], wrong)           # the tenth: the case is blocked
    progress(client, case["case_no"], wrong)           # and stays so: one alert, not one a try
    alerts = [m["args"][0] for m in managers.get_received() if m["name"] == "alert"]
    guessed = [a for a in alerts if a.get("kind") == "query_code_guessing"]
    assert len(guessed) == 1 and guessed[0]["record"] == case["case_no"]
    assert "198.51.100.4" in guessed[0]["message"]
