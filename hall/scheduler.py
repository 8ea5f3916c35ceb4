"""Background jobs inside the server: the supervision sweep every
HALL_SUPERVISE_INTERVAL_SECONDS, and learning the service times again every ten minutes."""
from __future__ import annotations


def supervision_sweep(app) -> None:
    """Every hall's sweep, each in its own transaction."""
    from hall.cases.service import sweep
    from hall.catalog.service import all_halls
    from hall.db import session_scope

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
    from hall.queueing.service_times import refresh
    refresh(app)


def start_background_jobs(app) -> None:
    from hall import socketio
    from hall.queueing.service_times import REFRESH_SECONDS

    jobs = [(supervision_sweep, app.config["HALL"]["HALL_SUPERVISE_INTERVAL_SECONDS"]),
            (learn_service_times, REFRESH_SECONDS)]
    for job, interval in jobs:
        def loop(job=job, interval=interval):
            while True:
                socketio.sleep(interval)
                try:
                    job(app)
                except Exception:  # a failed round is logged and tried again next time
                    app.logger.exception("background job %s failed", job.__name__)
        socketio.start_background_task(loop)
