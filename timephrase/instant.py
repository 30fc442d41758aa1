"""Wall time ↔ instant: a local date and clock reading in a zone → UTC, an instant shown back in
a zone, and the user's zone from a name."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from timephrase.errors import UnknownZone, quote
from timephrase.vocabulary import MONTH_SHORT, WD_SHORT


def wall_to_utc(d: date, h: int, mi: int, sec: int, zone: tzinfo, fold: int = 0) -> datetime:
    """Wall time on a date in a zone → UTC.  fold=0: gaps move forward, overlaps take the first."""
    local = datetime(d.year, d.month, d.day, h, mi, sec, tzinfo=zone, fold=fold)
    return local.astimezone(UTC)


def wall_to_utc_ahead(d: date, h: int, mi: int, sec: int, zone: tzinfo, now: datetime) -> datetime:
    """Like wall_to_utc, but in a DST overlap the second instant when only that one is ahead."""
    first = wall_to_utc(d, h, mi, sec, zone)
    if first <= now:
        second = wall_to_utc(d, h, mi, sec, zone, fold=1)
        if second > now:  # only in an overlap (in a gap fold=1 is earlier, never ahead)
            return second
    return first


def describe_in(instant: datetime, zone: tzinfo) -> str:
    """"Tue 10 Mar, 15:00 EDT"; zones without a letter abbreviation as UTC+05:30."""
    local = instant.astimezone(zone)
    abbr = local.tzname() or ""
    if not abbr or abbr[0] in "+-" or (abbr.startswith("UTC") and len(abbr) > 3):
        off = local.utcoffset() or timedelta(0)
        total = int(off.total_seconds() // 60)
        sign = "-" if total < 0 else "+"
        total = abs(total)
        abbr = f"UTC{sign}{total // 60:02d}:{total % 60:02d}"
    return (f"{WD_SHORT[local.weekday()]} {local.day} {MONTH_SHORT[local.month - 1]}, "
            f"{local.hour:02d}:{local.minute:02d} {abbr}")


def user_zone_of(tz: str | tzinfo) -> tuple[tzinfo, str]:
    """The user's zone and its key (an IANA name, or the tzinfo's str)."""
    if isinstance(tz, str):
        try:
            z = ZoneInfo(tz.strip())
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise UnknownZone(f"{quote(tz)} isn't a time zone I know — set an IANA zone like "
                              f"“Europe/Rome”.") from None
        return z, z.key
    if isinstance(tz, ZoneInfo):
        return tz, tz.key
    if isinstance(tz, tzinfo):
        return tz, str(tz)
    raise UnknownZone("That isn't a time zone — set an IANA zone like “Europe/Rome”.")
