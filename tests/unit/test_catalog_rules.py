"""Seed 003's limits (DOMAIN rules 7, 14): general items within 15 working days, special
(joint, report) within 30; a longer promised limit needs a recorded reason. Pure."""
import pytest

from hall.catalog import rules
from hall.demo import data, town
from hall.errors import RuleError


def test_general_items_over_15_and_special_over_30_working_days_need_a_reason():
    assert rules.check_limit_reason("committed", 15, None) == ""          # at the ceiling: no reason needed
    assert rules.check_limit_reason("joint", 30, "") == ""
    assert rules.check_limit_reason("report", 30, None) == ""
    for kind, days, ceiling in (("committed", 16, 15), ("instant", 16, 15), ("joint", 31, 30), ("report", 31, 30)):
        with pytest.raises(RuleError) as refused:
            rules.check_limit_reason(kind, days, "  ")
        assert (refused.value.code, refused.value.status, refused.value.extra["ceiling"]) == \
            ("limit_reason_required", 422, ceiling)
    assert rules.check_limit_reason("committed", 20, " 含两级公示期 ") == "含两级公示期"


@pytest.mark.parametrize("items", [data.ITEMS, town.ITEMS], ids=["district", "township"])
def test_every_demo_item_keeps_the_limits_or_says_why(items):
    long_ones = [i["code"] for i in items if rules.needs_limit_reason(i["kind"], i["promised_days"])]
    for item in items:
        rules.check_limit_reason(item["kind"], item["promised_days"], item.get("limit_reason"))
    if items is data.ITEMS:
        assert long_ones == ["ZJJ004", "RSJ008", "MZJ003"]   # each with its reason in the demo data
