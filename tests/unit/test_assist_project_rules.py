"""Pure rules of 帮办代办 on cases and of 全程代办 projects: what a power of attorney covers,
which case joins which project, and what is due soonest."""
from datetime import date

import pytest

from hall.assist import rules
from hall.errors import NotFound, RuleError

TODAY = date(2026, 12, 7)
TERMS = rules.AttorneyTerms(id=7, helper_id=1, principal_hash="h-li", items=("SCJG005", "SW005"),
                            valid_until=date(2026, 12, 31))


def code_of(call) -> tuple[int, str]:
    with pytest.raises(RuleError) as caught:
        call()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message)
    return caught.value.status, caught.value.code


def test_a_power_of_attorney_covers_its_principal_items_and_days():
    rules.check_attorney_case(TERMS, item_code="SCJG005", applicant_hash="h-li", today=TODAY)
    rules.check_attorney_case(TERMS, item_code="SW005", applicant_hash="h-li", today=date(2026, 12, 31),
                              ticket_attorney_id=7)
    assert code_of(lambda: rules.check_attorney_case(TERMS, item_code="SCJG005", applicant_hash="h-zhang",
                                                     today=TODAY)) == (422, "principal_mismatch")
    assert code_of(lambda: rules.check_attorney_case(TERMS, item_code="ZRZY001", applicant_hash="h-li",
                                                     today=TODAY)) == (409, "item_not_authorised")
    assert code_of(lambda: rules.check_attorney_case(TERMS, item_code="SCJG005", applicant_hash="h-li",
                                                     today=date(2027, 1, 1))) == (409, "attorney_expired")
    assert code_of(lambda: rules.check_attorney_case(TERMS, item_code="SCJG005", applicant_hash="h-li",
                                                     today=TODAY, ticket_attorney_id=8)) == (409, "attorney_mismatch")


def test_the_attorney_line_says_who_applied_for_whom():
    line = rules.attorney_line("周小燕", "XL0801", "李秀英", 7, date(2026, 12, 31))
    assert line == "周小燕（帮办员，工号 XL0801）受李秀英委托代为办理（授权委托书第7号，有效期至2026-12-31）"


def test_project_names_and_numbers():
    assert rules.clean_project_name("  年产5万件   智能设备项目 ") == "年产5万件 智能设备项目"
    assert code_of(lambda: rules.clean_project_name(" ")) == (400, "missing_field")
    assert code_of(lambda: rules.clean_project_name("项" * 101)) == (400, "invalid_field")
    assert rules.project_number("XINL", TODAY, 3) == "XINLXM202612070003"


def test_a_case_joins_one_project_of_its_own_enterprise():
    ok = dict(project_credit_hash="h-co", case_applicant_hash="h-co", case_hall_id=1, project_hall_id=1,
              in_project=None, this_project="P1")
    rules.check_project_case(**ok)
    assert code_of(lambda: rules.check_project_case(**ok | {"in_project": "P1"})) == (409, "already_attached")
    assert code_of(lambda: rules.check_project_case(**ok | {"in_project": "P2"})) == (409, "case_in_project")
    assert code_of(lambda: rules.check_project_case(**ok | {"case_applicant_hash": "h-zhang"})) == \
        (422, "not_project_enterprise")
    with pytest.raises(NotFound):
        rules.check_project_case(**ok | {"case_hall_id": 2})


def state(no, deadline, open_=True, status="accepted"):
    return rules.ProjectCaseState(no, status, open_, deadline)


def test_the_due_list_puts_the_soonest_first_and_flags_overdue_and_soon():
    cases = [state("C3", date(2026, 12, 20)), state("C1", date(2026, 12, 4)), state("C2", date(2026, 12, 9)),
             state("C0", date(2026, 12, 1), open_=False, status="completed")]
    due = rules.due_list(cases, TODAY)
    assert [d["case_no"] for d in due] == ["C1", "C2", "C3"]
    assert [(d["days_left"], d["overdue"], d["due_soon"]) for d in due] == [(-3, True, False), (2, False, True),
                                                                          (13, False, False)]


def test_a_project_summary():
    assert rules.project_summary([], TODAY) == {"cases": 0, "open": 0, "done": False, "overdue": 0,
                                                "next_deadline": None}
    cases = [state("C1", date(2026, 12, 4)), state("C2", date(2026, 12, 9)),
             state("C0", date(2026, 12, 1), open_=False)]
    assert rules.project_summary(cases, TODAY) == {"cases": 3, "open": 2, "done": False, "overdue": 1,
                                                   "next_deadline": "2026-12-04"}
    assert rules.project_summary([state("C0", date(2026, 12, 1), open_=False)], TODAY)["done"] is True
