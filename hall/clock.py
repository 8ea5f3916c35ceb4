"""Time in one place: aware UTC datetimes in the database, the hall's zone on the way out."""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo


FIRST_YEAR, LAST_YEAR = 1900, 2100     # the dates a hall can mean (CONTRACT: "Bad input and abuse")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(moment: datetime, tz: str) -> datetime:
    """An aware datetime, or a naive one read as hall-local time, in UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(tz))
    return moment.astimezone(timezone.utc)


def local(moment: datetime | None, tz: str) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # defensive: a driver that dropped the zone stored UTC
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(ZoneInfo(tz))


def local_iso(moment: datetime | None, tz: str) -> str | None:
    value = local(moment, tz)
    return value.isoformat(timespec="seconds") if value else None


def local_date(moment: datetime, tz: str) -> date:
    return local(moment, tz).date()


def local_midnight(day: date, tz: str) -> datetime:
    """The moment ``day`` begins in the hall's zone (the start of a day's or month's range)."""
    return datetime.combine(day, time(0), ZoneInfo(tz))
