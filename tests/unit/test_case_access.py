"""Who reads which case (hall.cases.access): pure rules."""
from hall.cases.access import CaseFacts, Reader, may_read_case, may_read_department_tasks, may_record_meeting

SCJG, SW, WJJ = 2, 4, 9
AT_SCJG = CaseFacts(department_id=SCJG, window_department_id=SCJG, accepted_at_window=True, accepted_by=100,
                    review_departments=frozenset({SCJG, WJJ}))
AT_COMPREHENSIVE = CaseFacts(department_id=SCJG, window_department_id=None, accepted_at_window=True, accepted_by=101)


def test_the_hall_wide_roles_read_every_case():
    for role in ("manager", "admin", "supervisor", "regional"):
        assert may_read_case(Reader(1, role, None), AT_SCJG)


def test_window_staff_read_their_departments_cases():
    assert may_read_case(Reader(2, "staff", SCJG), AT_SCJG)
    assert not may_read_case(Reader(3, "staff", SW), AT_SCJG)
    assert may_read_case(Reader(3, "staff", SCJG), AT_COMPREHENSIVE)     # the item's department


def test_comprehensive_window_staff_read_the_comprehensive_windows_cases():
    assert may_read_case(Reader(4, "staff", None), AT_COMPREHENSIVE)
    assert not may_read_case(Reader(4, "staff", None), AT_SCJG)
    assert not may_read_case(Reader(4, "staff", None), CaseFacts(SCJG, None, False, 100))


def test_the_accepting_staff_member_reads_their_own_case():
    assert may_read_case(Reader(100, "staff", SW), AT_SCJG)


def test_reviewers_read_the_cases_with_a_task_of_their_department():
    assert may_read_case(Reader(5, "reviewer", WJJ), AT_SCJG)
    assert not may_read_case(Reader(5, "reviewer", SW), AT_SCJG)
    assert not may_read_case(Reader(5, "reviewer", None), AT_SCJG)
    assert not may_read_case(Reader(5, "reviewer", SCJG), AT_COMPREHENSIVE)


def test_helpers_read_no_case():
    assert not may_read_case(Reader(6, "helper", None), AT_COMPREHENSIVE)


def test_task_lists_and_meetings_are_the_departments_own():
    assert may_read_department_tasks(Reader(5, "reviewer", WJJ), WJJ)
    assert not may_read_department_tasks(Reader(5, "reviewer", SW), WJJ)
    assert may_read_department_tasks(Reader(1, "manager", None), WJJ)
    assert may_record_meeting(Reader(5, "reviewer", WJJ), AT_SCJG.review_departments)
    assert not may_record_meeting(Reader(5, "reviewer", SW), AT_SCJG.review_departments)
    assert may_record_meeting(Reader(1, "admin", None), frozenset())


def test_window_staff_sign_in_at_their_departments_or_a_comprehensive_window():
    from hall.queueing.rules import may_sign_in
    assert may_sign_in("staff", SCJG, SCJG) and may_sign_in("staff", SCJG, None) and may_sign_in("staff", None, None)
    assert not may_sign_in("staff", SW, SCJG) and not may_sign_in("staff", None, SCJG)
    assert may_sign_in("manager", None, SCJG) and may_sign_in("admin", None, SW)
