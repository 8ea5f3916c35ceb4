"""With the Socket.IO message queue (Redis) unreachable, the hall keeps serving."""
import time

import requests

from tests.conftest import free_port


def test_tickets_and_calls_go_on_while_redis_is_down(live_servers, tmp_path):
    dead_redis = f"redis://127.0.0.1:{free_port()}/0"     # nothing listens there
    server = live_servers(f"sqlite:///{tmp_path / 'hall.sqlite3'}", tmp_path, redis_url=dead_redis)
    http = requests.Session()
    started = time.perf_counter()
    numbers = [http.post(server.url + "/api/v1/tickets", json={"queue_code": "tax"}, timeout=10).json()["number"]
               for _ in range(5)]
    assert numbers == ["B001", "B002", "B003", "B004", "B005"]
    http.headers["Authorization"] = "Bearer " + http.post(server.url + "/api/v1/auth/login", json={
        "username": "staff04", "password": "demo"}).json()["token"]
    http.post(server.url + "/api/v1/windows/4/sign-in")
    assert http.post(server.url + "/api/v1/windows/4/call-next", timeout=10).json()["ticket"]["number"] == "B001"
    assert time.perf_counter() - started < 10              # no request waits on the missing broker
