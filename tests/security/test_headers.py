"""Clickjacking, sniffing and cached staff answers: every page and API answer refuses to be
framed by another site and to be sniffed, and staff answers are never stored by a cache."""


def test_pages_and_answers_carry_the_security_headers(client, login):
    for path in ("/kiosk", "/display", "/manager", "/admin", "/api/v1/queues"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert answer.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
        assert answer.headers["X-Frame-Options"] == "DENY"
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["Referrer-Policy"] == "same-origin"
    me = client.get("/api/v1/auth/me", headers=login("staff01"))
    assert me.headers["Cache-Control"] == "no-store"
    token = client.post("/api/v1/auth/login", json={"username": "staff01", "password": "demo"})
    assert token.headers["Cache-Control"] == "no-store"
