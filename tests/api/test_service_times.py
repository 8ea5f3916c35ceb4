"""Service times learned from the hall's own finished tickets, by item and hour of the week."""
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from hall.web import current_hall
from hall.clock import utcnow
from hall.queueing import service as queueing
from hall.queueing.prediction import hour_of_week
from hall.queueing.service_times import learn
from tests.conftest import both_databases, db_session

pytestmark = both_databases
CST = timezone(timedelta(hours=8))


def serve(session, hall, staff, at: datetime, minutes: float, item: str | None = None, green=False):
    ticket, _created, _position = queueing.issue_ticket(session, hall, item_code=item,
                                                        queue_code=None if item else "tax",
                                                        green_channel=green, now=at)
    _closed, _token, called = queueing.call_next(session, hall, 4, staff, now=at)
    queueing.start(session, hall, called.id, staff, now=at)
    queueing.finish(session, hall, called.id, staff, now=at + timedelta(minutes=minutes))


def test_averages_by_item_and_local_hour_and_the_priority_arrivals(app):
    session = db_session(app)
    with app.app_context():
        hall = current_hall(session)
        staff = session.execute(sa.text("SELECT * FROM staff WHERE username = 'staff04'")).first()
        queueing.sign_in(session, hall, 4, staff)
        item = next(i.code for i in hall.items.values() if hall.queues_by_id[i.queue_id].code == "tax")
        monday_9 = (utcnow() - timedelta(days=7)).astimezone(CST).replace(hour=9, minute=10, second=0, microsecond=0)
        monday_9 -= timedelta(days=monday_9.weekday())                    # a Monday, 09:10 in the hall
        for n, minutes in enumerate((4, 6, 5, 7, 3)):                     # five services of the item at 9
            serve(session, hall, staff, monday_9 + timedelta(minutes=10 * n), minutes, item=item)
        serve(session, hall, staff, monday_9 + timedelta(hours=5), 20, green=True)   # one at 14:10, green
        session.commit()
        times = learn(session, hall, utcnow())
    session.close()
    nine, two = hour_of_week(monday_9), hour_of_week(monday_9 + timedelta(hours=5))
    assert (nine, two) == (9, 14)
    assert times.by_item_hour[("tax", item, nine)].seconds == 300
    assert times.by_item[("tax", item)].samples == 5
    assert times.by_queue_hour[("tax", two)].seconds == 1200
    assert times.by_queue["tax"].samples == 6
    assert times.seconds("tax", item, nine) == 300                       # what a new ticket of it will expect
    assert times.priority_per_hour[("tax", two)] > 0
    assert ("tax", nine) not in times.priority_per_hour
