"""Background jobs inside the server: the supervision sweep every HALL_SUPERVISE_INTERVAL_SECONDS."""
from __future__ import annotations

def supervision_sweep(app) -> None:
    from hall.cases.service import sweep
    from hall.catalog.service import current_hall
    from hall.db import session_scope

    session = session_scope(app)
    try:
        default = app.config["HALL"]["HALL_DEFAULT_RATING"]
        with app.app_context():
            sweep(session, current_hall(session), default_rating=int(default) if default else None)
        session.commit()
    finally:
        session.close()


JOBS = [supervision_sweep]


def start_background_jobs(app) -> None:
    from hall import socketio

    interval = app.config["HALL"]["HALL_SUPERVISE_INTERVAL_SECONDS"]
    for job in JOBS:
        def loop(job=job):
            while True:
                socketio.sleep(interval)
                try:
                    job(app)
                except Exception:  # a failed sweep is logged and retried next round
                    app.logger.exception("background job %s failed", job.__name__)
        socketio.start_background_task(loop)
