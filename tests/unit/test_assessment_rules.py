"""Assessments' pure rules: quarters, peer scores, weights and the year's total."""
from datetime import date

import pytest

from hall.assessments import rules
from hall.errors import RuleBroken


def test_quarters_are_read_and_cover_three_months():
    assert rules.parse_quarter("2026-Q4") == (2026, 4)
    assert rules.quarter_months("2026-Q2") == ["2026-04", "2026-05", "2026-06"]
    for bad in ("2026-Q5", "2026Q1", "2026-q1", "", "3000-Q1"):
        with pytest.raises(RuleBroken) as refused:
            rules.parse_quarter(bad)
        assert refused.value.code == "invalid_quarter"


def test_a_quarter_not_yet_begun_is_not_scored():
    rules.quarter_started("2026-Q4", date(2026, 12, 7))
    with pytest.raises(RuleBroken) as refused:
        rules.quarter_started("2027-Q1", date(2026, 12, 7))
    assert refused.value.code == "quarter_not_started"


def test_a_window_never_scores_itself_and_scores_are_whole_numbers_to_100():
    rules.check_peer(1, 2, 90)
    with pytest.raises(RuleBroken) as itself:
        rules.check_peer(3, 3, 90)
    assert itself.value.code == "self_assessment" and itself.value.status == 409
    for score in (101, -1, 85.5, True, "90"):
        with pytest.raises(RuleBroken):
            rules.check_peer(1, 2, score)


def test_peer_results_are_averages_with_their_count():
    results = rules.peer_results([(2, 90), (2, 80), (3, 70), (2, 85)])
    assert results[2].as_dict() == {"average": 85.0, "count": 3}
    assert results[3].as_dict() == {"average": 70.0, "count": 1}


def test_weights_are_three_parts_of_100():
    assert rules.check_weights({"monthly": 60, "peer": 30, "self": 10}) == {"monthly": 60, "peer": 30, "self": 10}
    for weights, code in [({"monthly": 60, "peer": 30, "self": 20}, "weights_not_100"),
                          ({"monthly": 110, "peer": -10, "self": 0}, "invalid_weights"),
                          ({"monthly": 60, "peer": 40}, "invalid_weights")]:
        with pytest.raises(RuleBroken) as refused:
            rules.check_weights(weights)
        assert refused.value.code == code


def test_the_year_weighs_monthly_peer_and_self_parts():
    year = rules.annual({"2026-01": 90.0, "2026-02": 80.0}, {"2026-Q1": [70, 90], "2026-Q2": [100]},
                        {"2026-01": 100.0}, {"monthly": 70, "peer": 20, "self": 10})
    assert year["monthly"] == {"average": 85.0, "count": 2}
    assert year["peer"]["average"] == 90.0 and year["peer"]["scores"] == 3   # mean of the quarters' 80 and 100
    assert year["self"]["average"] == 50.0   # February had no self-assessment: it counts 0
    assert year["total"] == round((85 * 70 + 90 * 20 + 50 * 10) / 100, 2)


def test_a_window_with_nothing_scored_totals_zero():
    assert rules.annual({}, {}, {}, rules.DEFAULT_WEIGHTS)["total"] == 0.0
