"""Attack: clickjacking, sniffing, injected scripts and cached staff answers. Every page and API
answer refuses to be framed by another site and to be sniffed; pages run only the hall's own
script and style files (an injected inline script does not run); staff answers and new
tokens are never stored by a cache. (The browser half, an injected script refused, is
``tests/browser/test_injected_scripts.py``, beside the browser's fixtures.)"""

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
