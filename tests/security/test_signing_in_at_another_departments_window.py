"""Attack: a staff member signed in at another department's window (a tax clerk at the market
regulator's counter), calling its citizens and accepting its cases. Now window staff sign in
only at their department's windows or a comprehensive one (403 ``wrong_department_window``);
managers may sign in anywhere."""
API = "/api/v1"


def sign_in(client, login, who, window):
    return client.post(f"{API}/windows/{window}/sign-in", headers=login(who))


def test_window_staff_sign_in_only_at_their_departments_or_a_comprehensive_window(client, login):
    refused = sign_in(client, login, "staff04", 2)          # 税务 at 市场监管
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "wrong_department_window"
    refused = sign_in(client, login, "staff01", 2)          # the comprehensive window's clerk at 市场监管
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "wrong_department_window"
    assert sign_in(client, login, "staff03", 2).status_code == 200   # 市场监管 at another of its own
    assert sign_in(client, login, "staff04", 1).status_code == 200   # anyone at the comprehensive window
    assert sign_in(client, login, "manager", 5).status_code == 200
