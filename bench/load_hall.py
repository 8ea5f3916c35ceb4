"""A busy hall against production's set-up: 200 kiosks, 50 windows with their rating pads and
20 lobby displays, for five minutes, against two `hall serve` processes on PostgreSQL that
share Redis (the Socket.IO message queue and the ticket rate limit).

    python bench/load_hall.py              # five minutes
    python bench/load_hall.py --seconds 20 # the short run the tests make

Kiosks (registered devices, so each has its own rate limit) take a ticket every 10 s on
average with an Idempotency-Key; each window calls, starts, serves for a second or two,
finishes, and its pad rates seven services in ten; displays listen over websockets. Every
answer other than success (or 404 queue_empty) counts as an error. Prints latency
percentiles per action, how late the displays heard each call, the processes' memory, and
exits 1 on any error.
"""
from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections import defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
import requests  # noqa: E402
import websocket  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.conftest import PG_URL, REDIS_URL, LiveServer, reset_postgres  # noqa: E402
from tests.live.load import grow_hall  # noqa: E402

KIOSKS, WINDOWS, DISPLAYS = 200, 50, 20
WARM_UP = 10                     # seconds of load before measuring: pools fill, statements get prepared
CONNECTIONS = 30                 # HALL_DB_CONNECTIONS: per process, as in production
KIOSK_INTERVAL = 10.0            # seconds between one kiosk's tickets, on average
QUEUES = {"business": 4, "tax": 3, "property": 2, "health": 1, "social": 4, "welfare": 2, "consult": 1}


class Tally:
    def __init__(self):
        self.ms = defaultdict(list)
        self.errors = defaultdict(list)

    def timed(self, action: str, call, ok=lambda r: r.status_code < 300):
        start = time.perf_counter()
        try:
            response = call()
        except Exception as exc:  # noqa: BLE001 - a failed request is an error, whatever failed
            self.errors[action].append(repr(exc)[:200])
            return None
        self.ms[action].append((time.perf_counter() - start) * 1000)
        if not ok(response):
            self.errors[action].append(f"{response.status_code} {response.text[:200]}")
        return response


def pick_queue() -> str:
    return random.choices(list(QUEUES), weights=list(QUEUES.values()))[0]


def kiosk(url: str, device: str, tally: Tally, stop) -> None:
    http = requests.Session()
    http.headers["X-Device-Token"] = device
    while not stop.wait(random.expovariate(1 / KIOSK_INTERVAL)):
        key = uuid.uuid4().hex
        tally.timed("take a ticket", lambda: http.post(url + "/api/v1/tickets", json={"queue_code": pick_queue()},
                                                       headers={"Idempotency-Key": key}, timeout=30))


def rating_pad(url: str, number: int, device: str, inbox: dict) -> None:
    """A window's rating pad, as the real one: joined to ``rating_pad:<n>`` with its device
    token, it hears each finished service's ``rating_requested`` (the only place a rating
    token goes at the counter)."""
    ws = websocket.create_connection(url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket")
    ws.recv()
    ws.send("40")
    ws.recv()
    ws.send("42" + json.dumps(["join", {"room": f"rating_pad:{number}", "device_token": device}]))
    while True:
        message = ws.recv()
        if message == "2":
            ws.send("3")
        elif message.startswith('42["rating_requested"'):
            inbox[number] = json.loads(message[2:])[1]["rating_token"]


def pad_token(inbox: dict, number: int, seconds: float = 5.0) -> str | None:
    waited = 0.0
    while number not in inbox and waited < seconds:
        gevent.sleep(0.02)
        waited += 0.02
    return inbox.pop(number, None)


def window(url: str, number: int, pad: str, tally: Tally, called: dict, inbox: dict, stop) -> None:
    api = url + "/api/v1"
    http = requests.Session()
    token = http.post(api + "/auth/login", json={"username": f"staff{number:02d}", "password": "demo"}).json()["token"]
    http.headers["Authorization"] = "Bearer " + token
    http.post(f"{api}/windows/{number}/sign-in")
    stop.wait(random.uniform(0, 3))
    while not stop.is_set():
        r = tally.timed("call next (下一位)", lambda: http.post(f"{api}/windows/{number}/call-next", timeout=30),
                        ok=lambda r: r.status_code == 200 or r.json()["error"]["code"] == "queue_empty")
        if r is None or r.status_code != 200:
            stop.wait(1)
            continue
        ticket = r.json()["ticket"]
        called[ticket["number"]] = time.perf_counter()
        gevent.sleep(random.uniform(0.2, 0.8))                  # the citizen walks up
        tally.timed("start", lambda: http.post(f"{api}/tickets/{ticket['id']}/start", timeout=30))
        gevent.sleep(random.uniform(0.5, 2.0))                  # served
        inbox.pop(number, None)
        done = tally.timed("finish", lambda: http.post(f"{api}/tickets/{ticket['id']}/finish", timeout=30))
        token = pad_token(inbox, number) if done is not None and done.status_code == 200 else None
        if done is not None and done.status_code == 200 and token is None:
            tally.errors["rate on the pad"].append("the pad heard no rating_requested")
        if token and random.random() < 0.7:
            rating = {"rating_token": token, "level": random.choice([5, 5, 5, 4, 4, 3, 2])}
            if rating["level"] <= 2:
                rating["reasons"] = ["等候时间过长"]
            tally.timed("rate on the pad", lambda: requests.post(api + "/ratings", json=rating, timeout=30,
                                                                 headers={"X-Device-Token": pad}))
    while tally.timed("call next (下一位)", lambda: http.post(f"{api}/windows/{number}/call-next", timeout=30),
                      ok=lambda r: r.status_code == 200 or r.json()["error"]["code"] == "queue_empty") is None:
        gevent.sleep(1)                                         # close what the window holds


def display(url: str, heard: dict) -> None:
    ws = websocket.create_connection(url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket")
    ws.recv()
    ws.send("40")
    ws.recv()
    ws.send('42["join",{"room":"display"}]')
    while True:
        message = ws.recv()
        if message == "2":
            ws.send("3")
        elif message.startswith('42["ticket_called"'):
            heard.setdefault(json.loads(message[2:])[1]["number"], []).append(time.perf_counter())


def lift_daily_caps(db_url: str) -> None:
    """Five minutes at this pace issue a busy day's tickets several times over: the queues'
    daily caps (300) would refuse most of them, which is the hall's rule, not a failure."""
    import sqlalchemy as sa

    from hall.db import normalize_url
    engine = sa.create_engine(normalize_url(db_url))
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE queue SET daily_cap = 100000"))
        conn.execute(sa.text("UPDATE hall SET catalog_version = catalog_version + 1"))
    engine.dispose()


class ConnectionWatch:
    """The most connections the server processes held on PostgreSQL at once, sampled twice a
    second from a real thread (psycopg2 blocks, and this script runs on gevent)."""

    def __init__(self, db_url: str):
        self.db_url, self.peak, self.running = db_url, 0, True

    def run(self) -> None:
        import psycopg2
        conn = psycopg2.connect(self.db_url)
        conn.autocommit = True
        with conn.cursor() as cur:
            while self.running:
                cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                            "AND pid <> pg_backend_pid()")
                self.peak = max(self.peak, cur.fetchone()[0])
                time.sleep(0.5)
        conn.close()


def server_faults(servers) -> list[str]:
    """What the servers logged about the database (the cause behind a 503)."""
    return [line for s in servers for line in s.log.read_text(errors="replace").splitlines()
            if "database unavailable" in line][:5]


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else (values[0] if values else 0.0)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main(argv=None, before=None, after=None) -> int:
    """``before(urls, manager)`` runs once the servers are up, ``after(urls)`` once the load
    stopped and before they stop (``bench/outbox_delivery.py`` measures its own figures so)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=300)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="hall-load-"))
    reset_postgres(PG_URL)
    subprocess.run([sys.executable, "-m", "hall.cli", "init-db", "--demo", "--db", PG_URL], check=True,
                   env=dict(os.environ, HALL_INSTANCE_PATH=str(folder)), capture_output=True)
    pads = grow_hall(PG_URL, WINDOWS, folder)
    lift_daily_caps(PG_URL)
    # per kiosk; a kiosk here takes about 6 a minute, in random bursts (a real one can print
    # one ticket every few seconds at most)
    env = {"HALL_TICKET_RATE_LIMIT": "30/minute", "HALL_TICKETS_PER_ADDRESS_DAY": "off", "HALL_LOGIN_RATE_LIMIT": "off",
           "HALL_DB_CONNECTIONS": str(CONNECTIONS)}
    servers = [LiveServer(PG_URL, folder, redis_url=REDIS_URL, demo=False, env=env).start() for _ in range(2)]
    urls = [s.url for s in servers]
    watch = ConnectionWatch(PG_URL)
    watching = gevent.get_hub().threadpool.spawn(watch.run)
    manager = requests.Session()
    manager.headers["Authorization"] = "Bearer " + manager.post(urls[0] + "/api/v1/auth/login", json={
        "username": "manager", "password": "demo"}).json()["token"]
    if before is not None:
        before(urls, manager)
    kiosks = [manager.post(urls[0] + "/api/v1/devices", json={"kind": "kiosk", "name": f"取号机{i}"}).json()["token"]
              for i in range(KIOSKS)]
    tally, called, heard, stop = Tally(), {}, {}, gevent.event.Event()
    inbox: dict[int, str] = {}
    screens = [gevent.spawn(display, urls[i % 2], heard) for i in range(DISPLAYS)]
    screens += [gevent.spawn(rating_pad, urls[(n + 1) % 2], n, pads[n], inbox) for n in range(1, WINDOWS + 1)]
    gevent.sleep(1)
    workers = [gevent.spawn(kiosk, urls[i % 2], kiosks[i], tally, stop) for i in range(KIOSKS)]
    workers += [gevent.spawn(window, urls[n % 2], n, pads[n], tally, called, inbox, stop)
                for n in range(1, WINDOWS + 1)]
    try:
        gevent.sleep(WARM_UP)
        warm = {action: len(values) for action, values in tally.ms.items()}   # errors of the warm-up still count
        began = time.perf_counter()
        measured_calls = set(called)
        gevent.sleep(args.seconds)
        stop.set()
        elapsed = time.perf_counter() - began
        for action, n in warm.items():
            del tally.ms[action][:n]
        for number in measured_calls:
            called.pop(number, None)
        gevent.joinall(workers, timeout=60)
        gevent.sleep(1)
        memory = [rss_mb(s.proc.pid) for s in servers]
        if after is not None:
            after(urls)
    finally:
        watch.running = False
        watching.get()
        gevent.killall(screens)
        for s in servers:
            s.stop()

    print(f"{KIOSKS} kiosks, {WINDOWS} windows with rating pads, {DISPLAYS} displays; two processes on "
          f"PostgreSQL + Redis; {elapsed:.0f} s")
    print(f"{'action':<20} {'count':>7} {'per s':>6} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}")
    errors = 0
    for action, values in tally.ms.items():
        errors += len(tally.errors[action])
        print(f"{action:<20} {len(values):>7} {len(values) / elapsed:>6.1f} {len(tally.errors[action]):>6} "
              f"{pct(values, 50):>7.1f} {pct(values, 95):>7.1f} {pct(values, 99):>7.1f} {max(values):>7.1f}")
    delays = [(at - called[number]) * 1000 for number, ats in heard.items() if number in called for at in ats]
    missed = sum(DISPLAYS - len(heard.get(number, [])) for number in called)
    print(f"displays: {len(delays)} calls heard, {missed} missed; after the call's answer p50 {pct(delays, 50):.1f} ms, "
          f"p99 {pct(delays, 99):.1f} ms")
    print(f"memory: {', '.join(f'{m:.0f} MB' for m in memory)}")
    budget = CONNECTIONS * len(servers)
    print(f"PostgreSQL connections: at most {watch.peak} at once (the processes' budget {budget})")
    for line in server_faults(servers) if errors else []:
        print("  server:", line[:300])
    for action, messages in tally.errors.items():
        for message in messages[:3]:
            print(f"  error in {action}: {message}")
    ok = errors == 0 and missed == 0 and watch.peak <= budget
    print("zero errors" if ok else f"{errors} errors, {missed} calls missed by a display, "
                                   f"{watch.peak} connections for a budget of {budget}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
