"""A manager of another hall can neither read nor retry this hall's deliveries, and no answer
gives an integration's signing secret back (whoever holds it can forge the hall's events)."""
from tests.api.test_outbox import SECRET, deliver_all, integrate, rated_case, rows
from tests.conftest import free_port


def test_another_halls_manager_sees_and_retries_nothing_and_the_secret_never_comes_back(client, login, app):
    integration = integrate(client, login, f"http://127.0.0.1:{free_port()}/down", ["rating.created", "case.accepted"])
    rated_case(client, login)
    deliver_all(app, attempts=1)
    dead = rows(app)
    assert dead and all(r.status == "dead" for r in dead)
    town = login("zhen-manager")
    assert client.get("/api/v1/admin/integrations", headers=town).get_json() == []
    refused = client.get(f"/api/v1/admin/integrations/{integration}/deliveries", headers=town)
    assert refused.status_code == 404
    retried = client.post(f"/api/v1/admin/deliveries/{dead[0].id}/retry", headers=town)
    assert retried.status_code == 404
    assert rows(app)[0].status == "dead"
    manager = login("manager")
    for path in ("/api/v1/admin/integrations", f"/api/v1/admin/integrations/{integration}/deliveries"):
        assert SECRET not in client.get(path, headers=manager).get_data(as_text=True)
