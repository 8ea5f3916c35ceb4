"""Appointment rules (pure)."""
from datetime import date, datetime, timedelta, timezone

from hall.appointments import rules
from hall.calendar.workdays import WorkdayCalendar

CAL = WorkdayCalendar()
TZ = timezone(timedelta(hours=8))


def test_booking_window_is_one_to_five_working_days_ahead():
    today = date(2025, 9, 29)   # Mon; Oct 1–8 off, Sat Oct 11 works
    assert rules.within_booking_window(today, date(2025, 9, 30), CAL)           # 1st working day
    assert not rules.within_booking_window(today, date(2025, 9, 29), CAL)       # today
    assert not rules.within_booking_window(today, date(2025, 10, 2), CAL)       # a holiday
    assert rules.within_booking_window(today, date(2025, 10, 11), CAL)          # make-up Saturday, 4th
    assert rules.within_booking_window(today, date(2025, 10, 13), CAL)          # 5th
    assert not rules.within_booking_window(today, date(2025, 10, 14), CAL)      # 6th


def test_cancellation_up_to_two_hours_before_and_check_in_allowance():
    day = date(2026, 11, 24)
    assert rules.may_cancel(datetime(2026, 11, 24, 7, 0, tzinfo=TZ), day, "09:00", TZ)
    assert not rules.may_cancel(datetime(2026, 11, 24, 7, 1, tzinfo=TZ), day, "09:00", TZ)
    assert rules.may_check_in(datetime(2026, 11, 24, 8, 30, tzinfo=TZ), day, "09:00", "10:00", TZ)
    assert not rules.may_check_in(datetime(2026, 11, 24, 8, 29, tzinfo=TZ), day, "09:00", "10:00", TZ)
    assert rules.may_check_in(datetime(2026, 11, 24, 10, 15, tzinfo=TZ), day, "09:00", "10:00", TZ)
    assert not rules.may_check_in(datetime(2026, 11, 24, 10, 16, tzinfo=TZ), day, "09:00", "10:00", TZ)


def test_three_no_shows_in_ninety_days_suspend_booking_for_thirty():
    today = date(2026, 11, 22)
    three = [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)]
    assert rules.suspended(three, today)
    assert not rules.suspended(three[:2], today)
    assert not rules.suspended(three, date(2026, 12, 1))                       # 30 days after the last
    assert not rules.suspended([date(2026, 5, 1)] + three[1:], today)          # one too old
