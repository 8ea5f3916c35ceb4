"""What the hot path keeps instead of counting: the waiting line per queue, numbers past 999,
the wait of each call, on both databases."""
from datetime import timedelta

import sqlalchemy as sa

from hall.catalog.models import Queue
from hall.web import current_hall
from hall.clock import utcnow
from hall.queueing import service as queueing
from tests.api.test_windows import desk, take  # noqa: F401  (desk is a fixture)
from tests.conftest import both_databases, db_session

pytestmark = both_databases


def waiting_shown(client, queue: str) -> int:
    return next(q["waiting"] for q in client.get("/api/v1/queues").get_json() if q["code"] == queue)


def waiting_counted(app, queue: str) -> int:
    session = db_session(app)
    try:
        return session.execute(sa.text("SELECT count(*) FROM ticket t JOIN queue q ON q.id = t.queue_id "
                                       "WHERE q.code = :q AND t.status = 'waiting'"), {"q": queue}).scalar()
    finally:
        session.close()


def test_the_waiting_line_is_always_the_tickets_actually_waiting(client, app, desk):  # noqa: F811
    two, three = desk(2), desk(3)
    for _ in range(5):
        take(client, "business")
    take(client, "business", green_channel=True, headers=two.headers)
    take(client, "tax")
    steps = [lambda: two.post("call-next"), lambda: three.post("call-next"),
             lambda: two.ticket(two.post("call-next").get_json()["ticket"]["id"], "transfer", to_queue="tax"),
             lambda: three.ticket(three.post("call-next").get_json()["ticket"]["id"], "transfer", to_window=2),
             lambda: two.post("call-next"), lambda: two.ticket(two.post("call-next").get_json()["ticket"]["id"], "hold")]
    for step in steps:
        step()
        for queue in ("business", "tax"):
            assert waiting_shown(client, queue) == waiting_counted(app, queue), queue
    # a new walk-in hears exactly how many are ahead of it
    ticket = take(client, "business")
    assert ticket["waiting_ahead"] == waiting_counted(app, "business") - 1


def test_numbers_go_on_past_999_without_truncation(client, app):
    take(client, "tax")
    session = db_session(app)
    session.execute(sa.update(Queue).where(Queue.code == "tax").values(daily_cap=2000))
    session.execute(sa.text("UPDATE queuecounter SET last_seq = 998 WHERE queue_id = (SELECT id FROM queue WHERE code = 'tax')"))
    session.commit()
    session.close()
    assert [take(client, "tax")["number"] for _ in range(2)] == ["B999", "B1000"]


def test_a_call_records_the_wait_since_the_ticket_was_issued(app):
    session = db_session(app)
    with app.app_context():
        hall = current_hall(session)
        staff = session.execute(sa.text("SELECT * FROM staff WHERE username = 'staff04'")).first()
        issued = utcnow() - timedelta(minutes=7, seconds=30)
        ticket, _created, _position = queueing.issue_ticket(session, hall, queue_code="tax", now=issued)
        queueing.sign_in(session, hall, 4, staff)
        _closed, _token, called = queueing.call_next(session, hall, 4, staff, now=issued + timedelta(seconds=450))
        session.commit()
    assert called.id == ticket.id
    assert called.wait_seconds == 450
    session.close()
