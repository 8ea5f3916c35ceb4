"""A simulated 300-ticket day, in memory and through the hall's database: the same calls, the
same waits, in seconds."""
import time
from datetime import date

import sqlalchemy as sa

from hall.web import current_hall
from hall.simulation.engine import Simulation, generate_arrivals
from hall.simulation.replay import DatabaseLine
from hall.simulation.shape import hall_shape
from tests.conftest import both_databases, db_session

pytestmark = both_databases
DAY = date(2026, 11, 24)


def test_the_simulator_and_the_database_call_the_same_tickets_at_the_same_moments(app):
    session = db_session(app)
    with app.app_context():
        hall = current_hall(session)
        shape = hall_shape(session, hall)
        arrivals = generate_arrivals(shape, DAY, 300)
        started = time.perf_counter()
        in_memory = Simulation(shape, arrivals, shape.windows, seed=7).run()
        assert time.perf_counter() - started < 2                          # a day in well under seconds
        line = DatabaseLine(session, hall, shape, DAY)
        in_database = Simulation(shape, arrivals, shape.windows, seed=7, line=line).run()
    recorded = dict(session.execute(sa.text("SELECT id, wait_seconds FROM ticket")).all())
    session.close()
    assert len(in_memory.wait_of) == len(in_database.wait_of) == len(recorded) == 300
    assert in_database.wait_of == in_memory.wait_of                        # the same ticket at every call
    for ticket_id, index in line.index_of.items():                        # and the hall's own records agree
        assert abs(recorded[ticket_id] - in_memory.wait_of[index] * 60) <= 1, index
    assert in_memory.summary() == in_database.summary()


def test_managers_simulate_tomorrow_from_the_dashboard(client, login):
    manager = login("manager")
    assert client.post("/api/v1/simulations", json={}, headers=login("staff02")).status_code == 403
    plan = client.post("/api/v1/simulations", json={"windows_open": 9, "target_minutes": 20}, headers=manager)
    assert plan.status_code == 200, plan.get_json()
    body = plan.get_json()
    assert body["tickets"] == 300
    assert body["windows_open"] == 9
    assert body["target_minutes"] == 20
    assert set(body["queues"]) == set(body["windows_needed"]) >= {"business", "tax", "social"}
    assert all(q["p90"] >= q["p50"] for q in body["queues"].values())
    for bad, code in [({"windows_open": 99}, "invalid_windows_open"), ({"date": "2026-13-01"}, "invalid_date"),
                      ({"target_minutes": "soon"}, "invalid_target"), ({"tickets": 0}, "invalid_tickets")]:
        refused = client.post("/api/v1/simulations", json=bad, headers=manager)
        assert refused.status_code == 400, bad
        assert refused.get_json()["error"]["code"] == code, bad
