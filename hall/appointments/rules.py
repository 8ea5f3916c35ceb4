"""Pure appointment rules: slots, the booking window, cancellation, check-in allowance, no-show limit."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

SLOTS = (("09:00", "10:00"), ("10:00", "11:00"), ("11:00", "12:00"), ("14:00", "15:00"), ("15:00", "16:00"),
         ("16:00", "17:00"))
CAPACITY = 4
MIN_DAYS_AHEAD, MAX_DAYS_AHEAD = 1, 5          # working days
CANCEL_BEFORE = timedelta(hours=2)
MAX_OPEN_BOOKINGS = 3   # open (booked, not yet checked in) bookings per person and per phone
EARLY, LATE = timedelta(minutes=30), timedelta(minutes=15)   # check-in allowance around the slot
NO_SHOW_LIMIT, NO_SHOW_LOOKBACK_DAYS, SUSPENSION_DAYS = 3, 90, 30


def slot_end(start: str) -> str | None:
    return next((end for s, end in SLOTS if s == start), None)


def at(day: date, hhmm: str, tz) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm), tz)


def within_booking_window(today: date, day: date, cal) -> bool:
    """Bookable from the 1st to the 5th working day after today."""
    if not cal.is_workday(day) or day <= today:
        return False
    ahead = cal.working_days_between(today, day)
    return MIN_DAYS_AHEAD <= ahead <= MAX_DAYS_AHEAD


def may_cancel(now: datetime, day: date, start: str, tz) -> bool:
    return now <= at(day, start, tz) - CANCEL_BEFORE


def may_check_in(now: datetime, day: date, start: str, end: str, tz) -> bool:
    return at(day, start, tz) - EARLY <= now <= at(day, end, tz) + LATE


def suspended(no_show_days: list[date], today: date) -> bool:
    """Three no-shows within 90 days suspend booking for 30 days after the last one."""
    recent = sorted(d for d in no_show_days if (today - d).days <= NO_SHOW_LOOKBACK_DAYS)
    return len(recent) >= NO_SHOW_LIMIT and (today - recent[-1]).days < SUSPENSION_DAYS


def too_many_open(open_bookings: int) -> bool:
    """One person (or one phone) holds at most ``MAX_OPEN_BOOKINGS`` open bookings: a day's
    places of an item were once booked in 0.3 s with generated ID numbers and one phone."""
    return open_bookings >= MAX_OPEN_BOOKINGS
