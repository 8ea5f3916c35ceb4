"""schemathesis sends generated requests to every operation of /api/v1/openapi.json, as a
manager and as nobody: whatever it sends, the answer is never a 500."""
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error


@pytest.fixture
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def manager_headers(client):
    token = client.post("/api/v1/auth/login", json={"username": "manager", "password": "demo"}).get_json()["token"]
    return {"Authorization": "Bearer " + token}


def test_the_description_lists_every_contract_path(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/tickets", "/queues", "/items", "/windows", "/calendar/add-working-days",
                 "/cases/{case_no}/progress", "/appointments/slots", "/appointments", "/ratings",
                 "/windows/{number}/call-next", "/cases", "/cases/{case_no}/reviews/{dept_code}",
                 "/supervision", "/star-ratings", "/star-ratings.pdf"):
        assert path in paths, path


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_gets_a_500(case, manager_headers):
    case.call_and_validate(checks=[not_a_server_error], headers=manager_headers)
    case.call_and_validate(checks=[not_a_server_error])
