"""Attack: departments were not kept apart. A reviewer read another department's review
tasks (with the applicant's name and the query code), recorded a joint meeting on a case
their department has no task on, and every staff account read every case. Now reads are
scoped to the roles and departments that have the case (``hall.cases.access``)."""
from tests.api.test_cases import make_desk
from tests.api.test_joint_review import accept_joint

API = "/api/v1"


def refused(answer):
    return answer.status_code == 403 and answer.get_json()["error"]["code"] == "wrong_department"


def test_a_reviewer_reads_only_their_departments_tasks(client, login):
    _desk, accepted = accept_joint(client, login)          # 市场监管 leads, 卫健 reviews
    case_no = accepted.get_json()["case_no"]
    assert refused(client.get(f"{API}/reviews/wjj", headers=login("reviewer-sw")))
    assert refused(client.get(f"{API}/cases/{case_no}", headers=login("reviewer-sw")))
    assert refused(client.get(f"{API}/cases/{case_no}/reviews", headers=login("reviewer-sw")))
    own = client.get(f"{API}/reviews/wjj", headers=login("reviewer-wjj"))
    assert own.status_code == 200 and case_no in {c["case_no"] for c in own.get_json()}
    assert client.get(f"{API}/cases/{case_no}", headers=login("reviewer-wjj")).status_code == 200
    assert client.get(f"{API}/reviews/wjj", headers=login("manager")).status_code == 200


def test_a_joint_meeting_needs_a_task_of_ones_own_department(client, login):
    _desk, accepted = accept_joint(client, login)
    case_no = accepted.get_json()["case_no"]
    meeting = {"departments": ["scjg", "wjj"], "held_on": "2026-12-07", "conclusion": "同意"}
    assert refused(client.post(f"{API}/cases/{case_no}/review-meetings", json=meeting,
                               headers=login("reviewer-sw")))
    assert client.post(f"{API}/cases/{case_no}/review-meetings", json=meeting,
                       headers=login("reviewer-wjj")).status_code == 201


def test_window_staff_read_their_departments_cases_and_managers_the_halls(client, login):
    desk = make_desk(client, login, 2)                       # 市场监管 window
    accepted = desk.accept()
    assert accepted.status_code == 201, accepted.get_json()
    case_no = accepted.get_json()["case_no"]
    for other in ("staff04", "staff01", "helper01"):         # 税务, the comprehensive window, a helper
        assert refused(client.get(f"{API}/cases/{case_no}", headers=login(other))), other
        assert refused(client.get(f"{API}/cases/{case_no}/completion.pdf", headers=login(other))), other
    for allowed in ("staff03", "staff02", "manager", "supervisor"):
        assert client.get(f"{API}/cases/{case_no}", headers=login(allowed)).status_code == 200, allowed


def test_comprehensive_window_staff_read_the_cases_accepted_at_comprehensive_windows(client, login):
    desk = make_desk(client, login, 1)                       # the comprehensive window accepts every item
    accepted = desk.accept()
    assert accepted.status_code == 201, accepted.get_json()
    case_no = accepted.get_json()["case_no"]
    assert client.get(f"{API}/cases/{case_no}", headers=login("staff01")).status_code == 200
    assert client.get(f"{API}/cases/{case_no}", headers=login("staff02")).status_code == 200   # the item's department
    assert refused(client.get(f"{API}/cases/{case_no}", headers=login("staff04")))


def test_a_cases_fees_are_read_as_the_case_is(client, login):
    desk = make_desk(client, login, 2)
    case_no = desk.accept().get_json()["case_no"]
    assert refused(client.get(f"{API}/cases/{case_no}/payments", headers=login("staff04")))
    assert client.get(f"{API}/cases/{case_no}/payments", headers=login("staff02")).status_code == 200
