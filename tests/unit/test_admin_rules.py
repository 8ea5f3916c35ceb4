"""The pure rules of setting up a catalog: each bad input names its field and code."""
import pytest

from hall.catalog import admin_rules as rules
from hall.errors import RuleError

ITEM = {"code": "i1", "name": "事项", "department": "d1", "kind": "committed", "queue": "q1",
        "legal_days": 10, "promised_days": 5}


def refused(fn, *args):
    with pytest.raises(RuleError) as caught:
        fn(*args)
    return caught.value.status, caught.value.code, caught.value.extra.get("field")


def test_promised_days_may_not_exceed_legal_days():
    assert refused(rules.item_spec, {**ITEM, "promised_days": 11}) == (422, "promised_exceeds_legal", "promised_days")
    assert rules.item_spec({**ITEM, "promised_days": 10}).promised_days == 10


def test_a_joint_item_needs_reviewers_other_than_its_lead():
    assert refused(rules.item_spec, {**ITEM, "kind": "joint"})[1] == "joint_without_reviewers"
    assert refused(rules.item_spec, {**ITEM, "kind": "joint", "joint": {"lead": "d1", "reviewers": []}})[1] == \
        "joint_without_reviewers"
    assert refused(rules.item_spec, {**ITEM, "kind": "joint", "joint": {
        "lead": "d1", "reviewers": [{"department": "d1", "days": 3}]}})[1] == "lead_reviews_itself"
    spec = rules.item_spec({**ITEM, "kind": "联办件", "joint": {"lead": "d1", "reviewers": [{"department": "d2", "days": 3}]}})
    assert spec.kind == "joint" and spec.joint.reviewers[0].days == 3


def test_spreadsheet_words_read_like_the_api_ones():
    spec = rules.item_spec({**ITEM, "kind": "即办件", "steps": "申请\n受理\n\n办结",
                            "materials": [{"code": "m", "name": "身份证", "form": "复印件", "required": "否", "copies": 2.0}]})
    assert spec.kind == "instant" and spec.steps == ("申请", "受理", "办结")
    assert spec.materials[0].form == "copy" and spec.materials[0].required is False and spec.materials[0].copies == 2
    assert rules.window_spec({"number": "3", "name": "三号", "queues": "a，b"}).queues == ("a", "b")


def test_codes_prefixes_and_numbers():
    assert refused(rules.department_spec, {"code": "有 空格", "name": "x"})[1] == "invalid_code"
    assert rules.queue_spec({"code": "q", "prefix": "h", "name": "x"}).prefix == "H"
    assert refused(rules.queue_spec, {"code": "q", "prefix": "1", "name": "x"})[1] == "invalid_prefix"
    assert refused(rules.window_spec, {"number": 0, "name": "x", "queues": ["a"]})[2] == "number"
    assert refused(rules.check_unique, "部门编码", "code", "d1", {"d1"}) == (409, "duplicate_code", "code")


def test_cross_checks_against_the_catalog():
    window = rules.window_spec({"number": 1, "name": "x", "department": "d9", "queues": ["q1"]})
    assert refused(rules.check_window, window, {"d1"}, {"q1"}) == (422, "unknown_department", "department")
    window = rules.window_spec({"number": 1, "name": "x", "queues": ["q1", "q2"]})
    assert window.department is None
    assert refused(rules.check_window, window, {"d1"}, {"q1"}) == (422, "unknown_queue", "queues")
    assert refused(rules.check_item, rules.item_spec(ITEM), {"d1"}, set()) == (422, "unknown_queue", "queue")


def test_hall_levels_and_parents():
    assert refused(rules.hall_spec, {"code": "t", "name": "镇", "level": "township"})[2] == "parent"
    assert rules.hall_spec({"code": "c", "name": "县", "level": "县级", "parent": "p"}).level == "county"
    assert refused(rules.check_level, "township", "city")[1] == "wrong_parent_level"
    rules.check_level("county", "city")
    rules.check_level("city", None)
