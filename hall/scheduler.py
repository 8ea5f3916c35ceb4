"""Background jobs inside the server (the supervision sweep, once cases exist)."""
from __future__ import annotations

JOBS: list = []


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
