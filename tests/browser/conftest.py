"""Playwright against Debian's chromium and a real ``hall serve --demo`` on SQLite."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import LiveServer

CHROMIUM = os.environ.get("HALL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                 "--autoplay-policy=no-user-gesture-required"]
SCREENSHOTS = Path(os.environ.get("HALL_SCREENSHOTS", Path(__file__).resolve().parents[2] / "test-output"))


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"chromium not found at {CHROMIUM} (scripts/setup.sh installs it)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def hall_server(tmp_path):
    """A fresh demo hall served by a real process (gevent, websockets)."""
    server = LiveServer(f"sqlite:///{tmp_path / 'hall.sqlite3'}", tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def new_page(browser):
    """new_page(width, height) → a page in its own context (own storage), zh-CN."""
    contexts = []

    def _new(width: int = 1280, height: int = 800, **kwargs):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                      **kwargs)
        contexts.append(context)
        context.on("page", _poll_under_csp)     # popups too
        return _poll_under_csp(context.new_page())
    yield _new
    for context in contexts:
        context.close()


def _poll_under_csp(page):
    """The pages run under their Content-Security-Policy (no eval), and Playwright's own
    ``wait_for_function`` evaluates its predicate with eval inside the page: the page's
    ``wait_for_function`` polls the predicate through ``page.evaluate`` instead (the browser's
    debugging protocol, which the policy does not restrict)."""
    def wait_for_function(expression, *, arg=None, timeout=None, polling=None):
        import time
        from playwright.sync_api import Error, TimeoutError as PlaywrightTimeout
        deadline = time.monotonic() + (30000 if timeout is None else timeout) / 1000
        interval = polling / 1000 if isinstance(polling, (int, float)) else 0.05
        last = None
        while True:
            try:
                value = page.evaluate(expression, arg)
                if value:
                    return value
            except Error as exc:     # not there yet, or the page navigated meanwhile
                last = exc
            if time.monotonic() >= deadline:
                raise PlaywrightTimeout(f"wait_for_function timed out: {expression!r} ({last})")
            time.sleep(interval)
    page.wait_for_function = wait_for_function
    return page


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def open_console(new_page, base: str, window: int, width: int = 1366, height: int = 900):
    """The window console, logged in as staffNN and signed in at window NN."""
    console = new_page(width, height)
    console.goto(f"{base}/window/{window}")
    console.fill("#username", f"staff{window:02d}")
    console.fill("#password", "demo")
    console.click("button[type=submit]")
    console.click("#btn-sign-in")
    console.wait_for_selector("#desk:not(.hidden)")
    return console
