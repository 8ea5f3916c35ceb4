"""Working-day arithmetic against the State Council's holiday notices.

Expected dates are written out from 国务院办公厅关于2025年部分节假日安排的通知
(国办发明电〔2024〕12号) and 关于2026年部分节假日安排的通知 (国办发明电〔2025〕7号).
"""
from datetime import date, timedelta

import pytest

from hall.calendar.workdays import Pause, WorkdayCalendar

CAL = WorkdayCalendar()

# (days off, make-up working days) per festival
FESTIVALS = {
    "2025 春节": ((date(2025, 1, 28), date(2025, 2, 4)), [date(2025, 1, 26), date(2025, 2, 8)]),
    "2025 劳动节": ((date(2025, 5, 1), date(2025, 5, 5)), [date(2025, 4, 27)]),
    "2025 国庆中秋": ((date(2025, 10, 1), date(2025, 10, 8)), [date(2025, 9, 28), date(2025, 10, 11)]),
    "2026 春节": ((date(2026, 2, 15), date(2026, 2, 23)), [date(2026, 2, 14), date(2026, 2, 28)]),
    "2026 劳动节": ((date(2026, 5, 1), date(2026, 5, 5)), [date(2026, 5, 9)]),
    "2026 国庆": ((date(2026, 10, 1), date(2026, 10, 7)), [date(2026, 9, 20), date(2026, 10, 10)]),
}


@pytest.mark.parametrize("name", FESTIVALS)
def test_festival_days_off_and_make_up_days(name):
    (first, last), make_up = FESTIVALS[name]
    day = first
    while day <= last:
        assert not CAL.is_workday(day), f"{name}: {day} should be off"
        day += timedelta(days=1)
    for day in make_up:
        assert day.weekday() >= 5, "a make-up day falls on a weekend"
        assert CAL.is_workday(day), f"{name}: {day} is a make-up working day"


def test_plain_weekends_and_weekdays():
    assert not CAL.is_workday(date(2025, 11, 22))   # Saturday
    assert CAL.is_workday(date(2025, 11, 24))       # Monday


def test_add_working_days_across_national_day_2025_counts_the_make_up_saturday():
    # Oct 1–8 off; Oct 9 (1), Oct 10 (2), Sat Oct 11 make-up (3), Oct 13 (4), Oct 14 (5)
    assert CAL.add_working_days(date(2025, 9, 30), 5) == date(2025, 10, 14)
    assert CAL.add_working_days(date(2025, 9, 30), 3) == date(2025, 10, 11)


def test_add_working_days_across_spring_festival_2026():
    # Fri Feb 13 → Sat Feb 14 is a make-up day (1), Feb 15–23 off, Feb 24 (2), 25 (3)
    assert CAL.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert CAL.add_working_days(date(2026, 2, 13), 3) == date(2026, 2, 25)


def test_add_working_days_across_labour_day_2025_and_2026():
    # Sat Apr 26 2025 → Sun Apr 27 make-up (1), Apr 28 (2), Apr 29 (3), Apr 30 (4), May 1–5 off, May 6 (5)
    assert CAL.add_working_days(date(2025, 4, 26), 5) == date(2025, 5, 6)
    # Apr 30 2026 → May 1–5 off, May 6 (1), 7 (2), 8 (3), Sat May 9 make-up (4)
    assert CAL.add_working_days(date(2026, 4, 30), 4) == date(2026, 5, 9)


def test_zero_days_is_the_day_itself_or_the_next_working_day():
    assert CAL.add_working_days(date(2025, 10, 9), 0) == date(2025, 10, 9)
    assert CAL.add_working_days(date(2025, 10, 3), 0) == date(2025, 10, 9)
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2025, 10, 3), -1)


def test_working_days_between_counts_start_exclusive_end_inclusive():
    assert CAL.working_days_between(date(2025, 9, 30), date(2025, 10, 14)) == 5
    assert CAL.working_days_between(date(2025, 10, 14), date(2025, 9, 30)) == 0


def test_years_beyond_chinesecalendar_fall_back_to_weekends_and_overrides():
    assert CAL.is_workday(date(2027, 1, 1))          # no notice known: a Friday works
    announced = WorkdayCalendar(overrides={date(2027, 1, 1): False, date(2027, 1, 2): True})
    assert not announced.is_workday(date(2027, 1, 1))
    assert announced.is_workday(date(2027, 1, 2))    # a make-up Saturday
    # Thu Dec 31 2026 + 2: without the notice Fri Jan 1 (1), Mon Jan 4 (2);
    # with it Jan 1 is off and Sat Jan 2 works: Jan 2 (1), Jan 4 (2)
    assert CAL.add_working_days(date(2026, 12, 31), 2) == date(2027, 1, 4)
    assert announced.add_working_days(date(2026, 12, 31), 2) == date(2027, 1, 4)
    assert announced.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 2)


def test_an_override_beats_chinesecalendar():
    cal = WorkdayCalendar(overrides={date(2025, 10, 9): False})   # e.g. a local typhoon closure
    assert cal.add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 10)


def test_deadline_with_extension_and_pause():
    accepted = date(2025, 9, 30)
    assert CAL.deadline(accepted, 5) == date(2025, 10, 14)
    assert CAL.deadline(accepted, 5, extension_days=2) == date(2025, 10, 16)
    assert CAL.deadline(accepted, 5, paused_days=1) == date(2025, 10, 15)


def test_a_pause_during_a_holiday_costs_no_working_day():
    accepted = date(2025, 9, 30)
    holiday_pause = [Pause(date(2025, 10, 1), date(2025, 10, 9))]   # ends before Oct 9 resumes
    assert CAL.paused_working_days(holiday_pause, accepted, date(2025, 10, 20)) == 0
    site_visit = [Pause(date(2025, 10, 9), date(2025, 10, 13))]      # Oct 9, 10, Sat 11 make-up
    assert CAL.paused_working_days(site_visit, accepted, date(2025, 10, 20)) == 3
    open_pause = [Pause(date(2025, 10, 13))]                          # still paused on Oct 14
    assert CAL.paused_working_days(open_pause, accepted, date(2025, 10, 14)) == 2
    overlapping = site_visit + [Pause(date(2025, 10, 10), date(2025, 10, 12))]
    assert CAL.paused_working_days(overlapping, accepted, date(2025, 10, 20)) == 3


def test_lights():
    accepted, deadline = date(2025, 11, 3), date(2025, 11, 14)   # 9 working days
    assert CAL.light(date(2025, 11, 5), accepted, deadline) == "green"
    assert CAL.light(date(2025, 11, 12), accepted, deadline) == "green"    # 7 of 9 used (< 80%), 2 left
    assert CAL.light(date(2025, 11, 13), accepted, deadline) == "yellow"   # one day left
    assert CAL.light(date(2025, 11, 14), accepted, deadline) == "yellow"   # due today
    assert CAL.light(date(2025, 11, 17), accepted, deadline) == "red"


def test_yellow_at_eighty_percent_used_with_days_still_left():
    accepted = date(2025, 11, 3)
    deadline = CAL.add_working_days(accepted, 20)
    assert deadline == date(2025, 12, 1)
    assert CAL.light(date(2025, 11, 24), accepted, deadline) == "green"    # 15 of 20 used
    assert CAL.light(date(2025, 11, 26), accepted, deadline) == "yellow"   # 17 of 20 used, 3 left


def test_an_unknown_year_is_provisional_until_its_notice_is_entered():
    """chinesecalendar does not know 2027: Monday to Friday, marked provisional. Once the
    notice is entered with 元旦 (1 January, a Friday) off, 2026-12-30 + 2 is 4 January."""
    before = WorkdayCalendar()
    assert before.add_working_days(date(2026, 12, 30), 2) == date(2027, 1, 1)
    assert before.provisional(date(2026, 12, 30), date(2027, 1, 1)) is True
    assert before.provisional(date(2026, 12, 1), date(2026, 12, 30)) is False
    entered = WorkdayCalendar(years={2027: (frozenset({date(2027, 1, 1)}), frozenset())})
    assert entered.add_working_days(date(2026, 12, 30), 2) == date(2027, 1, 4)
    assert entered.provisional(date(2026, 12, 30), date(2027, 1, 4)) is False


def test_an_entered_years_make_up_saturday_is_worked():
    entered = WorkdayCalendar(years={2027: (frozenset(), frozenset({date(2027, 2, 20)}))})
    assert entered.is_workday(date(2027, 2, 20)) and not WorkdayCalendar().is_workday(date(2027, 2, 20))
