"""Normalised text → the pieces it names, by a fixed table of (name, pattern, handler) steps.

Each step takes out what its pattern matches (the handler records the piece, or refuses the
phrase); whatever no step took is left over, and `resolve` refuses anything in it that isn't filler.
The order matters: ISO stamps before dates, zones before words, ranges before single times.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta, timezone
from zoneinfo import ZoneInfo

from timephrase import _zones
from timephrase import extract_clock as clk
from timephrase import extract_dates as dat
from timephrase import patterns as P
from timephrase.errors import Impossible, InPast, NotUnderstood, UnknownZone, Vague, quote
from timephrase.pieces import Keep, Pieces, Scan

Handler = Callable[[Scan, re.Match[str]], Keep]


def drop(sc: Scan, m: re.Match[str]) -> None:
    """Text that is noise here ("my time", a meeting length): taken out, nothing recorded."""


def too_vague(sc: Scan, m: re.Match[str]) -> None:
    raise Vague(f"{quote(sc.raw)} is too vague to book — give a day and a time, "
                f"like “next tue 10am”.")


def whose_time(sc: Scan, m: re.Match[str]) -> None:
    raise UnknownZone(f"{quote(sc.raw)} doesn't say which time zone “your time” is — name it, "
                      f"like “3pm PT” or “3pm London time”.")


def in_past(sc: Scan, m: re.Match[str]) -> None:
    raise InPast(f"{quote(sc.raw)} is in the past — pick a time that's still ahead, "
                 f"like “tomorrow 3pm”.")


def later_than_what(sc: Scan, m: re.Match[str]) -> None:
    raise NotUnderstood(f"{quote(sc.raw)} doesn't say what it's later than — use "
                        f"“in 2 hours” or a day and time, like “tomorrow 3pm”.")


def offset(sc: Scan, m: re.Match[str]) -> None:
    hh = int(m.group(3))
    mm = int(m.group(4) or 0)
    if hh > 14 or mm > 59 or (m.group(2) == "-" and hh * 60 + mm > 12 * 60):
        raise Impossible(f"{quote(m.group(0).upper())} isn't a real UTC offset — "
                         f"offsets run from UTC-12 to UTC+14.")
    sign = -1 if m.group(2) == "-" else 1
    name = f"UTC{m.group(2)}{hh:02d}:{mm:02d}"
    sc.set_zone(timezone(sign * timedelta(hours=hh, minutes=mm), name), m.group(0))


def zone(sc: Scan, m: re.Match[str]) -> None:
    name = m.group(1)
    name = _zones.LONG_NAMES.get(name, name)
    if name == "india":
        sc.set_zone(_zones.fixed(330, "IST"), m.group(0))
        return
    if name in _zones.GENERIC:
        sc.set_zone(ZoneInfo(_zones.GENERIC[name]), m.group(0))
        return
    try:
        z = _zones.resolve_abbreviation(name, sc.user_key)
    except _zones.ZoneProblem:
        raise UnknownZone(f"{quote(name.upper())} could mean more than one time zone — use an "
                          f"offset like “UTC+5:30” or a city like “3pm London time”."
                          ) from None
    sc.set_zone(z, m.group(0))


def city(sc: Scan, m: re.Match[str]) -> None:
    sc.set_zone(ZoneInfo(_zones.CITIES[m.group(1)]), m.group(0))


STEPS: tuple[tuple[str, re.Pattern[str], Handler], ...] = (
    ("vague phrase", P.VAGUE_PHRASE, too_vague),
    ("iso stamp", P.ISO, dat.iso),
    ("year/month/day", P.YMD, dat.ymd),
    ("utc offset", P.OFFSET, offset),
    ("your time", P.YOURTIME, whose_time),
    ("my time", P.MYTIME, drop),
    ("zone name", P.ZONE, zone),
    ("city", P.CITY, city),
    ("past word", P.PAST, in_past),
    ("duration 1h30", P.DUR_HM, dat.dur_hm),
    ("duration and a half", P.DUR_ANDHALF, dat.dur_andhalf),
    ("later than what", P.DUR_LATER, later_than_what),
    ("in duration", P.DUR_IN, dat.dur),
    ("duration from now", P.DUR_FROM_NOW, dat.dur),
    ("meeting length", P.LENGTH, drop),
    ("days from", P.REL_FROM, dat.rel_from_fixed),
    ("in days", P.REL_IN, dat.rel_in),
    ("a week today", P.WEEK_TODAY, dat.week_today),
    ("day after tomorrow", P.DAT, dat.day_after_tomorrow),
    ("week", P.WEEK, dat.week),
    ("weekday", P.WEEKDAY, dat.weekday),
    ("tonight", P.TONIGHT, dat.tonight),
    ("this morning", P.THIS_PERIOD, dat.this_period),
    ("today", P.TODAY, dat.today),
    ("tomorrow", P.TOMORROW, dat.tomorrow),
    ("part of day", P.PERIOD, dat.period),
    ("month day", P.MONTH_DAY, dat.month_day),
    ("day month", P.DAY_MONTH, dat.day_month),
    ("month alone", P.MONTH_YEAR, dat.month_only),
    ("nth", P.NTH, dat.nth),
    ("a/b date", P.SLASH, dat.slash),
    ("a-b-y date", P.DASH_DATE, dat.slash),
    ("d.m.y date", P.DOT_DATE, dat.dotted),
    ("time range", P.RANGE, clk.time_range),
    ("noon", P.NOON, clk.noon),
    ("midnight", P.MIDNIGHT, clk.midnight),
    ("quarter past", P.PAST_TO, clk.past_to),
    ("half 4", P.HALF_H, clk.half_h),
    ("h:mm", P.COLON, clk.colon),
    ("h.mm am", P.DOT_AMPM, clk.dot_ampm),
    ("hmm am", P.HHMM_AMPM, clk.hhmm_ampm),
    ("h am", P.AMPM, clk.ampm),
    ("15h30", P.H_NOTATION, clk.h_notation),
    ("o'clock", P.OCLOCK, clk.oclock),
    ("1500 hrs", P.MILITARY, clk.military),
    ("at h", P.AT_HOUR, clk.at_hour),
    ("h.mm", P.DOT2, clk.dot2),
)


def extract(raw: str, s: str, user_key: str, month_first: bool) -> tuple[Pieces, list[str]]:
    """The pieces of normalised text `s` (typed as `raw`), and the words no step took."""
    sc = Scan(raw, user_key, month_first)
    for _name, pattern, handler in STEPS:
        def rep(m: re.Match[str], handler: Handler = handler) -> str:
            return m.group(0) if handler(sc, m) is False else P.SEP

        s = pattern.sub(rep, s)
    leftover = [w for w in s.split() if w not in (P.SEP.strip(), "–")]
    return sc.p, leftover
