"""Instants, zones and the mapping between simulated hours and calendar time.

Simulated time is hours after the scenario's origin (a UTC instant); zones only matter when
an instant is shown to a person.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = timezone.utc
MIN_YEAR, MAX_YEAR = 1000, 9000


def parse_instant(text: str) -> datetime:
    """Parse an ISO 8601 instant that carries a UTC offset, e.g. 2022-01-06T03:30+06:00."""
    if not isinstance(text, str):
        raise ValueError("an instant must be written as text, e.g. 2022-01-06T03:30+06:00")
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO 8601 instant such as 2022-01-06T03:30+06:00") from None
    if value.tzinfo is None:
        written = text.strip()
        if _is_date(written):  # a date alone: it needs an hour before its offset
            raise ValueError(f"{text!r} is a date, not an instant; write e.g. {written}T12:00+06:00, "
                             f"or {{date: {written}, assume: '12:00', why: ...}} when the hour is unknown")
        raise ValueError(f"{text!r} has no UTC offset; write it as e.g. {written}+06:00")
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        # Far dates overflow when zones and durations are applied; no treaty is that old or young.
        raise ValueError(f"{text!r} lies outside the years {MIN_YEAR}-{MAX_YEAR}")
    return value.astimezone(UTC)


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def parse_date(text: str) -> date:
    """Parse a calendar date such as 2022-01-06."""
    written = str(text).strip()
    try:
        value = date.fromisoformat(written)
    except ValueError:
        offset = len(written) > 10 and written[10] in "+-Z"
        because = f" (a date takes no UTC offset: write {written[:10]})" if offset else ""
        raise ValueError(f"{text!r} is not a date such as 2022-01-06{because}") from None
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"{text!r} lies outside the years {MIN_YEAR}-{MAX_YEAR}")
    return value


@cache
def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; ValueError if unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder of zones, a name too long
        raise ValueError(f"unknown time zone {name!r}; use an IANA name such as Asia/Almaty") from None


def hours_between(origin: datetime, instant: datetime) -> float:
    return (instant - origin).total_seconds() / 3600.0


def at_hours(origin: datetime, hours: float) -> datetime:
    return origin + timedelta(hours=hours)


def local(instant: datetime, zone_name: str) -> datetime:
    return instant.astimezone(zone(zone_name))


def offset_label(instant: datetime) -> str:
    """'UTC+6' style label for an aware datetime."""
    offset = instant.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{mins:02d}" if mins else "")


def fmt(instant: datetime) -> str:
    """Compact, stable text for an aware datetime: 2022-01-06 03:30 UTC+6."""
    return f"{instant:%Y-%m-%d %H:%M} {offset_label(instant)}"


def case_and_actor_times(origin: datetime, hours: float, case_zone: str, actor_zone: str) -> tuple[str, str]:
    """An event's time in the case's zone (one clock, so a list reads in order) and, when the actor's clock
    differs, the actor's local time beside it: ('2022-01-06 00:37 UTC+6', '05 Jan 21:37 UTC+3')."""
    instant = at_hours(origin, hours)
    case, actor = local(instant, case_zone), local(instant, actor_zone)
    if actor.utcoffset() == case.utcoffset():
        return fmt(case), ""
    day = f"{actor:%d %b} " if actor.date() != case.date() else ""
    return fmt(case), f"{day}{actor:%H:%M} {offset_label(actor)}"
