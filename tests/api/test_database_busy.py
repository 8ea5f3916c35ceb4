"""No free database connection (a storm of screens or requests, every connection of the
process's pool in use for its whole timeout) is a 503 ``busy`` that pages and kiosks ask
again after, both for an HTTP request and for a screen joining its room: never a 500, and
never a join left unanswered."""
import pytest

from tests.conftest import _app_for

pytestmark = pytest.mark.postgres


def test_a_request_and_a_join_without_a_free_connection_are_busy(pg_copy, tmp_path):
    from hall import socketio
    from hall.db import dispose

    app = _app_for(pg_copy, tmp_path, HALL_DB_CONNECTIONS=2)
    held = []
    try:
        for engine in app.extensions["hall_engines"]:      # take every connection the pools have
            held += [engine.connect() for _ in range(engine.pool.size() + engine.pool._max_overflow)]
        answer = app.test_client().get("/api/v1/queues")
        assert answer.status_code == 503, answer.get_json()
        assert answer.get_json()["error"]["code"] == "busy"
        screen = socketio.test_client(app)
        screen.emit("join", {"room": "display"})
        heard = screen.get_received()
        assert [m["name"] for m in heard if m["name"] in ("join_error", "state")] == ["join_error"]
        assert next(m for m in heard if m["name"] == "join_error")["args"][0]["error"]["code"] == "busy"
        screen.disconnect()
        for connection in held:
            connection.close()
        held = []
        assert app.test_client().get("/api/v1/queues").status_code == 200   # and serves again
    finally:
        for connection in held:
            connection.close()
        dispose(app)
