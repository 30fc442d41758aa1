"""The pieces the extractor finds in a phrase (clock times, dates, zone ...) and their checks."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from timephrase.errors import Contradiction, Impossible, quote
from timephrase.vocabulary import MONTHS


@dataclass
class Time:
    hour: int
    minute: int
    second: int
    kind: str  # "ampm" (already 24h), "24" (literal), "bare" (rule 8), "noon", "midnight"
    text: str
    shift: int = 0  # minutes added after rule 8 ("quarter to 4": hour 4, shift -15)
    # the start of a range whose start still needs rule 8 ("3 to 4"): the end, checked then
    end: RangeEnd | None = None


@dataclass
class RangeEnd:
    """The end of a time range, used only to check (or pick am/pm for) its start."""

    hour: int  # 24h value when fixed; 1–12 when bare
    minute: int
    kind: str  # "fixed" (am/pm, 24h, noon), "bare" (either half of the day), "eod" (midnight)
    text: str

    def minutes(self) -> list[int]:
        """Possible ends, in minutes after the start day's midnight."""
        if self.kind == "eod":
            return [24 * 60]
        if self.kind == "bare":  # "12" may also be the midnight that ends the day ("11-12")
            return [(self.hour % 12 + half) * 60 + self.minute
                    for half in ((0, 12, 24) if self.hour == 12 else (0, 12))]
        return [self.hour * 60 + self.minute]


@dataclass
class Pieces:
    text: str
    zone: tzinfo | None = None
    zone_text: str = ""
    exact: bool = False  # ISO with Z/offset
    rel_days: list[tuple[int, str]] = field(default_factory=list)
    rel_months: list[tuple[int, str]] = field(default_factory=list)
    dates: list[tuple[int | None, int, int, str]] = field(default_factory=list)  # y, m, d
    day_of_month: list[tuple[int, str]] = field(default_factory=list)
    weekdays: list[tuple[int, str, str]] = field(default_factory=list)  # wd, mode, text
    week: list[tuple[str, str]] = field(default_factory=list)  # ("next"|"this", text)
    times: list[Time] = field(default_factory=list)
    periods: list[tuple[str, str]] = field(default_factory=list)
    duration: list[tuple[timedelta, str]] = field(default_factory=list)
    today_words: list[str] = field(default_factory=list)

    def has_date(self) -> bool:
        return bool(self.rel_days or self.rel_months or self.dates or self.day_of_month
                    or self.weekdays or self.week)

    def date_text(self) -> str:
        for lst in (self.rel_days, self.rel_months, self.day_of_month):
            if lst:
                return lst[0][1]
        if self.dates:
            return self.dates[0][3]
        if self.weekdays:
            return self.weekdays[0][2]
        if self.week:
            return self.week[0][1]
        return ""


@dataclass
class Scan:
    """What the extractor knows while it reads one phrase: the pieces so far and the context."""

    raw: str
    user_key: str
    month_first: bool  # numeric a/b dates are month/day
    p: Pieces = field(init=False)

    def __post_init__(self) -> None:
        self.p = Pieces(text=self.raw)

    def set_zone(self, z: tzinfo, text: str, exact: bool = False) -> None:
        p = self.p
        if p.zone is not None and text != p.zone_text:
            if _same_zone(p.zone, z):
                return
            raise Contradiction(f"{quote(self.raw)} names two time zones ({quote(p.zone_text)} "
                                f"and {quote(text)}) — keep one, like “3pm ET”.")
        p.zone, p.zone_text = z, text
        p.exact = p.exact or exact


# a handler's answer: False keeps the matched text in the phrase, anything else takes it out
Keep = bool | None


def _same_zone(a: tzinfo, b: tzinfo) -> bool:
    if a is b:
        return True
    if isinstance(a, ZoneInfo) and isinstance(b, ZoneInfo):
        return a.key == b.key
    if isinstance(a, timezone) and isinstance(b, timezone):
        return a.utcoffset(None) == b.utcoffset(None)
    return False


def year_of(s: str | None) -> int | None:
    if s is None:
        return None
    y = int(s)
    return 2000 + y if len(s) == 2 else y


def check_date(y: int | None, mo: int, d: int, text: str) -> None:
    if not 1 <= mo <= 12:
        raise Impossible(f"{quote(text)} isn't a real date — months run 1–12.")
    last = monthrange(y if y is not None else 2024, mo)[1]
    if not 1 <= d <= last:
        name = MONTHS[mo - 1].title()
        raise Impossible(f"{quote(text)} isn't a real date — {name} has {last} days"
                         f"{'' if y is not None or mo != 2 else ' at most'}.")
    if y is not None and not 1900 <= y <= 2200:
        raise Impossible(f"{quote(text)} has an unlikely year — check it.")


def clock(h: int, mi: int, ampm: str | None, h_text: str, text: str) -> Time:
    """A clock reading.  Kinds: 'ampm'/'24' are final 24h values; 'bare' needs rule 8."""
    if mi > 59:
        raise Impossible(f"{quote(text)} isn't a real time — minutes run 00–59.")
    if ampm:
        if not 1 <= h <= 12:
            raise Impossible(f"{quote(text)} isn't a real time — with am/pm the hour runs 1–12, "
                             f"like “3pm” or “15:00”.")
        hh = h % 12 + (12 if ampm == "pm" else 0)
        return Time(hh, mi, 0, "ampm", text)
    if h > 23 or (h == 24):
        raise Impossible(f"{quote(text)} isn't a real time — use 00:00–23:59, like “15:00”.")
    if h >= 13 or h == 0 or (len(h_text) == 2 and h_text.startswith("0")):
        return Time(h, mi, 0, "24", text)
    return Time(h, mi, 0, "bare", text)


