"""How department opinions combine (pure)."""
import pytest

from hall.reviews.rules import Opinion, check_opinion, outcome


def test_no_outcome_while_a_department_is_pending_or_inspecting():
    assert outcome([Opinion("市场监管", "approved"), Opinion("卫健", "pending")]) == (None, "")
    assert outcome([Opinion("市场监管", "approved"), Opinion("卫健", "site_inspection")]) == (None, "")


def test_all_approvals_approve_and_deemed_consent_is_named():
    assert outcome([Opinion("市场监管", "approved"), Opinion("卫健", "approved")])[0] == "approved"
    status, reason = outcome([Opinion("市场监管", "approved"), Opinion("卫健", "deemed_approved")])
    assert status == "approved"
    assert "卫健超时默许" in reason


def test_any_rejection_rejects_with_every_departments_reasons():
    status, reason = outcome([Opinion("市场监管", "rejected", "名称重复", "条例第十条"),
                              Opinion("卫健", "rejected", "布局不合理", "规范第5条"),
                              Opinion("应急", "approved")])
    assert status == "rejected"
    assert "市场监管：名称重复（依据：条例第十条）" in reason
    assert "卫健：布局不合理（依据：规范第5条）" in reason


def test_opinion_checks():
    assert check_opinion("pending", "approve", "", "") == "approved"
    assert check_opinion("site_inspection", "reject", "不符合", "第3条") == "rejected"
    for current, opinion, reason, basis, code in (("pending", "maybe", "", "", "invalid_opinion"),
                                                  ("approved", "reject", "x", "y", "review_closed"),
                                                  ("pending", "reject", "不符合", "", "basis_required")):
        with pytest.raises(ValueError, match=code):
            check_opinion(current, opinion, reason, basis)
