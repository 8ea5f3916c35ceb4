"""Attack: clickjacking, sniffing, injected scripts and cached staff answers. Every page and API
answer refuses to be framed by another site and to be sniffed; pages run only the hall's own
script and style files (an injected inline script does not run); staff answers and new
tokens are never stored by a cache."""
import pytest

from tests.browser.conftest import browser, hall_server, new_page   # noqa: F401  (fixtures)

PAGES = ("/kiosk", "/display", "/window/2", "/window-screen/2", "/rating-pad/2", "/manager", "/admin",
         "/review", "/helper", "/assessments", "/book", "/stars", "/region", "/board", "/oversight", "/progress")


def test_pages_and_answers_carry_the_security_headers(client, login):
    for path in PAGES + ("/api/v1/queues",):
        answer = client.get(path)
        assert answer.status_code == 200, path
        policy = answer.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy
        assert answer.headers["X-Frame-Options"] == "DENY"
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["Referrer-Policy"] == "same-origin"
        if path.startswith("/api/"):
            assert policy.startswith("default-src 'none'")
        else:
            directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
            assert directives["script-src"] == "'self'", path
            assert directives["style-src"] == "'self'", path
            assert "unsafe" not in policy
    me = client.get("/api/v1/auth/me", headers=login("staff01"))
    assert me.headers["Cache-Control"] == "no-store"
    token = client.post("/api/v1/auth/login", json={"username": "staff01", "password": "demo"})
    assert token.headers["Cache-Control"] == "no-store"


@pytest.mark.browser
def test_an_injected_inline_script_does_not_run_and_the_pages_break_no_rule(hall_server, new_page):
    page = new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    refused = 0
    for path in PAGES:
        page.goto(hall_server.url + path)
        page.wait_for_load_state("networkidle")
        assert violations == [], path          # the page itself breaks no rule of its policy
        assert page.evaluate("""() => {
            const s = document.createElement('script');
            s.textContent = 'window.__injected = true';
            document.body.appendChild(s);
            const d = document.createElement('div');
            d.innerHTML = '<img src=x onerror="window.__injected = true">';
            document.body.appendChild(d);
            return new Promise((done) => setTimeout(() => done(window.__injected === true), 300));
        }""") is False, path
        refused += len(violations)
        violations.clear()
    assert refused >= len(PAGES)     # the injected scripts were refused, and the browser said so
