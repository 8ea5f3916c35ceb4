"""Every staff endpoint, found in the URL map (so a new one cannot slip through), refuses a
request without a token (401) and a token of a role it does not admit (403)."""
import re


from hall.auth.guard import ALL_STAFF

ROLE_ACCOUNTS = {"staff": "staff01", "reviewer": "reviewer-scjg", "manager": "manager", "regional": "region",
                 "admin": "admin", "supervisor": "supervisor", "helper": "helper01"}


def staff_endpoints(app):
    found = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        roles = getattr(view, "required_roles", None)
        if roles is None:
            continue
        path = re.sub(r"<int:[^>]+>", "1", rule.rule)
        path = re.sub(r"<[^>]+>", "X1", path)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, path, tuple(roles)))
    return found


def test_the_walk_covers_the_staff_api(app):
    endpoints = staff_endpoints(app)
    assert len(endpoints) >= 40
    paths = {p for _m, p, _r in endpoints}
    assert "/api/v1/windows/1/call-next" in paths
    assert "/api/v1/cases/X1/extend" in paths
    assert "/api/v1/star-ratings/X1/close" in paths


def test_no_token_is_401_and_a_wrong_role_is_403(app, client, login):
    tokens = {role: login(user) for role, user in ROLE_ACCOUNTS.items()}
    for method, path, roles in staff_endpoints(app):
        bare = client.open(path, method=method, json={})
        assert bare.status_code == 401, (method, path, bare.status_code)
        assert bare.get_json()["error"]["code"] == "unauthorized"
        for role in set(ALL_STAFF) - set(roles):
            wrong = client.open(path, method=method, json={}, headers=tokens[role])
            assert wrong.status_code == 403, (method, path, role, wrong.status_code)
            assert wrong.get_json()["error"]["code"] == "wrong_role"
