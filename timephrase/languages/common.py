"""Pieces the language modules share: clock readings from native clock words, and the English
forms the extractor reads for them."""

from __future__ import annotations

import re
from collections.abc import Callable

from timephrase.translate import AM, PM
from timephrase.vocabulary import MONTHS

Repl = Callable[[re.Match[str]], str]

__all__ = ["AM", "PM", "UNREADABLE", "before", "city_time", "clock", "day_month",
           "kanji_numerals", "past", "time_range"]

# what a rule writes for something it recognised but that can't be a date or time: the
# extractor doesn't know the word, so the phrase is refused as not understood
UNREADABLE = "unreadable"


def clock(hour: str = "h", minute: str | int | None = "m") -> Repl:
    """`<hour>:<minute>` from the named groups (hour text kept: "03" stays the 24-hour clock)."""
    def repl(m: re.Match[str]) -> str:
        h = m.group(hour)
        if isinstance(minute, int):
            mi = minute
        elif minute is None:
            mi = 0
        else:
            mi = int(m.group(minute) or 0) if minute in m.groupdict() else 0
        return f"{h}:{mi:02d}"
    return repl


def before(minutes: int | str, hour: str = "h") -> Repl:
    """`minutes` before the hour: "halb 4" (30 before 4) → 3:30, "menos cuarto" → :45."""
    def repl(m: re.Match[str]) -> str:
        mins = minutes if isinstance(minutes, int) else int(m.group(minutes))
        h = int(m.group(hour))
        if not 1 <= mins <= 59 or not 0 <= h <= 24:
            return UNREADABLE
        total = (h * 60 - mins) % (12 * 60 if h <= 12 else 24 * 60)
        hh, mm = divmod(total, 60)
        if h <= 12 and hh == 0:
            hh = 12
        return f"{hh}:{mm:02d}"
    return repl


def past(minutes: int | str, hour: str = "h") -> Repl:
    """`minutes` past the hour: "Viertel nach 3" → 3:15, "y media" → :30."""
    def repl(m: re.Match[str]) -> str:
        mins = minutes if isinstance(minutes, int) else int(m.group(minutes))
        if not 0 <= mins <= 59:
            return UNREADABLE
        return f"{m.group(hour)}:{mins:02d}"
    return repl


def day_month(day: str = "d", month: str = "mo", year: str | None = "y") -> Repl:
    """A date with its own order ("12.3.", "3月12日"): "12 march [2027]"."""
    def repl(m: re.Match[str]) -> str:
        d, mo = int(m.group(day)), int(m.group(month))
        if not 1 <= mo <= 12:
            return UNREADABLE
        y = m.group(year) if year and year in m.groupdict() and m.group(year) else ""
        return f"{d} {MONTHS[mo - 1]} {y}".strip()
    return repl


def time_range(m: re.Match[str]) -> str:
    """A range's two clock readings ("14-15 Uhr", "de 14h à 15h") → "14:00-15:00"; the extractor
    books its start."""
    return (f"{m.group('h')}:{int(m.group('m') or 0):02d}-"
            f"{m.group('h2')}:{int(m.group('m2') or 0):02d}")


def city_time(cities: dict[str, str], group: str = "city") -> Repl:
    """A native city name (as matched) → "<English city> time"."""
    def repl(m: re.Match[str]) -> str:
        return f"{cities[m.group(group)]} time"
    return repl


def names(table: dict[str, str]) -> str:
    """An alternation of a table's native names, longest first."""
    return "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))


def ampm_words(am: tuple[str, ...], pm: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((w, AM) for w in am) + tuple((w, PM) for w in pm)


_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
                 "六": 6, "七": 7, "八": 8, "九": 9}
# kanji numbers before a counter ("三時", "十五点", "二十日", "三月", "两个小时"); "周三",
# "星期一" (weekdays) have no counter after them and are left alone
_KANJI_NUMBER = re.compile(r"([〇零一二两兩三四五六七八九十]{1,3})"
                           r"(?=[時时点點分日号號月小天周週个個か半ヶカ])")


def _kanji_value(text: str) -> int | None:
    if "十" not in text:
        return _KANJI_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if "十" in ones or len(tens) > 1 or len(ones) > 1:
        return None
    return (_KANJI_DIGITS[tens] if tens else 1) * 10 + (_KANJI_DIGITS[ones] if ones else 0)


def kanji_numerals(text: str) -> str:
    """"下午三点半" → "下午3点半", "十五時" → "15時"; anything else is left as typed."""
    def repl(m: re.Match[str]) -> str:
        value = _kanji_value(m.group(1))
        return m.group(1) if value is None else str(value)
    return _KANJI_NUMBER.sub(repl, text)
