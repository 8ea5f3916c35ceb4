"""Case rules without Flask or a database."""
from datetime import date

import pytest

from hall.cases import rules
from hall.intake import identity


def make_id(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, identity._ID_WEIGHTS))
    return first17 + identity._ID_CHECK[total % 11]


def test_state_machine():
    assert rules.next_status("accepted", "pause") == "paused"
    assert rules.next_status("paused", "resume") == "accepted"
    assert rules.next_status("accepted", "approve") == "approved"
    assert rules.next_status("approved", "complete") == "completed"
    assert rules.next_status("rejected", "complete") == "completed"
    assert rules.next_status("paused", "extend") == "paused"
    for status, action in (("completed", "approve"), ("paused", "approve"), ("accepted", "complete"),
                           ("approved", "pause"), ("completed", "extend")):
        with pytest.raises(rules.CaseRuleError) as info:
            rules.next_status(status, action)
        assert info.value.code == "invalid_case_state"


def test_extension_bounds_ten_days_ordinary_fifteen_joint():
    rules.check_extension("committed", 0, 10)
    rules.check_extension("joint", 5, 10)
    with pytest.raises(rules.CaseRuleError, match="不得超过10"):
        rules.check_extension("committed", 4, 7)
    with pytest.raises(rules.CaseRuleError, match="不得超过15"):
        rules.check_extension("joint", 10, 6)
    with pytest.raises(rules.CaseRuleError):
        rules.check_extension("committed", 0, 0)


def test_pause_only_for_the_special_procedures():
    rules.check_pause_reason("需现场勘查")
    rules.check_pause_reason("组织专家评审")
    with pytest.raises(rules.CaseRuleError):
        rules.check_pause_reason("工作人员休假")


def test_missing_materials_lists_every_required_one_not_handed_in():
    assert rules.missing_materials(["M01", "M02", "M03"], ["M02"]) == ["M01", "M03"]
    assert rules.missing_materials(["M01"], ["M01", "M09"]) == []


def test_id_numbers_are_checked_masked_and_hashed():
    good = make_id("11010519491231002")
    assert identity.valid_id_number(good)
    assert not identity.valid_id_number(good[:17] + ("0" if good[17] != "0" else "1"))
    assert not identity.valid_id_number("12345")
    assert identity.mask_id(good) == good[:4] + "*" * 10 + good[-4:]
    assert identity.mask_phone("13800138000") == "138****8000"
    assert identity.id_hash("k", good) == identity.id_hash("k", good.lower())
    assert identity.id_hash("k", good) != identity.id_hash("other", good)
    assert good not in identity.id_hash("k", good)


def test_numbers():
    assert rules.case_number("xinlin", date(2026, 11, 23), 7) == "XINL202611230007"
    assert rules.notice_number("xinlin", date(2026, 11, 23), 12) == "XINLGZ202611230012"
    # the township's numbers differ from the district's on the same day
    assert rules.case_number("xinlin-zhen", date(2026, 11, 23), 7) == "XINLZ202611230007"


def test_an_extension_is_possible_until_the_last_day_of_the_limit_not_after():
    assert not rules.deadline_passed(date(2026, 12, 7), date(2026, 12, 7))
    assert rules.deadline_passed(date(2026, 12, 7), date(2026, 12, 8))


def test_an_urgent_case_is_due_by_the_next_working_day_never_later_than_before():
    assert rules.urgent_promised_days(10) == 1          # accepted urgent: next working day
    assert rules.urgent_promised_days(0) == 0           # an instant item stays on the same day
    assert rules.urgent_promised_days(10, used_days=3) == 4   # marked on day 3: one working day from then
    assert rules.urgent_promised_days(2, used_days=5) == 2    # never later than the limit it had


def test_marking_a_case_urgent_needs_an_open_non_joint_case_and_a_reason():
    assert rules.check_urgent("committed", "accepted", False, " 患者急需 ") == "患者急需"
    for args, code, status in ((("committed", "completed", False, "急"), "invalid_case_state", 409),
                               (("joint", "reviewing", False, "急"), "urgent_not_for_joint", 409),
                               (("committed", "accepted", True, "急"), "already_urgent", 409),
                               (("committed", "accepted", False, ""), "reason_required", 400)):
        with pytest.raises(rules.CaseRuleError) as refused:
            rules.check_urgent(*args)
        assert (refused.value.code, refused.value.status) == (code, status)


def test_only_an_accepted_report_case_is_forwarded_to_a_named_level_with_its_limit():
    assert rules.check_forward("report", "accepted", " 市市场监督管理局 ", 20) == ("forwarded", "市市场监督管理局", 20)
    for args, code, status in ((("committed", "accepted", "市局", 20), "not_a_report_case", 409),
                               (("report", "forwarded", "市局", 20), "invalid_case_state", 409),
                               (("report", "accepted", " ", 20), "missing_higher_level", 400),
                               (("report", "accepted", "市局", 0), "invalid_higher_limit", 400),
                               (("report", "accepted", "市局", 31), "invalid_higher_limit", 400),
                               (("report", "accepted", "市局", "20"), "invalid_higher_limit", 400)):
        with pytest.raises(rules.CaseRuleError) as refused:
            rules.check_forward(*args)
        assert (refused.value.code, refused.value.status) == (code, status)


def test_a_report_case_is_decided_by_the_higher_level_whose_answer_is_recorded():
    with pytest.raises(rules.CaseRuleError) as refused:
        rules.check_decider("report", "accepted")
    assert (refused.value.code, refused.value.status) == ("decided_by_higher_level", 409)
    rules.check_decider("committed", "accepted")       # other cases are decided at the hall
    assert rules.higher_answer("forwarded", "approve") == "approved"
    assert rules.higher_answer("forwarded", "reject") == "rejected"
    with pytest.raises(rules.CaseRuleError):
        rules.higher_answer("accepted", "approve")      # not before it was forwarded
    assert "forwarded" in rules.OPEN                    # the sweep keeps watching its limit
