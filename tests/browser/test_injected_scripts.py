"""Attack (the browser half of ``tests/security/test_headers.py``): a script injected into any
page does not run, and no page breaks a rule of its own Content-Security-Policy."""
import pytest

from tests.security.test_headers import PAGES

pytestmark = pytest.mark.browser


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
