"""A hall's opening hours as pure rules: is a ticket allowed at this local time, and when
does the hall next open. No Flask, no database: the working days come from a
``WorkdayCalendar`` (hall.calendar.workdays) passed in."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

WORKING_DAYS, EVERY_DAY = "working_days", "every_day"
OPEN_ON = (WORKING_DAYS, EVERY_DAY)
NOT_A_WORKING_DAY, HALL_CLOSED = "not_a_working_day", "hall_closed"
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
WEEKDAYS = "一二三四五六日"


def parse_hhmm(value: str) -> time:
    """"09:00" → time(9, 0); ValueError for anything else."""
    match = _HHMM.match(value or "")
    if not match:
        raise ValueError(value)
    return time(int(match.group(1)), int(match.group(2)))


@dataclass(frozen=True)
class OpeningHours:
    opens_at: str | None = "09:00"      # None: around the clock
    closes_at: str | None = "17:00"
    ticket_cutoff_minutes: int = 0      # tickets stop this long before closing
    open_on: str = WORKING_DAYS

    @property
    def around_the_clock(self) -> bool:
        return self.opens_at is None

    def last_ticket(self) -> time:
        close = datetime.combine(datetime.min.date(), parse_hhmm(self.closes_at))
        return (close - timedelta(minutes=self.ticket_cutoff_minutes)).time()


AROUND_THE_CLOCK = OpeningHours(None, None, 0, EVERY_DAY)


def validate(opens_at: str | None, closes_at: str | None, cutoff: int, open_on: str) -> str | None:
    """The field at fault (with the rule's message) or None; messages in Chinese."""
    if open_on not in OPEN_ON:
        return "open_on"
    if opens_at is None:
        return "closes_at" if closes_at is not None else None
    try:
        start = parse_hhmm(opens_at)
    except ValueError:
        return "opens_at"
    try:
        end = parse_hhmm(closes_at)
    except ValueError:
        return "closes_at"
    if end <= start:
        return "closes_at"
    if cutoff < 0 or (datetime.combine(datetime.min.date(), end) - timedelta(minutes=cutoff)).time() <= start:
        return "ticket_cutoff_minutes"
    return None


def _open_day(hours: OpeningHours, day, calendar) -> bool:
    return hours.open_on == EVERY_DAY or calendar.is_workday(day)


def refusal(hours: OpeningHours, now: datetime, calendar) -> str | None:
    """Why a ticket cannot be issued at local time ``now`` (NOT_A_WORKING_DAY, HALL_CLOSED), or None."""
    if not _open_day(hours, now.date(), calendar):
        return NOT_A_WORKING_DAY
    if hours.around_the_clock:
        return None
    moment = now.time().replace(tzinfo=None)
    if moment < parse_hhmm(hours.opens_at) or moment >= hours.last_ticket():
        return HALL_CLOSED
    return None


def next_opening(hours: OpeningHours, now: datetime, calendar) -> datetime:
    """The next moment (in ``now``'s zone) tickets are issued again, after ``now``."""
    day = now.date()
    for _ in range(3660):
        if _open_day(hours, day, calendar):
            start = time(0, 0) if hours.around_the_clock else parse_hhmm(hours.opens_at)
            at = datetime.combine(day, start, tzinfo=now.tzinfo)
            if at > now:
                return at
        day += timedelta(days=1)
    raise ValueError("日历中找不到开放日")


def friendly(code: str, opening: datetime) -> str:
    """The kiosk's sentence, e.g. 今天不办公，下次开门：12月8日（星期二）09:00."""
    when = f"{opening.month}月{opening.day}日（星期{WEEKDAYS[opening.weekday()]}）{opening:%H:%M}"
    first = "今天不办公" if code == NOT_A_WORKING_DAY else "现在不在取号时间"
    return f"{first}，下次开门：{when}"
