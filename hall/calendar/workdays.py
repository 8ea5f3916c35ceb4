"""Working days as Chinese administrations count them (限时办结).

Plain functions over a ``WorkdayCalendar``: no Flask, no database. A day is a working day
if the hall's override table says so; otherwise as chinesecalendar knows it (statutory
holidays and the 调休 make-up working days the State Council announces each year);
otherwise, for a year chinesecalendar does not know yet, Monday to Friday.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, timedelta
from typing import Iterable, Mapping

import chinese_calendar

MAX_SCAN_DAYS = 3660  # ten years: a safety stop for broken override tables


@dataclass(frozen=True)
class Pause:
    """The clock stops from ``start`` (inclusive) to ``end`` (exclusive; None: still paused)."""
    start: date
    end: date | None = None


def _memoized(method):
    """Answers depend only on the arguments and the (fixed) overrides, and a sweep asks the
    same few questions for thousands of cases: remember them for this calendar's life."""
    def wrapper(self, *args):
        key = (method.__name__, *args)
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = method(self, *args)
            return value
    wrapper.__name__, wrapper.__doc__ = method.__name__, method.__doc__
    return wrapper


@dataclass(frozen=True)
class WorkdayCalendar:
    overrides: Mapping[date, bool] = field(default_factory=dict)
    # entered State Council notices: year -> (holidays, make-up working days)
    years: Mapping[int, tuple[frozenset, frozenset]] = field(default_factory=dict)
    _memo: dict = field(default_factory=dict, compare=False, repr=False)

    @_memoized
    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        entered = self.years.get(day.year)
        if entered is not None:
            holidays, workdays = entered
            return day in workdays or (day not in holidays and day.weekday() < 5)
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:  # a year not yet in chinesecalendar
            return day.weekday() < 5

    @_memoized
    def knows_year(self, year: int) -> bool:
        """The year's holidays are known: entered here, or in chinesecalendar's table."""
        return year in self.years or library_knows(year)

    def provisional(self, start: date, end: date) -> bool:
        """A count from ``start`` to ``end`` crossed a year nobody knows the holidays of yet
        (it counted Monday to Friday there): to be recomputed once the year is entered."""
        return not all(self.knows_year(y) for y in range(start.year, end.year + 1))

    def next_workday(self, day: date) -> date:
        """``day`` itself if it is a working day, else the next one."""
        for _ in range(MAX_SCAN_DAYS):
            if self.is_workday(day):
                return day
            day += timedelta(days=1)
        raise ValueError("日历中找不到工作日，请检查节假日调整表")

    @_memoized
    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (start itself not counted);
        0 days: start if it is a working day, else the next working day."""
        if days < 0:
            raise ValueError("工作日数不能为负")
        if days == 0:
            return self.next_workday(start)
        day, counted = start, 0
        for _ in range(MAX_SCAN_DAYS + days * 3):
            day += timedelta(days=1)
            if self.is_workday(day):
                counted += 1
                if counted == days:
                    return day
        raise ValueError("日历中找不到足够的工作日，请检查节假日调整表")

    @_memoized
    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; 0 when end ≤ start."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count

    def paused_working_days(self, pauses: Iterable[Pause], accepted_on: date, until: date) -> int:
        """Working days the clock stood still: days in a pause, after acceptance, up to
        ``until`` (inclusive; an open pause runs until then). Overlapping pauses count once."""
        days: set[date] = set()
        for pause in pauses:
            day = max(pause.start, accepted_on + timedelta(days=1))
            stop = pause.end if pause.end is not None else until + timedelta(days=1)
            stop = min(stop, until + timedelta(days=1))
            while day < stop:
                if self.is_workday(day):
                    days.add(day)
                day += timedelta(days=1)
        return len(days)

    def deadline(self, accepted_on: date, promised_days: int, paused_days: int = 0,
                 extension_days: int = 0) -> date:
        """Acceptance + promised working days + approved extension + working days paused
        (听证、检验、检测、鉴定、专家评审、现场勘查 do not count against the limit)."""
        return self.add_working_days(accepted_on, promised_days + extension_days + paused_days)

    def light(self, today: date, accepted_on: date, deadline: date, yellow_ratio: float = 0.8) -> str:
        """电子监察 light: red when overdue; yellow when at least ``yellow_ratio`` of the
        working days are used or at most one working day is left; else green."""
        if today > deadline:
            return "red"
        total = self.working_days_between(accepted_on, deadline)
        used = self.working_days_between(accepted_on, today)
        left = self.working_days_between(today, deadline)
        if left <= 1 or (total > 0 and used >= yellow_ratio * total):
            return "yellow"
        return "green"


@lru_cache(maxsize=None)
def library_knows(year: int) -> bool:
    """chinesecalendar's table has the year's State Council notice."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
        return True
    except (NotImplementedError, ValueError):   # not yet in the table; not a year at all
        return False


def library_year(year: int) -> tuple[list[date], list[date]] | None:
    """The year's days off and 调休 working days as chinesecalendar has them (None: unknown).
    Its holidays are the holiday periods (weekends inside them included)."""
    if not library_knows(year):
        return None
    from chinese_calendar import constants
    return (sorted(d for d in constants.holidays if d.year == year),
            sorted(d for d in constants.workdays if d.year == year))


def library_years() -> list[int]:
    from chinese_calendar import constants
    return sorted({d.year for d in constants.holidays} | {d.year for d in constants.workdays})
