"""Star scoring arithmetic (pure)."""
from datetime import date

from hall.ratings.stars import (TARGETS, Tally, add_up, against_targets, due_so_far, indicators, month_has_ended,
                                score, stars)


def test_rates_use_good_levels_and_exclude_default_ratings_from_active_ones():
    t = Tally(services=10, ratings={5: 4, 4: 2, 3: 2, 1: 1}, default_ratings=2)
    ind = indicators(t)
    assert ind["好评率"] == round(8 / 9, 4)            # 5, 4 and 3 are 好评
    assert ind["主动评价好评率"] == round(6 / 7, 4)     # the 2 default 基本满意 left out
    assert ind["未评价率"] == 0.3                      # 10 services, 7 rated by the citizen
    assert ind["满意率"] == round(6 / 9, 4)


def test_an_idle_subject_earns_nothing_for_having_nothing_rated():
    points, parts = score(Tally(workdays=20, absent=20), hall_mean_services=50)
    assert points == 0
    assert parts["ratings"] == 0
    assert parts["on_time"] == 0


def test_deductions_and_the_veto_on_the_top_grade():
    t = Tally(services=50, ratings={5: 50}, workdays=20)
    points, _ = score(t, hall_mean_services=50)
    assert points == 100
    assert stars(points, t) == 5
    t.accountability = 1
    points, parts = score(t, hall_mean_services=50)
    assert points == 95
    assert parts["deductions"] == 5
    assert stars(points, t) == 4                       # 95 would be five stars: vetoed
    assert stars(69.99, Tally()) == 1
    assert stars(70, Tally()) == 2
    assert stars(80, Tally()) == 3


def test_lateness_cannot_push_attendance_below_zero():
    _points, parts = score(Tally(services=1, workdays=2, absent=1, late=20), hall_mean_services=1)
    assert parts["attendance"] == 0


def test_a_justified_complaint_costs_ten_points_and_the_fifth_star():
    t = Tally(services=50, ratings={5: 50}, workdays=20, complaints=1)
    points, parts = score(t, hall_mean_services=50)
    assert points == 90
    assert parts["deductions"] == 10
    assert stars(points, t) == 4
    assert stars(96, t) == 4                           # even a score of five stars is vetoed


def test_inspection_findings_cost_their_documented_points():
    clean = Tally(services=50, ratings={5: 50}, workdays=20)
    assert score(clean, 50)[0] == 100
    off_task = Tally(services=50, ratings={5: 50}, workdays=20, inspection_faults=2)
    assert score(off_task, 50)[0] == 90                # 5 points per absent / off-task / attitude finding
    late = Tally(services=50, ratings={5: 50}, workdays=20, late=1)
    points, parts = score(late, 50)
    assert points == 98
    assert parts["attendance"] == 18   # a late finding is a lateness: 2 points
    assert score(off_task, 50, deductions={"inspection": 3})[0] == 94   # a month may set its own amount


def test_the_hall_total_adds_counts_and_merges_ratings_by_level():
    total = add_up([Tally(services=3, ratings={5: 2}, workdays=20, complaints=1),
                    Tally(services=2, ratings={5: 1, 1: 1}, workdays=20)])
    assert (total.services, total.ratings, total.complaints, total.workdays) == (5, {5: 3, 1: 1}, 1, 0)


# ---------------------------------------------------------------- rule 15: the month so far

def test_an_open_case_not_yet_due_is_not_counted_late():
    today = date(2026, 12, 2)
    assert not due_so_far(date(2026, 12, 7), None, today)            # open, due later: not yet
    assert not due_so_far(date(2026, 12, 2), None, today)            # due today: not late yet
    assert due_so_far(date(2026, 12, 1), None, today)                # open after its deadline: late
    assert due_so_far(date(2026, 12, 7), date(2026, 12, 1), today)   # finished early: counted, on time


def test_a_month_ends_after_its_last_day():
    assert not month_has_ended(date(2026, 12, 31), date(2026, 12, 2))
    assert not month_has_ended(date(2026, 12, 31), date(2026, 12, 31))
    assert month_has_ended(date(2026, 12, 31), date(2027, 1, 1))


def test_a_hall_that_served_nobody_earns_no_efficiency_points():
    points, breakdown = score(Tally(workdays=20), hall_mean_services=0)
    assert breakdown["efficiency"] == 0
    assert breakdown["ratings"] == 0
    assert points == 20            # attendance only: present every working day, nothing else earned


def test_completion_rate_counts_completed_cases_among_those_due():
    """办结率: of the cases due so far, those completed (late ones too); 按时办结率 only on time."""
    ind = indicators(Tally(cases_due=20, cases_on_time=17, cases_completed=19))
    assert (ind["办结率"], ind["按时办结率"]) == (0.95, 0.85)
    assert indicators(Tally())["办结率"] is None
    assert add_up([Tally(cases_due=1, cases_completed=1), Tally(cases_due=1)]).cases_completed == 1


def test_completion_and_satisfaction_are_red_below_the_95_percent_target():
    assert TARGETS == {"办结率": 0.95, "满意率": 0.95}
    figures = {"办结率": 0.95, "满意率": 0.9499}
    assert against_targets(figures) == {"办结率": {"value": 0.95, "target": 0.95, "below": False},
                                        "满意率": {"value": 0.9499, "target": 0.95, "below": True}}
    assert not any(t["below"] for t in against_targets({"办结率": None, "满意率": None}).values())   # nothing to count
