"""A whole city on one deployment: 50 halls, 5,000 screens, two processes with Redis.

    python bench/city_screens.py                  # 5,000 screens, 60 s of load
    python bench/city_screens.py --screens 1000 --seconds 20   # a quicker look

The city (市), 8 counties (区县, the demo district among them) and 41 townships (乡镇, the
demo township among them) are halls of one PostgreSQL database, served by two `hall serve`
processes sharing Redis. Every hall has the same number of screens: a fifth are lobby
displays, one screen and one rating pad per window, the rest ticket pages on phones (each
for a ticket taken beforehand). Ten townships run the hall load of `bench/load_hall.py` at
its density (four kiosks per window, a ticket every 10 s each; windows call, start, serve
1–3 s, finish); the other forty stay idle.

Measured and printed beside their targets (issue 20):
- the delay from a call's HTTP answer to its `ticket_called` on every screen of that hall
  that shows it (its displays, the window's screen, the ticket's page): p50, p99 < 200 ms,
  and no screen of another hall receiving it (each loaded hall's queues have prefixes of
  their own, idle halls call nothing);
- server memory per connected screen (resident memory with the screens, less before) < 30 KB;
- CPU per process while the 5,000 screens are connected and the halls idle (heartbeats
  only) < 10 % of a core;
- the reconnect storm after both processes restart: every screen back with a fresh `state`
  within 30 s, and none stale (a call made in each loaded hall as soon as the servers answer
  is in every display's fresh state or reaches it afterwards).

The screens are one asyncio process speaking Engine.IO 4 / Socket.IO 5 over one websocket
each (the `websockets` library), as the browsers do; the HTTP load runs in a few threads.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import requests
import websockets

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.conftest import PG_URL, REDIS_URL, LiveServer, reset_postgres  # noqa: E402

HALLS, LOADED = 50, 10
TARGET_P99_MS, TARGET_KB_PER_SCREEN, TARGET_IDLE_CPU, TARGET_STORM_S = 200, 30, 10, 30
KIOSKS_PER_WINDOW, KIOSK_INTERVAL = 4, 10.0
IDLE_SECONDS = 20
CLK_TCK = os.sysconf("SC_CLK_TCK")


# --- the city ----------------------------------------------------------------------------

def township_module(code: str, name: str, prefixes: tuple[str, str] | None):
    """A township like the demo's (hall.demo.town), with its own code, accounts and (for a
    loaded hall) queue prefixes of its own."""
    from hall.demo import town

    queues = [dict(q) for q in town.QUEUES]
    for queue, prefix in zip(queues, prefixes or ("D", "F")):
        queue.update(prefix=prefix, daily_cap=100000, opens_at=None, closes_at=None)
    staff = [{**row, "username": f"{code}-{row['username']}", "staff_no": f"{code[-3:]}{row['staff_no']}"}
             for row in town.STAFF]
    return SimpleNamespace(HALL={**town.HALL, "code": code, "name": name}, NOTICES=town.NOTICES,
                           DEPARTMENTS=town.DEPARTMENTS, QUEUES=queues, ITEMS=town.ITEMS, WINDOWS=town.WINDOWS,
                           STAFF=staff)


def build_city(db_url: str, instance: Path) -> list[dict]:
    """The 50 halls at three levels and, per hall, its windows' screens and pads:
    [{code, level, windows: [n], loaded, staff: {window: username}, devices: {(kind, n): token}}]."""
    import sqlalchemy as sa

    from hall import create_app
    from hall.catalog.cache import build
    from hall.catalog.models import Hall, Queue, Window
    from hall.db import dispose, session_scope
    from hall.demo.loader import load_hall
    from hall.devices.service import add_device

    app = create_app({"HALL_DATABASE_URL": db_url, "HALL_INSTANCE_PATH": str(instance), "HALL_ASYNC_MODE": "threading"})
    session = session_scope(app)
    plan = []
    try:
        with app.app_context():
            halls = {h.code: h for h in session.scalars(sa.select(Hall))}
            city = Hall(code="city", name="大兴安岭地区政务服务中心", level="city")
            session.add(city)
            session.flush()
            halls["xinlin"].level, halls["xinlin"].parent_id = "county", city.id
            halls["xinlin-zhen"].level, halls["xinlin-zhen"].parent_id = "township", halls["xinlin"].id
            counties = [halls["xinlin"]]
            for i in range(2, 9):
                county = load_hall(session, "demo", township_module(f"county{i}", f"第{i}区县政务服务中心", None))
                county.level, county.parent_id = "county", city.id
                counties.append(county)
            towns = [halls["xinlin-zhen"]]
            for i in range(1, HALLS - 2 - 7):
                prefixes = (f"D{i - 1}", f"F{i - 1}") if i <= LOADED else None
                town = load_hall(session, "demo", township_module(f"town{i:02d}", f"第{i}乡镇便民服务中心", prefixes))
                town.level, town.parent_id = "township", counties[i % len(counties)].id
                towns.append(town)
                session.commit()          # one hall at a time: the session stays small
                print(f"  hall {town.code} loaded", flush=True)
            session.execute(sa.update(Queue).values(daily_cap=100000))
            session.execute(sa.update(Hall).values(catalog_version=Hall.catalog_version + 1))
            session.commit()
            for hall in [city] + counties + towns:
                catalog = build(session, hall.id)
                windows = sorted(session.scalars(sa.select(Window.number).where(Window.hall_id == hall.id)))
                devices = {}
                for number in windows:
                    for kind in ("window_screen", "rating_pad"):
                        devices[(kind, number)] = add_device(session, catalog, kind, number)[1]
                loaded = hall.code.startswith("town") and int(hall.code[4:]) <= LOADED
                plan.append({"code": hall.code, "level": hall.level, "windows": windows, "loaded": loaded,
                             "staff": {n: f"{hall.code}-zhen{n:02d}" for n in windows} if loaded else {},
                             "devices": devices})
            session.commit()
    finally:
        session.close()
        dispose(app)
    return plan


# --- the screens -------------------------------------------------------------------------

@dataclass
class Screen:
    hall: str
    url: str
    join: dict
    kind: str                          # display | window | pad | ticket
    heard: dict = field(default_factory=dict)    # ticket number -> first arrival (perf_counter)
    foreign: int = 0                   # ticket_called of another hall's prefix
    states: list = field(default_factory=list)   # (perf_counter, numbers in recent_calls)
    connected: bool = False


async def run_screen(screen: Screen, prefixes: dict[str, tuple], stop: asyncio.Event) -> None:
    """Connect, join, listen; on a lost connection come back with jittered backoff, as the
    pages' Socket.IO client does."""
    own = prefixes.get(screen.hall)
    backoff = 0.5
    while not stop.is_set():
        try:
            async with websockets.connect(screen.url, open_timeout=60, ping_interval=None, compression=None,
                                          max_size=None, close_timeout=1) as ws:
                await ws.recv()                        # 0{...}: Engine.IO open
                await ws.send("40")
                await ws.recv()                        # 40{"sid": ...}
                await ws.send("42" + json.dumps(["join", screen.join]))
                backoff = 0.5
                async for message in ws:
                    at = time.perf_counter()
                    if message == "2":
                        await ws.send("3")
                    elif message.startswith('42["ticket_called"'):
                        number = json.loads(message[2:])[1]["number"]
                        screen.heard.setdefault(number, at)
                        if own is None or not number.startswith(own):
                            screen.foreign += 1
                    elif message.startswith('42["state"'):
                        calls = json.loads(message[2:])[1].get("recent_calls") or []
                        screen.states.append((at, {c["number"] for c in calls}))
                        screen.connected = True
        except (OSError, asyncio.TimeoutError, websockets.WebSocketException):
            pass
        screen.connected = False
        if stop.is_set():
            return
        await asyncio.sleep(random.uniform(0, backoff))
        backoff = min(backoff * 2, 5.0)


def plan_screens(plan: list[dict], per_hall: int, urls: list[str], tickets: dict[str, list]) -> list[Screen]:
    screens = []
    for h, hall in enumerate(plan):
        code = hall["code"]

        def ws_url(i):
            return urls[(h + i) % 2].replace("http://", "ws://") + f"/socket.io/?EIO=4&transport=websocket&hall={code}"
        joins = []
        for n in hall["windows"]:
            joins.append(("window", {"room": f"window:{n}", "device_token": hall["devices"][("window_screen", n)]}))
            joins.append(("pad", {"room": f"rating_pad:{n}", "device_token": hall["devices"][("rating_pad", n)]}))
        displays = per_hall // 5
        joins += [("display", {"room": "display"})] * displays
        phones = per_hall - len(joins)
        joins += [("ticket", {"room": f"ticket:{token}"}) for _number, token in tickets[code][:phones]]
        screens += [Screen(code, ws_url(i), join, kind) for i, (kind, join) in enumerate(joins)]
    return screens


def take_tickets(urls: list[str], plan: list[dict], per_hall: int) -> dict[str, list]:
    """The tickets whose pages are open on phones: [(number, token)] per hall."""
    from concurrent.futures import ThreadPoolExecutor

    def take(args):
        url, code, queue = args
        r = requests.post(url + "/api/v1/tickets", json={"queue_code": queue}, headers={"X-Hall": code}, timeout=60)
        r.raise_for_status()
        return code, r.json()["number"], r.json()["token"]

    phones = per_hall - per_hall // 5 - 2 * 3
    jobs = [(urls[i % 2], hall["code"], ("social", "welfare")[i % 2]) for hall in plan for i in range(phones)]
    tickets: dict[str, list] = {hall["code"]: [] for hall in plan}
    with ThreadPoolExecutor(8) as pool:
        for code, number, token in pool.map(take, jobs):
            tickets[code].append((number, token))
    return tickets


# --- the hall load (threads) -------------------------------------------------------------

class Load:
    def __init__(self, urls: list[str], plan: list[dict]):
        self.urls, self.halls = urls, [h for h in plan if h["loaded"]]
        self.stop = threading.Event()
        self.calls: list[tuple[str, int, str, float]] = []   # (hall, window, number, answered at)
        self.errors: list[str] = []
        self.tickets = 0
        self.threads: list[threading.Thread] = []

    def start(self) -> None:
        for h, hall in enumerate(self.halls):
            for n in hall["windows"]:
                self.threads.append(threading.Thread(target=self.window, args=(self.urls[(h + n) % 2], hall, n),
                                                     daemon=True))
            kiosks = KIOSKS_PER_WINDOW * len(hall["windows"])
            self.threads.append(threading.Thread(target=self.kiosks, args=(self.urls[h % 2], hall, kiosks),
                                                 daemon=True))
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(60)

    def kiosks(self, url: str, hall: dict, kiosks: int) -> None:
        """``kiosks`` kiosks each taking a ticket every 10 s on average: one Poisson stream."""
        http = requests.Session()
        while not self.stop.wait(random.expovariate(kiosks / KIOSK_INTERVAL)):
            try:
                r = http.post(url + "/api/v1/tickets", json={"queue_code": random.choice(("social", "welfare"))},
                              headers={"X-Hall": hall["code"]}, timeout=30)
                if r.status_code != 201:
                    self.errors.append(f"ticket {r.status_code} {r.text[:120]}")
                self.tickets += 1
            except requests.RequestException as exc:
                self.errors.append(repr(exc)[:120])

    def window(self, url: str, hall: dict, number: int) -> None:
        api = url + "/api/v1"
        http = login(api, hall["staff"][number])
        http.post(f"{api}/windows/{number}/sign-in", timeout=30).raise_for_status()
        while not self.stop.is_set():
            try:
                called = call_next(api, http, hall["code"], number)
                if called is None:
                    self.stop.wait(1)
                    continue
                self.calls.append(called)
                ticket_id = called[4]
                self.stop.wait(random.uniform(0.2, 0.8))
                http.post(f"{api}/tickets/{ticket_id}/start", timeout=30)
                self.stop.wait(random.uniform(0.5, 2.0))
                r = http.post(f"{api}/tickets/{ticket_id}/finish", timeout=30)
                if r.status_code != 200:
                    self.errors.append(f"finish {r.status_code} {r.text[:120]}")
            except requests.RequestException as exc:
                self.errors.append(repr(exc)[:120])
                self.stop.wait(1)


def login(api: str, username: str) -> requests.Session:
    http = requests.Session()
    r = http.post(api + "/auth/login", json={"username": username, "password": "demo"}, timeout=30)
    r.raise_for_status()
    http.headers["Authorization"] = "Bearer " + r.json()["token"]
    return http


def call_next(api: str, http: requests.Session, code: str, number: int):
    """(hall, window, number, answered at, ticket id) or None when the queue is empty."""
    r = http.post(f"{api}/windows/{number}/call-next", timeout=30)
    answered = time.perf_counter()
    if r.status_code != 200:
        if r.json().get("error", {}).get("code") != "queue_empty":
            raise requests.RequestException(f"call-next {r.status_code} {r.text[:120]}")
        return None
    ticket = r.json()["ticket"]
    return code, number, ticket["number"], answered, ticket["id"]


def call_once_per_hall(urls: list[str], plan: list[dict]) -> list[tuple]:
    """One call in each loaded hall, made as soon as the restarted servers answer."""
    calls = []
    for h, hall in enumerate(h for h in plan if h["loaded"]):
        api = urls[h % 2] + "/api/v1"
        http = login(api, hall["staff"][hall["windows"][0]])
        called = call_next(api, http, hall["code"], hall["windows"][0])
        if called is not None:
            calls.append(called)
    return calls


# --- figures -----------------------------------------------------------------------------

def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else (values[0] if values else float("nan"))


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def call_delays(calls, screens: list[Screen], tickets: dict[str, list]) -> tuple[list[float], int]:
    """For each call, its delay on every screen of its hall that shows it; (delays, missed)."""
    by_hall: dict[str, list[Screen]] = {}
    for screen in screens:
        by_hall.setdefault(screen.hall, []).append(screen)
    token_of = {(code, number): token for code, rows in tickets.items() for number, token in rows}
    delays, missed = [], 0
    for code, window, number, answered, _id in calls:
        token = token_of.get((code, number))
        for screen in by_hall[code]:
            room = screen.join["room"]
            if not (room == "display" or room == f"window:{window}" or (token and room == f"ticket:{token}")):
                continue
            at = screen.heard.get(number)
            if at is None:
                missed += 1
            else:
                delays.append(max(0.0, (at - answered) * 1000))
    return delays, missed


async def wait_for(condition, seconds: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(step)
    return condition()


async def main_async(args) -> int:
    folder = Path(tempfile.mkdtemp(prefix="hall-city-"))
    reset_postgres(PG_URL)
    subprocess.run([sys.executable, "-m", "hall.cli", "init-db", "--demo", "--db", PG_URL], check=True,
                   env=dict(os.environ, HALL_INSTANCE_PATH=str(folder)), capture_output=True)
    started = time.perf_counter()
    plan = build_city(PG_URL, folder)
    per_hall = args.screens // len(plan)
    print(f"{len(plan)} halls ({sum(h['level'] == 'city' for h in plan)} city, "
          f"{sum(h['level'] == 'county' for h in plan)} county, {sum(h['level'] == 'township' for h in plan)} township), "
          f"{per_hall} screens each, built in {time.perf_counter() - started:.0f} s")
    env = {"HALL_TICKET_RATE_LIMIT": "off", "HALL_TICKETS_PER_ADDRESS_DAY": "off", "HALL_LOGIN_RATE_LIMIT": "off",
           "HALL_DB_CONNECTIONS": "30"}
    servers = [LiveServer(PG_URL, folder, redis_url=REDIS_URL, demo=False, env=env).start(timeout=120)
               for _ in range(2)]
    urls = [s.url for s in servers]
    stop = asyncio.Event()
    tasks: list[asyncio.Task] = []
    try:
        tickets = take_tickets(urls, plan, per_hall)
        prefixes = {h["code"]: (f"D{int(h['code'][4:]) - 1}", f"F{int(h['code'][4:]) - 1}") for h in plan if h["loaded"]}
        screens = plan_screens(plan, per_hall, urls, tickets)
        await asyncio.sleep(1)
        before = [rss_kb(s.proc.pid) for s in servers]
        began = time.perf_counter()
        for i, screen in enumerate(screens):
            tasks.append(asyncio.create_task(run_screen(screen, prefixes, stop)))
            if i % 50 == 49:
                await asyncio.sleep(0.05)             # a city's screens come on over a few seconds
        ok_joined = await wait_for(lambda: all(s.connected for s in screens), 180)
        joined = sum(s.connected for s in screens)
        print(f"{joined} of {len(screens)} screens joined in {time.perf_counter() - began:.1f} s")
        await asyncio.sleep(3)
        after = [rss_kb(s.proc.pid) for s in servers]
        per_screen = (sum(after) - sum(before)) / max(1, joined)

        cpu0, t0 = [cpu_seconds(s.proc.pid) for s in servers], time.monotonic()
        await asyncio.sleep(IDLE_SECONDS)
        idle = [(cpu_seconds(s.proc.pid) - c) / (time.monotonic() - t0) * 100 for s, c in zip(servers, cpu0)]

        load = Load(urls, plan)
        load.start()
        load_began = time.perf_counter()
        await asyncio.sleep(args.seconds)
        await asyncio.get_running_loop().run_in_executor(None, load.finish)
        load_seconds = time.perf_counter() - load_began
        await asyncio.sleep(2)                          # the last calls arrive
        delays, missed = call_delays(load.calls, screens, tickets)
        foreign = sum(s.foreign for s in screens)

        # the storm: both processes restart; every screen comes back on its own
        for s in screens:
            s.states.clear()
        for server in servers:
            server.stop()
        restarted = time.perf_counter()
        await asyncio.get_running_loop().run_in_executor(None, lambda: [s.start(timeout=120) for s in servers])
        fresh_calls = await asyncio.get_running_loop().run_in_executor(None, call_once_per_hall, urls, plan)
        ok_back = await wait_for(lambda: all(s.states for s in screens), TARGET_STORM_S * 3)
        storm = max((s.states[0][0] for s in screens if s.states), default=float("nan")) - restarted
        back = sum(bool(s.states) for s in screens)
        await asyncio.sleep(2)
        stale = 0
        for code, _window, number, _at, _id in fresh_calls:
            for s in screens:
                if s.hall == code and s.kind == "display" and s.states:
                    if number not in s.states[0][1] and number not in s.heard:
                        stale += 1
    finally:
        stop.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for s in servers:
            s.stop()

    p50, p99 = pct(delays, 50), pct(delays, 99)
    ok_delay = p99 < TARGET_P99_MS and missed == 0 and foreign == 0
    ok_memory = per_screen < TARGET_KB_PER_SCREEN
    ok_idle = max(idle) < TARGET_IDLE_CPU
    ok_storm = ok_back and storm < TARGET_STORM_S and stale == 0
    print(f"load in {len(load.halls)} halls for {load_seconds:.0f} s: {load.tickets} tickets, {len(load.calls)} calls, "
          f"{len(load.errors)} errors")
    for error in load.errors[:5]:
        print("  error:", error)
    print(f"call → every screen of its hall: {len(delays)} arrivals, p50 {p50:.1f} ms, p99 {p99:.1f} ms "
          f"(target < {TARGET_P99_MS}); {missed} missed; {foreign} heard in another hall (target 0)  "
          f"{'MEETS' if ok_delay else 'BELOW'} target")
    print(f"server memory per connected screen: {per_screen:.1f} KB (target < {TARGET_KB_PER_SCREEN}); "
          f"processes {', '.join(f'{a / 1024:.0f} MB' for a in after)} with screens, "
          f"{', '.join(f'{b / 1024:.0f} MB' for b in before)} without  {'MEETS' if ok_memory else 'BELOW'} target")
    print(f"CPU per process, idle with {joined} screens ({IDLE_SECONDS} s): "
          f"{', '.join(f'{c:.1f} %' for c in idle)} (target < {TARGET_IDLE_CPU} %)  {'MEETS' if ok_idle else 'BELOW'} target")
    print(f"reconnect storm after restarting both processes: {back} of {len(screens)} screens back with a fresh state "
          f"{storm:.1f} s after the restart began (target < {TARGET_STORM_S} s); {stale} displays stale (target 0)  "
          f"{'MEETS' if ok_storm else 'BELOW'} target")
    return 0 if ok_joined and ok_delay and ok_memory and ok_idle and ok_storm and not load.errors else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screens", type=int, default=5000)
    parser.add_argument("--seconds", type=int, default=60)
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
