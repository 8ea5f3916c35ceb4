"""Provisional deadlines, pure: which cases a year's notice touches, what their history says,
and what the calendar knows from chinesecalendar's own table."""
from datetime import date

from hall.calendar.workdays import WorkdayCalendar, library_knows, library_year, library_years
from hall.cases import rules

LAST = max(library_years())


def test_a_notice_touches_the_cases_counted_through_its_year():
    assert rules.counted_over(date(2026, 12, 21), date(2027, 1, 5), 2027)
    assert rules.counted_over(date(2027, 3, 1), date(2027, 3, 15), 2027)
    assert rules.counted_over(date(2026, 12, 1), date(2028, 1, 5), 2027)       # through the whole year
    assert not rules.counted_over(date(2026, 12, 1), date(2026, 12, 15), 2027)
    assert not rules.counted_over(date(2028, 1, 3), date(2028, 1, 17), 2027)


def test_the_step_says_what_moved_and_when_a_provisional_deadline_is_settled():
    old, new = date(2027, 1, 5), date(2027, 1, 8)
    assert rules.recomputed_step(2027, old, new, known_before=False) == \
        "已录入2027年节假日安排，办理期限由2027-01-05调整为2027-01-08"
    assert "确定" in rules.recomputed_step(2027, old, old, known_before=False)
    assert rules.recomputed_step(2027, old, old, known_before=True) is None     # a correction that changes nothing
    assert "调整为" in rules.recomputed_step(2027, old, new, known_before=True)
    assert rules.recomputed_step(2027, old, old, known_before=False, still_provisional=True) is None
    assert rules.recomputed_step(2027, old, new, known_before=False, still_provisional=True).endswith("（仍为暂定期限）")


def test_the_alert_names_the_case_and_the_unknown_years():
    text = rules.provisional_alert("XL202612210001", date(2027, 1, 5), [2027])
    assert "XL202612210001" in text and "2027年" in text and "暂定" in text


def test_the_library_knows_its_years_and_their_days_off():
    assert library_knows(LAST) and not library_knows(LAST + 1)
    holidays, workdays = library_year(LAST)
    assert date(LAST, 1, 1) in holidays
    assert all(d.year == LAST for d in holidays + workdays)
    assert library_year(LAST + 1) is None
    assert WorkdayCalendar().knows_year(LAST) and not WorkdayCalendar().knows_year(LAST + 1)
