"""A regular install (``pip install .``, not editable) serves every page.

Slow: builds a wheel from a clean copy of the source, installs it into a fresh venv and
runs ``hall serve --demo`` from there, outside the repository, so that a page or an asset
that only exists in the source tree answers 404 here. The venv sees the machine's
site-packages (``--system-site-packages``) for hall's dependencies; the wheel itself is
installed with ``--no-deps --no-index``, so installing downloads nothing. Building uses the
machine's setuptools when it can build wheels, otherwise pip's isolated build (which takes
setuptools from pip's cache or the package index).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import pytest
import requests

from tests.conftest import ROOT, free_port

pytestmark = [pytest.mark.slow]

# what a source checkout may hold that is no part of the package's source
NOT_SOURCE = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__", "*.pyc", "instance",
                                    "run", "backups", "test-output", ".venv", ".pytest_cache", "node_modules")
ASSET = re.compile(r"""["'(](/assets/[A-Za-z0-9_.\-/]+)""")
# every route of hall/pages/views.py with a value for its parameters (other than /assets/)
PAGES = {
    "/": "/", "/favicon.ico": "/favicon.ico", "/kiosk": "/kiosk", "/display": "/display",
    "/window/<int:number>": "/window/1", "/window-screen/<int:number>": "/window-screen/1",
    "/rating-pad/<int:number>": "/rating-pad/1", "/manager": "/manager", "/t/<token>": None,
    "/review": "/review", "/book": "/book", "/stars": "/stars", "/region": "/region", "/board": "/board",
    "/oversight": "/oversight", "/progress": "/progress", "/helper": "/helper", "/assessments": "/assessments",
    "/admin": "/admin", "/integrations": "/integrations", "/project-progress": "/project-progress",
}


def _run(args: list[str], timeout: float, **kwargs) -> subprocess.CompletedProcess:
    """Run a setup step; its failure fails the test with what the step printed."""
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, **kwargs)
    assert done.returncode == 0, f"{' '.join(args)} exited {done.returncode}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def _can_build_here() -> bool:
    """The running interpreter's setuptools meets build-system.requires and builds wheels
    (bdist_wheel is in setuptools from 70.1, before that in the ``wheel`` package)."""
    try:
        version = tuple(int(part) for part in metadata.version("setuptools").split(".")[:2])
    except (metadata.PackageNotFoundError, ValueError):
        return False
    if version >= (70, 1):
        return True
    try:
        metadata.version("wheel")
    except metadata.PackageNotFoundError:
        return False
    return version >= (68, 0)


def _clean_env(**extra) -> dict:
    """The environment without anything that points back into the source tree or at the
    test run's databases."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH" and not key.startswith("HALL_")}
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", **extra)
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with hall installed from a wheel; returns its bin folder."""
    work = tmp_path_factory.mktemp("install")
    source, wheels, venv = work / "source", work / "wheels", work / "venv"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(wheels), str(source)]
    if _can_build_here():
        build.insert(4, "--no-build-isolation")
    _run(build, timeout=600, cwd=work, env=_clean_env())
    built = list(wheels.glob("hall-*.whl"))
    assert len(built) == 1, f"expected one hall wheel, found {built}"
    _run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)], timeout=120)
    python = venv / "bin" / "python"
    # pip itself comes from the machine's site-packages; it installs into the venv
    _run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(built[0])], timeout=300,
         cwd=work, env=_clean_env())
    # the venv's hall, not the source tree's or an editable install's
    where = _run([str(python), "-c", "import hall, printers, kiosk_ui, display_board\n"
                  "for m in (hall, printers, kiosk_ui, display_board): print(m.__file__)"],
                 timeout=60, cwd=work, env=_clean_env()).stdout.split()
    assert len(where) == 4
    for path in where:
        assert Path(path).resolve().is_relative_to(venv.resolve()), f"{path} is not the installed copy"
    return venv / "bin"


@pytest.fixture(scope="module")
def served(installed, tmp_path_factory):
    """``hall serve --demo`` from the venv, in a folder outside the repository."""
    home = tmp_path_factory.mktemp("served")
    instance = home / "instance"
    port = free_port()
    log = home / "server.log"
    env = _clean_env(HALL_INSTANCE_PATH=str(instance), HALL_TICKET_RATE_LIMIT="off",
                     HALL_TICKETS_PER_ADDRESS_DAY="off", HALL_LOGIN_RATE_LIMIT="off", HALL_BOOKING_RATE_LIMIT="off")
    with open(log, "ab") as out:
        proc = subprocess.Popen([str(installed / "hall"), "serve", "--demo", "--port", str(port)], env=env,
                                stdout=out, stderr=subprocess.STDOUT, cwd=home)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, f"hall serve exited {proc.returncode}:\n{log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"hall serve did not answer:\n{log.read_text()[-3000:]}"
            try:
                if requests.get(url + "/api/v1/queues", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.2)   # poll interval while waiting for the server to answer
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_every_page_route_is_listed(app):
    """The page list below is the blueprint's: a new page must be added to PAGES."""
    rules = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("pages.")}
    assert rules - {"/assets/<folder>/<path:filename>"} == set(PAGES)


def test_installed_wheel_serves_every_page_and_its_assets(served):
    ticket = requests.post(served + "/api/v1/tickets", json={"queue_code": "tax"}, timeout=10)
    assert ticket.status_code == 201, ticket.text
    token = ticket.json()["track_url"].rstrip("/").rsplit("/", 1)[-1]
    pages = [path or f"/t/{token}" for path in PAGES.values()]

    assets: set[str] = set()
    for path in pages:
        response = requests.get(served + path, timeout=10, allow_redirects=False)
        if path == "/":
            assert response.status_code == 302, path
            assert response.headers["Location"].endswith("/kiosk")
        elif path == "/favicon.ico":
            assert response.status_code == 204, path
        else:
            assert response.status_code == 200, path
            assert "text/html" in response.headers["Content-Type"], path
            found = set(ASSET.findall(response.text))
            assert found, f"{path} references no script or style"
            assets |= found
    assert {"/assets/kiosk/kiosk.js", "/assets/display/display.js", "/assets/static/hall.js",
            "/assets/static/vendor/socket.io.min.js"} <= assets

    fetched: set[str] = set()
    while assets - fetched:        # assets may name further assets (a script loading another)
        path = sorted(assets - fetched)[0]
        fetched.add(path)
        response = requests.get(served + path, timeout=10)
        assert response.status_code == 200, path
        assert response.content, path
        if path.endswith((".js", ".css")):
            assets |= set(ASSET.findall(response.text))


def test_installed_wheel_prints_a_ticket(served):
    """The printers package and its fonts work from the install: the ticket PDF."""
    ticket = requests.post(served + "/api/v1/tickets", json={"queue_code": "tax"}, timeout=10)
    assert ticket.status_code == 201, ticket.text
    token = ticket.json()["track_url"].rstrip("/").rsplit("/", 1)[-1]
    pdf = requests.get(f"{served}/api/v1/tickets/by-token/{token}/ticket.pdf", timeout=30)
    assert pdf.status_code == 200, pdf.text[:500]
    assert pdf.content.startswith(b"%PDF")
