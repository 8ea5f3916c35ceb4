"""Background jobs inside the server: the supervision sweep every
HALL_SUPERVISE_INTERVAL_SECONDS, and learning the service times again every ten minutes.

The sweep is assembled here, the one place that knows every domain's ``scheduled.py``: each
domain contributes its overdue check (a function of a ``SweepRun``) and ``SUPERVISION_CHECKS``
lists them in the order they run. Order matters: joint review settles its cases before the
cases' own check reads which are still open. A new check is one line here."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from hall.appointments.scheduled import check_no_shows
from hall.cases.scheduled import check_cases
from hall.catalog.service import all_halls
from hall.complaints.scheduled import check_complaints
from hall.db import session_scope
from hall.inforequests.scheduled import check_info_requests
from hall.integrations.scheduled import erase_ticket_phones
from hall.queueing import service_times
from hall.queueing.scheduled import forget_card_reads
from hall.ratings.scheduled import check_rectifications
from hall.reviews.scheduled import check_reviews
from hall.supervision.sweep import run_checks

SUPERVISION_CHECKS = (check_no_shows, check_reviews, check_rectifications, check_complaints, check_info_requests,
                      check_cases, erase_ticket_phones, forget_card_reads)


def sweep(session: Session, hall, as_of: datetime | None = None, default_rating: int | None = None) -> dict:
    """One hall's electronic supervision as of a moment: every domain's check. Safe to run again."""
    return run_checks(session, hall, SUPERVISION_CHECKS, as_of, default_rating)


def supervision_sweep(app) -> None:
    """Every hall's sweep, each in its own transaction."""
    session = session_scope(app)
    try:
        default = app.config["HALL"]["HALL_DEFAULT_RATING"]
        with app.app_context():
            for hall in all_halls(session):
                sweep(session, hall, default_rating=int(default) if default else None)
                session.commit()
    finally:
        session.close()


def learn_service_times(app) -> None:
    service_times.refresh(app)


def start_background_jobs(app) -> None:
    from hall import socketio   # hall.factory, loaded lazily (after gevent patched the standard library)

    jobs = [(supervision_sweep, app.config["HALL"]["HALL_SUPERVISE_INTERVAL_SECONDS"]),
            (learn_service_times, service_times.REFRESH_SECONDS)]
    for job, interval in jobs:
        def loop(job=job, interval=interval):
            while True:
                socketio.sleep(interval)
                try:
                    job(app)
                except Exception:  # a failed round is logged and tried again next time
                    app.logger.exception("background job %s failed", job.__name__)
        socketio.start_background_task(loop)
    from hall.integrations import worker   # the outbox's delivery worker (its own loops)
    worker.start(app, socketio)
