"""帮办代办's pure rules: reasons, arrival, durations and the month's figures, powers of attorney."""
from datetime import date, datetime, timedelta, timezone

import pytest

from hall.assist import rules
from hall.errors import RuleBroken

T0 = datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc)


def test_a_reason_is_needed_and_kept_short():
    assert rules.clean_reason("  老人   需要帮助 ") == "老人 需要帮助"
    with pytest.raises(RuleBroken) as empty:
        rules.clean_reason("   ")
    assert empty.value.code == "missing_field"
    with pytest.raises(RuleBroken):
        rules.clean_reason("长" * 201)


def test_only_the_accepting_helper_arrives_once():
    rules.check_arrival("accepted", 7, 7)
    for status, helper, staff, code in [("waiting", None, 7, "not_accepted"), ("arrived", 7, 7, "already_arrived"),
                                        ("accepted", 8, 7, "not_your_request")]:
        with pytest.raises(RuleBroken) as refused:
            rules.check_arrival(status, helper, staff)
        assert refused.value.code == code and refused.value.status == 409


def test_the_report_times_accepting_and_arriving_per_helper():
    rows = [rules.RequestTimes("XL0801", T0, T0 + timedelta(seconds=60), T0 + timedelta(seconds=360)),
            rules.RequestTimes("XL0801", T0, T0 + timedelta(seconds=180), None),
            rules.RequestTimes("XL0802", T0, T0 + timedelta(seconds=30), T0 + timedelta(seconds=90)),
            rules.RequestTimes(None, T0, None, None)]
    report = rules.report(rows)
    assert report["requests"] == 4 and report["unanswered"] == 1
    assert report["accepted"] == 3 and report["arrived"] == 2
    assert report["time_to_accept"] == {"count": 3, "mean_seconds": 90.0, "median_seconds": 60.0, "max_seconds": 180}
    assert report["time_to_arrive"] == {"count": 2, "mean_seconds": 180.0, "median_seconds": 180.0, "max_seconds": 300}
    first, second = report["helpers"]
    assert first["staff_no"] == "XL0801" and first["accepted"] == 2 and first["time_to_accept"]["mean_seconds"] == 120.0
    assert second["time_to_arrive"]["max_seconds"] == 60


def test_an_empty_month_has_no_times():
    assert rules.report([])["time_to_accept"] == {"count": 0, "mean_seconds": None, "median_seconds": None,
                                                  "max_seconds": None}


def test_a_power_of_attorney_names_known_items_for_at_most_a_year():
    today = date(2026, 12, 7)
    assert rules.check_attorney_terms(["A", "B", "A"], {"A", "B"}, today, today) == ["A", "B"]
    for items, until, code in [([], today, "missing_field"), (["X"], today, "item_not_found"),
                               (["A"], today - timedelta(days=1), "invalid_date"),
                               (["A"], today + timedelta(days=367), "attorney_too_long")]:
        with pytest.raises(RuleBroken) as refused:
            rules.check_attorney_terms(items, {"A", "B"}, until, today)
        assert refused.value.code == code


def test_a_power_of_attorney_covers_its_items_until_its_last_day():
    rules.check_attorney_use(["A"], date(2026, 12, 7), "A", date(2026, 12, 7))
    with pytest.raises(RuleBroken) as expired:
        rules.check_attorney_use(["A"], date(2026, 12, 7), "A", date(2026, 12, 8))
    assert expired.value.code == "attorney_expired"
    with pytest.raises(RuleBroken) as other:
        rules.check_attorney_use(["A"], date(2026, 12, 7), "B", date(2026, 12, 1))
    assert other.value.code == "item_not_authorised"
