"""Opening hours: when tickets are issued and when the hall next opens, over real dates
(2026: 国庆 1–7 October off, Saturday 10 October and Sunday 20 September worked, 调休)."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from hall.calendar.workdays import WorkdayCalendar
from hall.catalog.hours import (AROUND_THE_CLOCK, HALL_CLOSED, NOT_A_WORKING_DAY, OpeningHours, friendly,
                                next_opening, refusal, validate)

SH = ZoneInfo("Asia/Shanghai")
CAL = WorkdayCalendar()
OFFICE = OpeningHours("09:00", "17:00", 30, "working_days")


def at(*args):
    return datetime(*args, tzinfo=SH)


@pytest.mark.parametrize("moment, expected", [
    (at(2026, 12, 7, 8, 59), HALL_CLOSED),          # Monday before opening
    (at(2026, 12, 7, 9, 0), None),
    (at(2026, 12, 7, 16, 29), None),                # last ticket before the 30-minute cut-off
    (at(2026, 12, 7, 16, 30), HALL_CLOSED),         # the cut-off before 17:00
    (at(2026, 12, 5, 10, 0), NOT_A_WORKING_DAY),    # Saturday
    (at(2026, 10, 1, 10, 0), NOT_A_WORKING_DAY),    # 国庆, a Thursday
    (at(2026, 10, 10, 10, 0), None),                # Saturday worked (调休)
    (at(2026, 9, 20, 10, 0), None),                 # Sunday worked (调休)
])
def test_refusal_over_real_dates(moment, expected):
    assert refusal(OFFICE, moment, CAL) == expected


def test_every_day_hall_opens_on_a_holiday_but_keeps_its_hours():
    hours = OpeningHours("09:00", "17:00", 0, "every_day")
    assert refusal(hours, at(2026, 10, 1, 10, 0), CAL) is None
    assert refusal(hours, at(2026, 10, 1, 17, 0), CAL) == HALL_CLOSED


def test_around_the_clock_every_day_never_refuses():
    for moment in (at(2026, 10, 1, 3, 0), at(2026, 12, 5, 23, 59)):
        assert refusal(AROUND_THE_CLOCK, moment, CAL) is None


def test_next_opening_skips_the_weekend_and_the_holiday():
    assert next_opening(OFFICE, at(2026, 12, 4, 16, 45), CAL) == at(2026, 12, 7, 9, 0)   # Friday after cut-off
    assert next_opening(OFFICE, at(2026, 12, 7, 7, 0), CAL) == at(2026, 12, 7, 9, 0)    # same morning
    assert next_opening(OFFICE, at(2026, 9, 30, 18, 0), CAL) == at(2026, 10, 8, 9, 0)   # over 国庆
    assert next_opening(OFFICE, at(2026, 10, 9, 18, 0), CAL) == at(2026, 10, 10, 9, 0)  # to the worked Saturday


def test_the_kiosk_sentence_names_day_and_weekday():
    assert friendly(NOT_A_WORKING_DAY, at(2026, 12, 8, 9, 0)) == "今天不办公，下次开门：12月8日（星期二）09:00"
    assert friendly(HALL_CLOSED, at(2026, 12, 7, 9, 0)).endswith("12月7日（星期一）09:00")


@pytest.mark.parametrize("args, field", [
    (("9:00", "17:00", 0, "working_days"), "opens_at"),
    (("09:00", "08:00", 0, "working_days"), "closes_at"),
    (("09:00", "17:00", 480, "working_days"), "ticket_cutoff_minutes"),
    (("09:00", "17:00", 0, "weekends"), "open_on"),
    ((None, "17:00", 0, "every_day"), "closes_at"),
    (("09:00", "17:00", 30, "working_days"), None),
    ((None, None, 0, "every_day"), None),
])
def test_validation_names_the_wrong_field(args, field):
    assert validate(*args) == field
