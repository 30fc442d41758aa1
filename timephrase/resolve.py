"""Pieces → one instant: rule 8 on the clock reading, the date from the user's calendar, the
wall time read in its zone, and every check that makes a phrase a refusal instead of a guess."""

from __future__ import annotations

from calendar import monthrange
from datetime import UTC, date, datetime, timedelta, tzinfo

from timephrase import _zones
from timephrase.errors import (
    Ambiguous,
    Contradiction,
    Impossible,
    InPast,
    NoTime,
    NotUnderstood,
    Vague,
    pretty,
    quote,
)
from timephrase.instant import describe_in, wall_to_utc, wall_to_utc_ahead
from timephrase.pieces import Pieces, Time, clock
from timephrase.vocabulary import FILLER, MONTHS, VAGUE, WEEKDAYS

PERIOD_RANGES = {
    "morning": range(0, 12),
    "afternoon": range(12, 19),
    "evening": range(16, 24),
    "night": range(17, 24),
    "tonight": range(17, 24),
}


def _wall(t: Time, period: str | None) -> tuple[int, int, int, bool]:
    """Rule 8/9: the 24h wall time and whether it is the midnight that ends the day."""
    if t.kind == "midnight":
        return 0, 0, 0, True
    if t.kind == "noon":
        if period in ("morning", "evening", "night", "tonight"):
            raise Contradiction(f"{quote(t.text)} and {quote(period or '')} don't go together — "
                                f"say just “noon”.")
        return 12, 0, 0, False
    if t.kind == "bare":
        h = t.hour
        shift = t.shift
        mi = t.minute
        if period == "morning":
            if h == 12:
                raise Ambiguous(f"{quote(t.text)} in the morning is unclear — write “noon” or "
                                f"“00:00”.")
            hh = h
        elif period in ("afternoon", "evening", "night", "tonight"):
            if h == 12:
                if period == "afternoon":
                    hh = 12
                elif period in ("tonight", "night") and mi == 0 and shift == 0:
                    return 0, 0, 0, True
                else:
                    raise Ambiguous(f"{quote(t.text)} is unclear — write “noon”, “midnight” or "
                                    f"a 24-hour time.")
            else:
                hh = h + 12
        elif 1 <= h <= 6:
            hh = h + 12
        elif h in (7, 8):
            raise Ambiguous(f"{quote(t.text)} could be {h}am or {h}pm — add am or pm, like "
                            f"“{h}pm”.")
        else:  # 9–12
            hh = h
        if shift:
            total = (hh * 60 + shift) % (24 * 60)
            hh, mi = total // 60, total % 60
        if period is not None and hh not in PERIOD_RANGES[period]:
            raise Contradiction(f"{quote(t.text)} doesn't fit “{period}” — give the time with "
                                f"am/pm, like “7pm”.")
        return hh, mi, 0, False
    # explicit: ampm / 24h
    if period is not None:
        if period in ("tonight", "night") and t.hour == 0 and t.minute == 0:
            return 0, 0, 0, True
        if t.hour not in PERIOD_RANGES[period]:
            raise Contradiction(f"{quote(t.text)} doesn't fit “{period}” — check the time.")
    return t.hour, t.minute, t.second, False


def _add_months(d: date, n: int, text: str) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    last = monthrange(y, m)[1]
    if d.day > last:
        raise Impossible(f"{quote(text)} lands on a day that doesn't exist "
                         f"({MONTHS[m - 1].title()} has {last} days) — give a date, like "
                         f"“{last} {MONTHS[m - 1][:3].title()} 3pm”.")
    return date(y, m, d.day)


def resolve(p: Pieces, leftover: list[str], now: datetime, user_zone: tzinfo,
            user_key: str) -> datetime:
    raw = p.text
    # leftovers: filler is fine, one bare number may be an hour, the rest is not understood
    numbers = [w for w in leftover if w.isdigit()]
    rest = [w for w in leftover if not w.isdigit() and w not in FILLER and w != "ish"]
    vague = [w for w in rest if w in VAGUE]
    if vague:
        soft = {"later", "sometime"}
        if not (set(vague) <= soft and p.times and len(rest) == len(vague)):
            raise Vague(f"{quote(raw)} is too vague to book — give a day and a time, "
                        f"like “next tue 10am”.")
        rest = []
    if "now" in rest:
        raise Vague(f"{quote(raw)} isn't a time to book — give one that's ahead, like “in 2 hours” "
                    f"or “tomorrow 3pm”.")
    if "week" in rest or "weeks" in rest:
        raise Vague(f"{quote(raw)} is too vague to book — give a day and a time, "
                    f"like “next week tuesday 10am”.")
    if rest:
        bad = " ".join(rest)
        raise NotUnderstood(f"I couldn't read {quote(raw)} as a time (not sure about "
                            f"{quote(bad)}) — try something like “tomorrow 3pm” or "
                            f"“next tue 10:30”.")
    if numbers:
        if len(numbers) == 1 and not p.times and (p.has_date() or p.periods):
            n = numbers[0]
            p.times.append(clock(int(n), 0, None, n, n))
        else:
            raise NotUnderstood(f"I couldn't read {quote(raw)} as a time (what is "
                                f"{quote(' '.join(numbers))}?) — try something like "
                                f"“tomorrow 3pm”.")

    # durations: elapsed time from now, alone
    if p.duration:
        if len(p.duration) > 1 or p.has_date() or p.times or p.periods:
            raise Contradiction(f"{quote(raw)} mixes a duration with a date or time — use one, "
                                f"like “in 2 hours” or “tomorrow 3pm”.")
        delta = p.duration[0][0]
        if delta <= timedelta(0):
            raise InPast(f"{quote(raw)} is not ahead of now — try “in 1 hour”.")
        if delta > timedelta(days=3660):
            raise Impossible(f"{quote(raw)} is too far ahead to book.")
        return (now + delta).astimezone(UTC)

    if not p.times:
        if not p.has_date() and not p.periods:
            if not raw.strip():
                raise NotUnderstood("There's no time to read — type one, like “tomorrow 3pm”.",
                                    "empty")
            raise NotUnderstood(f"I couldn't find a time in {quote(raw)} — try something like "
                                f"“tomorrow 3pm” or “next tue 10:30”.")
        if p.week and not p.weekdays and not p.dates:
            raise Vague(f"{quote(p.week[0][1])} needs a day and a time, like "
                        f"“{p.week[0][1]} tuesday 10am”.")
        period_name = p.periods[0][0] if p.periods else ""
        example = {"morning": "9am", "evening": "7pm", "night": "8pm",
                   "tonight": "8pm"}.get(period_name, "3pm")
        day = p.date_text()
        label = day
        if p.periods and p.periods[0][1] not in day:
            label = f"{day} {p.periods[0][1]}".strip()
        if day and day != "tonight" and not day.startswith("this "):
            raise NoTime(f"{quote(label)} has no time — add one, like “{pretty(day)} {example}”.")
        raise NoTime(f"{quote(label)} has no exact time — add one, like “{example}” or "
                     f"“{pretty(day or 'tomorrow')} {example}”.")
    if len(p.times) > 1:
        first = p.times[0]
        for t in p.times[1:]:
            if (t.hour, t.minute, t.kind) != (first.hour, first.minute, first.kind):
                raise Contradiction(f"{quote(raw)} has more than one time ({quote(first.text)} and "
                                    f"{quote(t.text)}) — keep one.")
    periods = {pp for pp, _ in p.periods}
    if "tonight" in periods and "night" in periods:
        periods.discard("night")
    if len(periods) > 1:
        raise Contradiction(f"{quote(raw)} names more than one part of the day — keep one.")
    period = next(iter(periods)) if periods else None

    h, mi, sec, end_of_day = _wall(p.times[0], period)
    for t in p.times:
        if t.end is not None and not any(0 < e - (h * 60 + mi) <= 12 * 60
                                         for e in t.end.minutes()):
            raise Impossible(f"{quote(t.text)} doesn't work as a time range (it ends before it "
                             f"starts or lasts over 12 hours) — give the start time, like "
                             f"“3pm”.")
    zone = p.zone or user_zone
    user_today = now.astimezone(user_zone).date()

    # which date sources are there?
    cands: list[tuple[date, str]] = []
    if p.rel_days:
        # "today"/"tonight"/"this morning" may be repeated; different offsets contradict
        offs = {n for n, _ in p.rel_days}
        if len(offs) > 1:
            raise Contradiction(f"{quote(raw)} names more than one day — keep one.")
        cands.append((user_today + timedelta(days=offs.pop()), p.rel_days[0][1]))
    for months, mtext in p.rel_months:
        cands.append((_add_months(user_today, months, mtext), mtext))

    def ahead(d: date) -> bool:
        if end_of_day:
            return wall_to_utc(d + timedelta(days=1), 0, 0, 0, zone) > now
        return wall_to_utc_ahead(d, h, mi, sec, zone, now) > now

    for y, mo, dd, text in p.dates:
        if y is not None:
            cands.append((date(y, mo, dd), text))
            continue
        # rule 13: next such date; today with the time passed is an error
        y0 = user_today.year
        for yy in (y0, y0 + 1):
            try:
                cand = date(yy, mo, dd)
            except ValueError:
                cand = None
            if cand is None:
                if mo == 2 and dd == 29:
                    raise Impossible(f"{quote(text)} — there's no 29 February in {yy}; "
                                     f"pick another date.")
                continue
            if cand < user_today:
                continue
            cands.append((cand, text))
            break
    for dd, text in p.day_of_month:
        cand_d: date | None = None
        y, mo = user_today.year, user_today.month
        for _ in range(2):
            last = monthrange(y, mo)[1]
            if dd > last:
                raise Impossible(f"{quote(text)} — {MONTHS[mo - 1].title()} {y} has only {last} "
                                 f"days; give the month, like “{last} "
                                 f"{MONTHS[mo - 1][:3].title()} 3pm”.")
            c = date(y, mo, dd)
            if c >= user_today:
                cand_d = c
                break
            y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
        assert cand_d is not None
        cands.append((cand_d, text))

    if p.week:
        modes = {m for m, _ in p.week}
        if len(modes) > 1 or len(p.week) > 1:
            raise Contradiction(f"{quote(raw)} names more than one week — keep one.")
        if not p.weekdays:
            if cands:
                raise Contradiction(f"{quote(raw)} names a week and a date — keep the date.")
            raise Vague(f"{quote(p.week[0][1])} needs a day and a time, like "
                        f"“{p.week[0][1]} tuesday 10am”.")
        if len(p.weekdays) > 1 or p.weekdays[0][1] != "bare":
            raise NotUnderstood(f"{quote(raw)} is hard to read — try “next week tuesday 10am”.")
        wd = p.weekdays[0][0]
        monday = user_today - timedelta(days=user_today.weekday())
        if _zones.month_first(user_key) and (wd == 6 or user_today.weekday() == 6):
            raise Ambiguous(f"{quote(raw)} depends on whether weeks start on Sunday or Monday — "
                            f"give the date instead, like “Mar 17 10am”.")
        off = 7 if next(iter(modes)) == "next" else 0
        cands.append((monday + timedelta(days=off + wd), p.week[0][1] + " " + p.weekdays[0][2]))
        weekdays_to_check: list[tuple[int, str, str]] = []
    else:
        weekdays_to_check = list(p.weekdays)

    if cands:
        d0, t0 = cands[0]
        for d1, t1 in cands[1:]:
            if d1 != d0:
                raise Contradiction(f"{quote(t0)} and {quote(t1)} are different days — keep one.")
        for wd, _mode, _wtext in weekdays_to_check:
            if d0.weekday() != wd:
                raise Contradiction(f"{quote(raw)} doesn't add up — {d0.day} "
                                    f"{MONTHS[d0.month - 1].title()} {d0.year} is a "
                                    f"{WEEKDAYS[d0.weekday()].title()}, not a "
                                    f"{WEEKDAYS[wd].title()}. Type the date or the day, "
                                    f"with a time.")
        the_date = d0
    elif weekdays_to_check:
        wds = {(wd, mode) for wd, mode, _ in weekdays_to_check}
        if len({wd for wd, _ in wds}) > 1:
            raise Contradiction(f"{quote(raw)} names more than one weekday — keep one.")
        modes = {mode for _, mode in wds}
        mode = "next" if "next" in modes else ("this" if "this" in modes else "bare")
        wd = weekdays_to_check[0][0]
        gap = (wd - user_today.weekday()) % 7
        coming = user_today + timedelta(days=gap)
        if mode == "next":
            the_date = coming + timedelta(days=7) if gap in (0, 1) else coming
        else:
            the_date = coming if (gap != 0 or ahead(coming)) else coming + timedelta(days=7)
    else:
        # rule 2: a time with no date → next time that wall time comes round (in its zone)
        zone_today = now.astimezone(zone).date()
        if end_of_day:
            return wall_to_utc(zone_today + timedelta(days=1), 0, 0, 0, zone)
        first_at = wall_to_utc_ahead(zone_today, h, mi, sec, zone, now)
        if first_at > now and not p.today_words:
            return first_at
        if p.today_words:
            the_date = user_today
        else:
            return wall_to_utc(zone_today + timedelta(days=1), h, mi, sec, zone)

    if end_of_day:
        is_today = the_date == user_today and (p.today_words or not p.has_date())
        if not is_today:
            raise Ambiguous(f"{quote(raw)}: midnight on a date is ambiguous — write 00:00 "
                            f"(start of the day) or 23:59, like “{p.date_text()} 00:00”.")
        instant = wall_to_utc(the_date + timedelta(days=1), 0, 0, 0, zone)
    else:
        instant = wall_to_utc_ahead(the_date, h, mi, sec, zone, now)
    if instant <= now:
        when = describe_in(instant, zone)
        raise InPast(f"{quote(raw)} is in the past ({when}) — pick a time that's still ahead, "
                     f"like “tomorrow 3pm”.")
    return instant
