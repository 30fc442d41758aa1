"""Handlers for the date pieces: ISO stamps, durations, relative days, weeks, weekdays and
calendar dates.  Each takes the scan and a match; returning False keeps the matched text."""

from __future__ import annotations

import re
from datetime import UTC, timedelta, timezone

from timephrase import patterns as P
from timephrase.errors import Ambiguous, Impossible, NotUnderstood, Vague, quote
from timephrase.pieces import Scan, Time, check_date, year_of
from timephrase.vocabulary import MONTH_INDEX, WD_INDEX


def _num(s: str) -> float:
    s = s.strip()
    if s in ("a", "an"):
        return 1.0
    if s.startswith("half") or s == "a half":
        return 0.5
    return float(s)


def _duration(body: str) -> timedelta:
    total = 0.0
    for num, unit in P.DPART_FIND.findall(body):
        v = _num(num)
        if unit.startswith("h"):
            total += v * 3600
            last = 3600
        elif unit.startswith("m"):
            total += v * 60
            last = 60
        else:
            total += v
            last = 1
    if re.search(r"and\s+a\s+half\s*$", body):
        total += 0.5 * last
    return timedelta(seconds=total)




def iso(sc: Scan, m: re.Match[str]) -> None:
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    check_date(y, mo, d, m.group(0))
    sc.p.dates.append((y, mo, d, m.group(0)))
    if m.group(4) is not None:
        h, mi = int(m.group(4)), int(m.group(5))
        sec = int(m.group(6) or 0)
        if h > 23 or mi > 59 or sec > 59:
            raise Impossible(f"{quote(m.group(0))} isn't a real time — use 00:00–23:59, "
                             f"like “{y:04d}-{mo:02d}-{d:02d} 15:00”.")
        sc.p.times.append(Time(h, mi, sec, "24", m.group(0)))
        off = m.group(7)
        if off and off[0] == "-" and ":" in off and "t" not in m.group(0):
            o_min = int(off[1:3]) * 60 + int(off[4:6] or 0)
            if 0 < o_min - (h * 60 + mi) <= 12 * 60:
                raise Ambiguous(f"{quote(m.group(0))} could be a time range or a UTC offset — "
                                f"write “{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}{off}” "
                                f"for an offset or give one start time.")
        if off:
            if off == "z":
                sc.set_zone(UTC, "Z", exact=True)
            else:
                digits = off[1:].replace(":", "")
                hh = int(digits[:2])
                mm = int(digits[2:4] or 0)
                if hh > 14 or mm > 59:
                    raise Impossible(f"{quote(off)} isn't a real UTC offset.")
                sign = -1 if off[0] == "-" else 1
                sc.set_zone(timezone(sign * timedelta(hours=hh, minutes=mm)), off, exact=True)


def ymd(sc: Scan, m: re.Match[str]) -> None:
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    check_date(y, mo, d, m.group(0))
    sc.p.dates.append((y, mo, d, m.group(0)))


def dur_hm(sc: Scan, m: re.Match[str]) -> None:
    sc.p.duration.append((timedelta(hours=int(m.group(1)), minutes=int(m.group(2))),
                          m.group(0)))


def dur_andhalf(sc: Scan, m: re.Match[str]) -> None:
    v = _num(m.group(1)) + 0.5
    unit = 3600 if m.group(2).startswith("h") else 60
    sc.p.duration.append((timedelta(seconds=v * unit), m.group(0)))


def dur(sc: Scan, m: re.Match[str]) -> None:
    sc.p.duration.append((_duration(m.group(1)), m.group(0)))


def rel_amount(sc: Scan, num: str, unit: str, text: str) -> None:
    n = int(_num(num))
    if unit.startswith("month"):
        sc.p.rel_months.append((n, text))
    elif unit.startswith("fortnight"):
        sc.p.rel_days.append((14 * n, text))
    elif unit.startswith("week"):
        sc.p.rel_days.append((7 * n, text))
    else:
        sc.p.rel_days.append((n, text))


def rel_in(sc: Scan, m: re.Match[str]) -> None:
    rel_amount(sc, m.group(1), m.group(2), m.group(0))


def rel_from_fixed(sc: Scan, m: re.Match[str]) -> None:
    n = int(_num(m.group(1)))
    unit = m.group(2)
    extra = 1 if m.group(3) == "tomorrow" else 0
    if unit.startswith("month"):
        if extra:
            raise NotUnderstood(f"{quote(sc.raw)} is hard to read — try a date, like “12 May 3pm”.")
        sc.p.rel_months.append((n, m.group(0)))
        return
    mult = 14 if unit.startswith("fortnight") else 7 if unit.startswith("week") else 1
    sc.p.rel_days.append((n * mult + extra, m.group(0)))


def week(sc: Scan, m: re.Match[str]) -> None:
    mode = "this" if m.group(1) == "this" else "next"
    sc.p.week.append((mode, m.group(0)))


def weekday(sc: Scan, m: re.Match[str]) -> None:
    mod = (m.group(1) or "").split()
    mode = "next" if mod and mod[-1] == "next" and mod[0] != "this" else (
        "this" if mod else "bare")
    if mod == ["this", "next"]:
        mode = "next"
    sc.p.weekdays.append((WD_INDEX[m.group(2)], mode, m.group(0)))


def tonight(sc: Scan, m: re.Match[str]) -> None:
    sc.p.rel_days.append((0, m.group(0)))
    sc.p.periods.append(("tonight", m.group(0)))
    sc.p.today_words.append(m.group(0))


def this_period(sc: Scan, m: re.Match[str]) -> None:
    sc.p.rel_days.append((0, m.group(0)))
    sc.p.periods.append((m.group(1), m.group(0)))
    sc.p.today_words.append(m.group(0))


def today(sc: Scan, m: re.Match[str]) -> None:
    sc.p.rel_days.append((0, m.group(0)))
    sc.p.today_words.append(m.group(0))


def month_day(sc: Scan, m: re.Match[str]) -> None:
    mo = MONTH_INDEX[m.group(1)]
    d = int(m.group(2))
    y = int(m.group(3)) if m.group(3) else None
    check_date(y, mo, d, m.group(0))
    sc.p.dates.append((y, mo, d, m.group(0)))


def day_month(sc: Scan, m: re.Match[str]) -> None:
    mo = MONTH_INDEX[m.group(2)]
    d = int(m.group(1))
    y = int(m.group(3)) if m.group(3) else None
    check_date(y, mo, d, m.group(0))
    sc.p.dates.append((y, mo, d, m.group(0)))


def month_only(sc: Scan, m: re.Match[str]) -> None:
    raise Vague(f"{quote(m.group(0))} needs a day and a time, like “12 {m.group(1).title()} "
                f"3pm”.")


def nth(sc: Scan, m: re.Match[str]) -> None:
    d = int(m.group(1))
    if not 1 <= d <= 31:
        raise Impossible(f"{quote(m.group(0))} isn't a real day of the month.")
    sc.p.day_of_month.append((d, m.group(0)))


def slash(sc: Scan, m: re.Match[str]) -> None:
    a, b = int(m.group(1)), int(m.group(2))
    mo, d = (a, b) if sc.month_first else (b, a)
    y = year_of(m.group(3))
    if not 1 <= mo <= 12 or not 1 <= d <= 31:
        order = "month/day" if sc.month_first else "day/month"
        raise Impossible(f"{quote(m.group(0))} isn't a valid date here (dates are {order} in "
                         f"your region) — write the month's name, like “12 Mar 3pm”.")
    check_date(y, mo, d, m.group(0))
    sc.p.dates.append((y, mo, d, m.group(0)))


def dotted(sc: Scan, m: re.Match[str]) -> None:
    d, mo = int(m.group(1)), int(m.group(2))
    y = year_of(m.group(3))
    if not 1 <= mo <= 12:
        raise Impossible(f"{quote(m.group(0))} isn't a valid date (dotted dates are "
                         f"day.month.year).")
    check_date(y, mo, d, m.group(0))
    sc.p.dates.append((y, mo, d, m.group(0)))


def tomorrow(sc: Scan, m: re.Match[str]) -> None:
    sc.p.rel_days.append((1, m.group(0)))


def week_today(sc: Scan, m: re.Match[str]) -> None:
    sc.p.rel_days.append((7 + (1 if m.group(1) == "tomorrow" else 0), m.group(0)))


def day_after_tomorrow(sc: Scan, m: re.Match[str]) -> None:
    sc.p.rel_days.append((2, m.group(0)))


def period(sc: Scan, m: re.Match[str]) -> None:
    sc.p.periods.append((m.group(1), m.group(0)))
