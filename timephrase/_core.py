"""Typed time phrase → one UTC instant.  Rules: ../shared/TIME_PHRASES.md.

How it works: the text is normalised (casing, punctuation, typos, number words), then a fixed
sequence of precompiled patterns takes out the pieces it knows (zone, ISO stamp, duration, relative
day, weekday, calendar date, clock time, part of day).  Whatever is left must be filler ("book",
"pls", "let's meet" ...) or the phrase is refused.  The pieces are then resolved with plain
calendar arithmetic into a local DATE and WALL TIME, and the instant is built with zoneinfo
(fold=0: a wall time in a DST gap moves forward by the gap, one in an overlap is the first
that is still ahead).

Readings chosen where the rules leave room (see also docs in the tests):
- `tomorrow` is always the local date + 1, also just after midnight.
- A bare weekday on that same weekday with the time still ahead is today.
- Hour 7 or 8 without am/pm and without a part of day is refused (could be either).
- Dates (today/tomorrow/weekday/calendar) are the user's own calendar; a named zone only changes
  how the wall time is read.  A time with no date is the next occurrence of that wall time in the
  named zone (or the user's).
- A season abbreviation used out of season (`9am EST` in July) keeps its fixed offset.
- `IST` is +05:30 only for users in India (Irish/Israel time for users there); anyone else is
  asked for an offset.  `CST` is China time for users in China, US Central otherwise.
- `<date> midnight` (other than today/tonight) is refused: start or end of that day is unclear.
- `next week <weekday>` uses Monday-start weeks; in Sunday-start regions (Americas, Japan) it is
  refused when the weekday or today is a Sunday.
- A numeric a/b date invalid in the user's order (`25/12` for a US user) is refused, not swapped.
- A time range ("3-4pm", "3pm to 4pm", "between 3 and 4", "from 11 till noon") books its start.
  am/pm on the start wins; else it takes the end's ("3-4pm" 15:00) or is the morning before a pm
  end ("11-1pm" 11:00); with neither, rule 8 reads the start.  The end must come after the start,
  within 12 hours, or the phrase is refused.  "10 to 4" (5/10/20/25 to an hour that isn't the
  next one) stays clock phrasing, 3:50; "ten to eleven" in words and "10 to noon" are refused.
- dateparser is not on any path: every accepted form has its own pattern here, so nothing is
  guessed, and a phrase with a word we don't know is refused.
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from timephrase import _zones

# ---------------------------------------------------------------------------------------------
# errors


class TimePhraseError(ValueError):
    """A phrase that cannot be booked.  `.message` is one sentence for the user."""

    reason = "not_understood"

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if reason is not None:
            self.reason = reason

    def __str__(self) -> str:
        return self.message


class NoTime(TimePhraseError):
    reason = "no_time"


class InPast(TimePhraseError):
    reason = "past"


class Impossible(TimePhraseError):
    reason = "impossible"


class Vague(TimePhraseError):
    reason = "vague"


class Contradiction(TimePhraseError):
    reason = "contradiction"


class Ambiguous(TimePhraseError):
    reason = "ambiguous"


class UnknownZone(TimePhraseError):
    reason = "unknown_zone"


class NotUnderstood(TimePhraseError):
    reason = "not_understood"


_CAPS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
         "january", "february", "march", "april", "june", "july", "august", "september",
         "october", "november", "december", "utc", "gmt"}


def _pretty(text: str) -> str:
    return " ".join(w.upper() if w in ("utc", "gmt") else w.title() if w in _CAPS else w
                    for w in text.split())


def _q(text: str) -> str:
    text = _pretty(text)
    if len(text) > 60:
        text = text[:57] + "…"
    return f"“{text}”"


# ---------------------------------------------------------------------------------------------
# vocabulary

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
_WD_INDEX = {w: i for i, w in enumerate(WEEKDAYS)}
_MONTH_INDEX = {m: i + 1 for i, m in enumerate(MONTHS)}
_MONTH_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_WD_SHORT = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

_TYPOS: dict[str, str] = {}


def _add(target: str, *words: str) -> None:
    for w in words:
        _TYPOS[w] = target


_add("tomorrow", "tmrw", "tmr", "tmrow", "tmw", "tmro", "tmrrw", "tmorrow", "tomo", "tomoz",
     "2moro", "2morrow", "2morow", "2mrw", "2mro", "2mrow", "tommorow", "tommorrow", "tomorow",
     "tomorrrow", "tomrrow", "tomorro", "tomm", "tomrw", "tomrow", "tomorw", "tomorrw", "tommorw",
     "tmrrow", "morrow", "tomorrows")
_add("today", "tdy", "2day", "tday", "todays", "tody", "toady")
_add("tonight", "tonite", "2nite", "2night", "tnite", "tonights", "tonigt", "tonght")
_add("yesterday", "yday", "yest", "ystrdy", "yesterdy", "yesturday")
_add("monday", "mon", "mo", "mnday", "monady")
_add("tuesday", "tue", "tues", "tu", "tuseday", "teusday", "tuesdy", "tusday")
_add("wednesday", "wed", "weds", "wednes", "wensday", "wendsday", "wednsday", "wedensday",
     "wednseday", "wedsday", "wendesday", "wedneday")
_add("thursday", "thu", "thur", "thurs", "thr", "thrs", "thurday", "thrusday", "thursdy",
     "thurdsay", "thurssday")
_add("friday", "fri", "fr", "firday", "fridy", "frday", "frida")
_add("saturday", "sat", "satur", "saterday", "satuday", "sturday")
_add("sunday", "sun", "sundy", "sunady")
_add("january", "jan", "janurary", "januray")
_add("february", "feb", "febuary", "febr", "feburary")
_add("march", "mar")
_add("april", "apr")
_add("june", "jun")
_add("july", "jul")
_add("august", "aug")
_add("september", "sep", "sept")
_add("october", "oct")
_add("november", "nov")
_add("december", "dec")
_add("next", "nxt")
_add("week", "wk")
_add("weeks", "wks")
_add("hours", "hrs")
_add("hour", "hr")
_add("minutes", "mins")
_add("minute", "min")
_add("afternoon", "aft", "arvo", "afternon", "afternooon", "aftrnoon", "afteroon")
_add("evening", "eve", "evenin", "evning", "eveing")
_add("morning", "morn", "mornin", "mornig", "moring", "morninng")
_add("night", "nite")
_add("noon", "midday", "noontime", "12noon")
_add("midnight", "midnite", "12midnight")
_add("oclock", "oclck")
_add("please", "pls", "plz", "plse", "pleae", "pleas")
_add("and", "&", "n")

_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
    "sixty": 60, "ninety": 90,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50}
_ORDINALS = {
    "first": 1, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30,
}

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that carry no meaning for the time.  Anything else left over → refuse.
_FILLER = _words("""
book booking booked rebook schedule scheduled sched reschedule move moved moving shift set setup
put add make create meet meeting meetings call calls chat sync catch catchup up lets let us we i
me you can could would will shall should do does how about what whats is are it its that be
works work working good fine ok okay great please thanks thank thx ty for at on a an the to
around approx approximately roughly maybe perhaps hey hi hello try free available slot slots
time session appointment appt starting start starts begin beginning in of just also again
instead then so say lets go ahead new demo interview standup coffee quick our my with call
hmm um uh u yes yeah sure want wanna like would id love able get got have has there
may might sharp exactly precisely if possible push pushed bump bumped
""")

# Words that make a phrase too vague to book.
_VAGUE = {
    "whenever", "soon", "asap", "anytime", "sometime", "someday", "later", "eod", "eow",
    "cob", "eob", "weekend", "lunch", "lunchtime", "breakfast", "dinner", "brunch", "few",
    "couple", "several", "tbd", "tba", "early", "late", "mid", "end", "beginning", "sometimes",
    "whatever", "anyday", "month",
}
_PAST_WORDS = {"yesterday", "ago", "last", "earlier", "previous", "previously"}

_STRUCTURAL = _words("""
today tomorrow tonight yesterday next this coming week weeks day days fortnight fortnights month
months hour hours minute minutes second seconds sec secs half quarter past after to till til am pm
oclock noon midnight morning afternoon evening night from now ago in at of the and utc gmt z
h m s hrs ish oh o
""") | set(WEEKDAYS) | set(MONTHS)

_FUZZY_TARGETS = ["tomorrow", "yesterday", "tonight", "monday", "tuesday", "wednesday",
                  "thursday", "friday", "saturday", "sunday", "morning", "afternoon", "evening",
                  "midnight", "january", "february", "september", "october", "november",
                  "december", "august", "minutes", "seconds", "fortnight"]


def _osa(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, early exit above limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _fuzzy(word: str) -> str | None:
    if len(word) < 5 or not word.isalpha():
        return None
    best: str | None = None
    best_d = 99
    for target in _FUZZY_TARGETS:
        if word == target + "s":
            return None  # plural weekday/part of day: a recurring wish, not one time
        limit = 2 if (len(target) >= 8 and len(word) >= 7) else 1
        d = _osa(word, target, limit)
        if d <= limit and d < best_d:
            best, best_d = target, d
        elif d <= limit and d == best_d:
            best = None  # two equally close targets: don't guess
    return best


_KNOWN_ZONE_WORDS = set()
for _k in list(_zones.GENERIC) + list(_zones.CITIES) + list(_zones.FIXED) + list(_zones.LONG_NAMES):
    _KNOWN_ZONE_WORDS.update(_k.split())
_KNOWN = (_FILLER | _STRUCTURAL | frozenset(_VAGUE) | frozenset(_PAST_WORDS)
          | frozenset(_TYPOS.values()) | frozenset(_NUMBER_WORDS) | frozenset(_ORDINALS)
          | frozenset(_KNOWN_ZONE_WORDS) | frozenset({"my", "local", "your", "their", "some",
                                                      "any", "point", "bit", "while", "moment",
                                                      "every", "each", "or", "not", "by",
                                                      "before", "until", "between", "first",
                                                      "thing", "ist", "pst", "sunday"}))

# ---------------------------------------------------------------------------------------------
# normalisation

_RE_QUOTES = re.compile(r"[’‘`´]")
_RE_DQUOTES = re.compile(r"[“”„\"]")
_RE_DASHES = re.compile(r"[‐‑‒–—―]")
_RE_AMPM = re.compile(r"(?<![a-z])([ap])\.\s?m\b\.?")
_RE_AP = re.compile(r"\b(\d{1,2}(?::\d\d)?)([ap])\b")
_RE_ZULU = re.compile(r"(\d:\d\d(?::\d\d)?)z\b")
_RE_OCLOCK = re.compile(r"o'?\s?clock\b")
_RE_APOS = re.compile(r"'")
_RE_PUNCT = re.compile(r"[()\[\]{}?!;,\"<>*_~#|]")
_RE_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")
_RE_COLON = re.compile(r"(?<!\d):|:(?!\d)")
_RE_HYPHEN = re.compile(r"-(?!\d)|(?<![\d\s+a-z])-")
# a dash between two clock readings ("3pm - 4pm", "11am-noon", "3 - 4"): kept as "–" so the
# hyphen clean-up below doesn't drop it; "3-4" and dates ("3-4-2026", ISO) keep their "-"
_RE_RANGE_DASH = re.compile(r"(?:(?<=[\d ][ap]m)\s*|(?<=\bnoon)\s*)-\s*"
                            r"(?=\d|(?:12\s*)?noon\b|midnight\b)"
                            r"|(?<=\d)\s*-\s+(?=\d)|(?<=\d)\s*-\s*(?=(?:12\s*)?noon\b|midnight\b)")
_RE_ISH = re.compile(r"(\d|am|pm|noon)ish\b")
_RE_MIDDAY = re.compile(r"\bmid\s+day\b")


def _normalise(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).lower()
    s = _RE_QUOTES.sub("'", s)
    s = _RE_DQUOTES.sub(" ", s)
    s = _RE_DASHES.sub("-", s)
    s = _RE_AMPM.sub(r"\1m", s)
    s = _RE_ZULU.sub(r"\1 utc", s)
    s = _RE_AP.sub(r"\1\2m", s)
    s = _RE_OCLOCK.sub(" oclock", s)
    s = s.replace("@", " at ")
    s = _RE_APOS.sub("", s)
    s = _RE_PUNCT.sub(" ", s)
    s = _RE_DOT.sub(" ", s)
    s = _RE_COLON.sub(" ", s)
    s = _RE_RANGE_DASH.sub("–", s)
    s = _RE_HYPHEN.sub(" ", s)
    s = s.replace("/", "/")
    s = _RE_ISH.sub(r"\1 ish", s)
    s = _RE_MIDDAY.sub("noon", s)
    words = s.split()
    out: list[str] = []
    i = 0
    n = len(words)
    while i < n:
        w = words[i]
        if w in _TYPOS:
            out.append(_TYPOS[w])
        elif w in _NUMBER_WORDS or w in _ORDINALS:
            # number words: "twenty five" → 25; "three thirty" → 3:30; "ten oh five" → 10:05
            if w in _ORDINALS:
                out.append(f"{_ORDINALS[w]}th")
                i += 1
                continue
            val = _NUMBER_WORDS[w]
            nxt = words[i + 1] if i + 1 < n else ""
            if w in _TENS and nxt in _NUMBER_WORDS and 1 <= _NUMBER_WORDS[nxt] <= 9:
                val += _NUMBER_WORDS[nxt]
                i += 1
                nxt = words[i + 1] if i + 1 < n else ""
            elif w in _TENS and nxt in ("first",):
                out.append(f"{val + 1}st")
                i += 2
                continue
            if 1 <= val <= 12 and w not in _TENS:
                # hour word followed by minute words
                mins: int | None = None
                if nxt in ("oh", "o") and i + 2 < n and words[i + 2] in _NUMBER_WORDS \
                        and 1 <= _NUMBER_WORDS[words[i + 2]] <= 9:
                    mins = _NUMBER_WORDS[words[i + 2]]
                    i += 2
                elif nxt in _NUMBER_WORDS and 10 <= _NUMBER_WORDS[nxt] <= 59 and (
                        nxt in _TENS or _NUMBER_WORDS[nxt] in (10, 15)):
                    mins = _NUMBER_WORDS[nxt]
                    i += 1
                    after = words[i + 1] if i + 1 < n else ""
                    if nxt in _TENS and after in _NUMBER_WORDS and 1 <= _NUMBER_WORDS[after] <= 9:
                        mins += _NUMBER_WORDS[after]
                        i += 1
                if mins is not None:
                    out.append(f"{val}:{mins:02d}")
                    i += 1
                    continue
            out.append(str(val))
        elif w not in _KNOWN and not any(c.isdigit() for c in w):
            fixed = _fuzzy(w)
            out.append(fixed or w)
        else:
            out.append(w)
        i += 1
    s = " ".join(out)
    return s


# ---------------------------------------------------------------------------------------------
# the pieces found in a phrase


@dataclass
class _Time:
    hour: int
    minute: int
    second: int
    kind: str  # "ampm" (already 24h), "24" (literal), "bare" (rule 8), "noon", "midnight"
    text: str
    shift: int = 0  # minutes added after rule 8 ("quarter to 4": hour 4, shift -15)
    # the start of a range whose start still needs rule 8 ("3 to 4"): the end, checked then
    end: _RangeEnd | None = None


@dataclass
class _RangeEnd:
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
class _Pieces:
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
    times: list[_Time] = field(default_factory=list)
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


_WD = "|".join(WEEKDAYS)
_MON = "|".join(MONTHS)
_YEAR = r"(?:19|20|21)\d\d"
_NOT_TIME_AFTER = r"(?!\s*(?:am|pm|:|\.\d|h\b|oclock|hours?|hrs?|minutes?|mins?|/))"
_UNIT_H = r"(?:hours?|hrs?|h)"
_UNIT_M = r"(?:minutes?|mins?|m)"
_UNIT_S = r"(?:seconds?|secs?|s)"
_DNUM = r"(?:\d+(?:\.\d+)?|an?|half\s+an?|a\s+half)"
_DPART = rf"(?:{_DNUM}\s*(?:{_UNIT_H}|{_UNIT_M}|{_UNIT_S})\b)"
_DUR = rf"(?:{_DPART}(?:\s*(?:and\s+)?{_DPART})*(?:\s+and\s+a\s+half)?)"


def _c(p: str) -> re.Pattern[str]:
    return re.compile(p)


_P_ISO = _c(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:t|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
            r"(?:\s*(z|[+-]\d{2}(?::?\d{2})?)\b)?)?(?![\d/-])")
_P_YMD = _c(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b")
_P_OFFSET = _c(r"\b(utc|gmt)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\b")
_P_MYTIME = _c(r"\b(?:in\s+)?(?:my|local|my\s+local|our)\s+time(?:\s+zone)?\b")
_P_YOURTIME = _c(r"\b(?:in\s+)?(?:your|their|his|her|his|the\s+other)\s+time(?:\s+zone)?\b")
_ZONE_NAMES = sorted(set(_zones.GENERIC) | set(_zones.LONG_NAMES) | set(_zones.FIXED),
                     key=len, reverse=True)
_P_ZONE = _c(r"\b(?:in\s+)?(" + "|".join(re.escape(z) for z in _ZONE_NAMES)
             + r")(?:\s+time(?:\s+zone)?)?\b")
_CITY_NAMES = sorted(_zones.CITIES, key=len, reverse=True)
_P_CITY = _c(r"\b(?:in\s+)?(" + "|".join(re.escape(c) for c in _CITY_NAMES)
             + r")(?:\s+time(?:\s+zone)?)?\b")
_P_DUR_IN = _c(rf"\bin\s+(?:about\s+|around\s+|roughly\s+|approx\s+|exactly\s+|just\s+)?({_DUR})")
_P_DUR_FROM_NOW = _c(rf"\b({_DUR})\s+from\s+now\b")
_P_DUR_HM = _c(r"\bin\s+(\d{1,2})h\s*(\d{1,2})m?\b")
_P_DUR_ANDHALF = _c(r"\bin\s+(\d+|an?)\s+and\s+a\s+half\s+(hours?|hrs?|minutes?|mins?)\b")
_P_DUR_LATER = _c(rf"\b({_DUR})\s+(?:later|after|hence)\b")
_P_REL_FROM = _c(r"\b(?:in\s+)?(\d+|an?)\s+(days?|weeks?|fortnights?|months?)\s+"
                 r"(?:from|after)\s+(now|today|tomorrow)\b")
_P_REL_IN = _c(r"\bin\s+(\d+|an?)\s+(days?|weeks?|fortnights?|months?)\b(?:\s+time\b)?")
_P_WEEK_TODAY = _c(r"\b(?:a\s+)?week\s+(today|tomorrow)\b")
_P_DAT = _c(r"\b(?:the\s+)?(?:day\s+after\s+tomorrow|overmorrow)\b")
_P_WEEK = _c(r"\b(next|this|coming|the\s+following|following)\s+week(?:s)?\b")
_P_WEEKDAY = _c(rf"\b(?:(this\s+coming|this\s+next|this|coming|next)\s+)?({_WD})\b")
_P_TONIGHT = _c(r"\btonight\b")
_P_THIS_PERIOD = _c(r"\bthis\s+(morning|afternoon|evening)\b")
_P_TODAY = _c(r"\btoday\b")
_P_TOMORROW = _c(r"\btomorrow\b")
_P_PERIOD = _c(r"\b(?:in\s+the\s+|at\s+|during\s+the\s+)?(morning|afternoon|evening|night)\b")
_P_MONTH_DAY = _c(rf"\b({_MON})\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\b{_NOT_TIME_AFTER}"
                  rf"(?:\s+({_YEAR})\b(?![:\d]))?")
_P_DAY_MONTH = _c(rf"(?<!\bat\s)\b(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MON})\b"
                  rf"(?:\s+({_YEAR})\b(?![:\d]))?")
_P_MONTH_YEAR = _c(rf"\b(?:in\s+)?({_MON})(?:\s+({_YEAR}))?\b(?!\s+(?:we|i|you|us|they)\b)")
_P_NTH = _c(r"\b(?:the\s+)?(\d{1,2})(st|nd|rd|th)\b")
_P_SLASH = _c(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?\b(?!/)")
_P_DASH_DATE = _c(r"\b(\d{1,2})-(\d{1,2})-(\d{4}|\d{2})\b(?![-\d])")
_P_DOT_DATE = _c(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\b(?![.\d])")
_P_NOON = _c(r"\b(?:12\s*)?noon\b(?:\s+time\b)?")
_P_MIDNIGHT = _c(r"\b(?:12\s*)?midnight\b")
_P_PAST_TO = _c(r"\b(half|quarter|\d{1,2})(?:\s+(?:minutes?|mins?))?\s+(past|after|to|till|til)"
                r"\s+(\d{1,2})\b(?:\s*(am|pm)\b)?(?!:)")
_P_HALF_H = _c(r"\bhalf\s+(\d{1,2})\b(?!\s*(?:hours?|hrs?|minutes?|mins?|h\b|:))(?:\s*(am|pm)\b)?")
_P_COLON = _c(r"\b(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?(?:\s*(?:hrs|hours|h)\b)?(?![\d:])")
_P_DOT_AMPM = _c(r"\b(\d{1,2})\.(\d{2})\s*(am|pm)\b")
_P_HHMM_AMPM = _c(r"\b(\d{1,2})(\d{2})\s*(am|pm)\b")
_P_AMPM = _c(r"\b(\d{1,2})\s*(am|pm)\b")
_P_H_NOTATION = _c(r"\b(\d{1,2})h(\d{2})?\b")
_P_OCLOCK = _c(r"\b(\d{1,2})\s+oclock\b(?:\s*(am|pm)\b)?")
_P_MILITARY = _c(r"\b(at\s+)?([01]\d|2[0-3])([0-5]\d)\s*(hrs|hours|h)?\b(?![:./\d])")
_P_AT_HOUR = _c(r"\bat\s+(\d{1,2})\b(?!\s*(?:st|nd|rd|th)\b|[/.:]\d|-)")
_P_DOT2 = _c(r"(?<![\d.])\b(at\s+)?(\d{1,2})\.(\d{1,2})\b(?![.\d])")
_P_LENGTH = _c(r"\b(?:for\s+(?:an?\s+|\d+\s*(?:(?:[-–]|to|or)\s*\d+\s*)?)"
               r"(?:hours?|hrs?|h|minutes?|mins?|m)\b"
               r"|for\s+half\s+an\s+hour\b"
               r"|(?<!\d\s)\b\d+\s*(?:minutes?|mins?|m)\b(?:\s+(?:meeting|call|slot|session|chat))?)")
_P_VAGUE_PHRASE = _c(r"\b(?:some\s+time|any\s+time|at\s+some\s+point|in\s+a\s+(?:bit|while|"
                     r"moment|sec|second|minute|min|jiffy|few)|right\s+now|first\s+thing|"
                     r"end\s+of|start\s+of|beginning\s+of|later\s+on|every|each|daily|weekly|"
                     r"monthly|tbd)\b"
                     r"|\bin\s+\d+\s*(?:[-–]|to|or)\s*\d+\s*(?:days?|weeks?|months?|hours?|hrs?"
                     r"|minutes?|mins?)\b")
_P_JUST_NOW = _c(r"\bnow\b")
# a time range ("3-4pm", "3pm to 4pm", "between 3 and 4", "from 11:30 till noon"): its start
_RANGE_END = r"(?:(\d{1,2})(?:([:.])(\d{2}))?(?:\s*(am|pm)\b)?|(noon|midnight))"
_P_RANGE = _c(r"(?<![\w.:/+–-])(?:(between|from)\s+)?"
              r"(?:(\d{1,2})(?:([:.])(\d{2}))?(?:\s*(am|pm)\b)?|(?:12\s*)?(noon)\b)"
              r"(?:\s*([-–])\s*|\s+(to|till|til|until|through|thru|and)\s+)"
              + _RANGE_END +
              r"(?![\w:/+–-]|\.\d|\s*(?:hours?|hrs?|h|minutes?|mins?|days?|weeks?|months?"
              r"|years?|people|persons?|times?|x|oclock)\b)")
_P_CLOCK_WORDS = _c(r"\b(?:five|ten|twenty|twenty[\s-]five)\s+(?:to|till|til)\b")
_CLOCK_MINUTES = (5, 10, 20, 25)
_P_SEP = " ¦ "


def _num(s: str) -> float:
    s = s.strip()
    if s in ("a", "an"):
        return 1.0
    if s.startswith("half") or s == "a half":
        return 0.5
    return float(s)


_P_DPART_FIND = _c(rf"({_DNUM})\s*({_UNIT_H}|{_UNIT_M}|{_UNIT_S})\b")


def _duration(body: str) -> timedelta:
    total = 0.0
    for num, unit in _P_DPART_FIND.findall(body):
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


# ---------------------------------------------------------------------------------------------
# extraction


def _extract(raw: str, s: str, user_key: str) -> tuple[_Pieces, list[str]]:
    p = _Pieces(text=raw)

    def sub(pat: re.Pattern[str], fn) -> None:  # type: ignore[no-untyped-def]
        nonlocal s

        def rep(m: re.Match[str]) -> str:
            keep = fn(m)
            return m.group(0) if keep is False else _P_SEP

        s = pat.sub(rep, s)

    def set_zone(z: tzinfo, text: str, exact: bool = False) -> None:
        if p.zone is not None and text != p.zone_text:
            if _same_zone(p.zone, z):
                return
            raise Contradiction(f"{_q(raw)} names two time zones ({_q(p.zone_text)} and "
                                f"{_q(text)}) — keep one, like “3pm ET”.")
        p.zone, p.zone_text = z, text
        p.exact = p.exact or exact

    # refusals that don't need anything else
    m = _P_VAGUE_PHRASE.search(s)
    if m:
        raise Vague(f"{_q(raw)} is too vague to book — give a day and a time, "
                    f"like “next tue 10am”.")

    # ISO stamps
    def iso(m: re.Match[str]) -> None:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        _check_date(y, mo, d, m.group(0), raw)
        p.dates.append((y, mo, d, m.group(0)))
        if m.group(4) is not None:
            h, mi = int(m.group(4)), int(m.group(5))
            sec = int(m.group(6) or 0)
            if h > 23 or mi > 59 or sec > 59:
                raise Impossible(f"{_q(m.group(0))} isn't a real time — use 00:00–23:59, "
                                 f"like “{y:04d}-{mo:02d}-{d:02d} 15:00”.")
            p.times.append(_Time(h, mi, sec, "24", m.group(0)))
            off = m.group(7)
            if off and off[0] == "-" and ":" in off and "t" not in m.group(0):
                o_min = int(off[1:3]) * 60 + int(off[4:6] or 0)
                if 0 < o_min - (h * 60 + mi) <= 12 * 60:
                    raise Ambiguous(f"{_q(m.group(0))} could be a time range or a UTC offset — "
                                    f"write “{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}{off}” "
                                    f"for an offset or give one start time.")
            if off:
                if off == "z":
                    set_zone(UTC, "Z", exact=True)
                else:
                    digits = off[1:].replace(":", "")
                    hh = int(digits[:2])
                    mm = int(digits[2:4] or 0)
                    if hh > 14 or mm > 59:
                        raise Impossible(f"{_q(off)} isn't a real UTC offset.")
                    sign = -1 if off[0] == "-" else 1
                    set_zone(timezone(sign * timedelta(hours=hh, minutes=mm)), off, exact=True)

    sub(_P_ISO, iso)

    def ymd(m: re.Match[str]) -> None:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        _check_date(y, mo, d, m.group(0), raw)
        p.dates.append((y, mo, d, m.group(0)))

    sub(_P_YMD, ymd)

    # zones
    def offset(m: re.Match[str]) -> None:
        hh = int(m.group(3))
        mm = int(m.group(4) or 0)
        if hh > 14 or mm > 59 or (m.group(2) == "-" and hh * 60 + mm > 12 * 60):
            raise Impossible(f"{_q(m.group(0).upper())} isn't a real UTC offset — "
                             f"offsets run from UTC-12 to UTC+14.")
        sign = -1 if m.group(2) == "-" else 1
        name = f"UTC{m.group(2)}{hh:02d}:{mm:02d}"
        set_zone(timezone(sign * timedelta(hours=hh, minutes=mm), name), m.group(0))

    sub(_P_OFFSET, offset)
    if _P_YOURTIME.search(s):
        raise UnknownZone(f"{_q(raw)} doesn't say which time zone “your time” is — name it, "
                          f"like “3pm PT” or “3pm London time”.")
    sub(_P_MYTIME, lambda m: None)

    def zone(m: re.Match[str]) -> None:
        name = m.group(1)
        name = _zones.LONG_NAMES.get(name, name)
        if name == "india":
            set_zone(_zones.fixed(330, "IST"), m.group(0))
            return
        if name in _zones.GENERIC:
            set_zone(ZoneInfo(_zones.GENERIC[name]), m.group(0))
            return
        try:
            z = _zones.resolve_abbreviation(name, user_key)
        except _zones.ZoneProblem:
            raise UnknownZone(f"{_q(name.upper())} could mean more than one time zone — use an "
                              f"offset like “UTC+5:30” or a city like “3pm London time”."
                              ) from None
        set_zone(z, m.group(0))

    sub(_P_ZONE, zone)

    def city(m: re.Match[str]) -> None:
        set_zone(ZoneInfo(_zones.CITIES[m.group(1)]), m.group(0))

    sub(_P_CITY, city)

    # past and vague words
    words = set(s.split())
    past = words & _PAST_WORDS
    if past:
        raise InPast(f"{_q(raw)} is in the past — pick a time that's still ahead, "
                     f"like “tomorrow 3pm”.")

    # durations (elapsed time)
    def dur_hm(m: re.Match[str]) -> None:
        p.duration.append((timedelta(hours=int(m.group(1)), minutes=int(m.group(2))),
                           m.group(0)))

    sub(_P_DUR_HM, dur_hm)

    def dur_andhalf(m: re.Match[str]) -> None:
        v = _num(m.group(1)) + 0.5
        unit = 3600 if m.group(2).startswith("h") else 60
        p.duration.append((timedelta(seconds=v * unit), m.group(0)))

    sub(_P_DUR_ANDHALF, dur_andhalf)

    def dur(m: re.Match[str]) -> None:
        p.duration.append((_duration(m.group(1)), m.group(0)))

    if _P_DUR_LATER.search(s):
        raise NotUnderstood(f"{_q(raw)} doesn't say what it's later than — use "
                            f"“in 2 hours” or a day and time, like “tomorrow 3pm”.")
    sub(_P_DUR_IN, dur)
    sub(_P_DUR_FROM_NOW, dur)
    sub(_P_LENGTH, lambda m: None)  # a meeting length ("for 30 min", "30min"): not the start

    # relative days
    def rel_amount(num: str, unit: str, text: str) -> None:
        n = int(_num(num))
        if unit.startswith("month"):
            p.rel_months.append((n, text))
        elif unit.startswith("fortnight"):
            p.rel_days.append((14 * n, text))
        elif unit.startswith("week"):
            p.rel_days.append((7 * n, text))
        else:
            p.rel_days.append((n, text))

    def rel_from(m: re.Match[str]) -> None:
        rel_amount(m.group(1), m.group(2), m.group(0))
        if m.group(3) == "tomorrow":
            p.rel_days.append((1, "tomorrow"))  # summed below

    def rel_in(m: re.Match[str]) -> None:
        rel_amount(m.group(1), m.group(2), m.group(0))

    # "N days from tomorrow": add both offsets as one entry
    def rel_from_fixed(m: re.Match[str]) -> None:
        n = int(_num(m.group(1)))
        unit = m.group(2)
        extra = 1 if m.group(3) == "tomorrow" else 0
        if unit.startswith("month"):
            if extra:
                raise NotUnderstood(f"{_q(raw)} is hard to read — try a date, like “12 May 3pm”.")
            p.rel_months.append((n, m.group(0)))
            return
        mult = 14 if unit.startswith("fortnight") else 7 if unit.startswith("week") else 1
        p.rel_days.append((n * mult + extra, m.group(0)))

    sub(_P_REL_FROM, rel_from_fixed)
    sub(_P_REL_IN, rel_in)
    sub(_P_WEEK_TODAY, lambda m: p.rel_days.append(
        (7 + (1 if m.group(1) == "tomorrow" else 0), m.group(0))))
    sub(_P_DAT, lambda m: p.rel_days.append((2, m.group(0))))

    # weeks and weekdays
    def week(m: re.Match[str]) -> None:
        mode = "this" if m.group(1) == "this" else "next"
        p.week.append((mode, m.group(0)))

    sub(_P_WEEK, week)

    def weekday(m: re.Match[str]) -> None:
        mod = (m.group(1) or "").split()
        mode = "next" if mod and mod[-1] == "next" and mod[0] != "this" else (
            "this" if mod else "bare")
        if mod == ["this", "next"]:
            mode = "next"
        p.weekdays.append((_WD_INDEX[m.group(2)], mode, m.group(0)))

    sub(_P_WEEKDAY, weekday)

    def tonight(m: re.Match[str]) -> None:
        p.rel_days.append((0, m.group(0)))
        p.periods.append(("tonight", m.group(0)))
        p.today_words.append(m.group(0))

    sub(_P_TONIGHT, tonight)

    def this_period(m: re.Match[str]) -> None:
        p.rel_days.append((0, m.group(0)))
        p.periods.append((m.group(1), m.group(0)))
        p.today_words.append(m.group(0))

    sub(_P_THIS_PERIOD, this_period)

    def today(m: re.Match[str]) -> None:
        p.rel_days.append((0, m.group(0)))
        p.today_words.append(m.group(0))

    sub(_P_TODAY, today)
    sub(_P_TOMORROW, lambda m: p.rel_days.append((1, m.group(0))))
    sub(_P_PERIOD, lambda m: p.periods.append((m.group(1), m.group(0))))

    # calendar dates
    def month_day(m: re.Match[str]) -> None:
        mo = _MONTH_INDEX[m.group(1)]
        d = int(m.group(2))
        y = int(m.group(3)) if m.group(3) else None
        _check_date(y, mo, d, m.group(0), raw)
        p.dates.append((y, mo, d, m.group(0)))

    sub(_P_MONTH_DAY, month_day)

    def day_month(m: re.Match[str]) -> None:
        mo = _MONTH_INDEX[m.group(2)]
        d = int(m.group(1))
        y = int(m.group(3)) if m.group(3) else None
        _check_date(y, mo, d, m.group(0), raw)
        p.dates.append((y, mo, d, m.group(0)))

    sub(_P_DAY_MONTH, day_month)

    def month_only(m: re.Match[str]) -> None:
        raise Vague(f"{_q(m.group(0))} needs a day and a time, like “12 {m.group(1).title()} "
                    f"3pm”.")

    sub(_P_MONTH_YEAR, month_only)

    def nth(m: re.Match[str]) -> None:
        d = int(m.group(1))
        if not 1 <= d <= 31:
            raise Impossible(f"{_q(m.group(0))} isn't a real day of the month.")
        p.day_of_month.append((d, m.group(0)))

    sub(_P_NTH, nth)

    mfirst = _zones.month_first(user_key)

    def slash(m: re.Match[str]) -> None:
        a, b = int(m.group(1)), int(m.group(2))
        mo, d = (a, b) if mfirst else (b, a)
        y = _year(m.group(3))
        if not 1 <= mo <= 12 or not 1 <= d <= 31:
            order = "month/day" if mfirst else "day/month"
            raise Impossible(f"{_q(m.group(0))} isn't a valid date here (dates are {order} in "
                             f"your region) — write the month's name, like “12 Mar 3pm”.")
        _check_date(y, mo, d, m.group(0), raw)
        p.dates.append((y, mo, d, m.group(0)))

    sub(_P_SLASH, slash)
    sub(_P_DASH_DATE, slash)

    def dotted(m: re.Match[str]) -> None:
        d, mo = int(m.group(1)), int(m.group(2))
        y = _year(m.group(3))
        if not 1 <= mo <= 12:
            raise Impossible(f"{_q(m.group(0))} isn't a valid date (dotted dates are "
                             f"day.month.year).")
        _check_date(y, mo, d, m.group(0), raw)
        p.dates.append((y, mo, d, m.group(0)))

    sub(_P_DOT_DATE, dotted)

    # time ranges: the meeting starts at the start (its length comes from the event type)
    def time_range(m: re.Match[str]) -> bool | None:
        (prefix, sh_s, s_sep, smi_s, s_ap, s_noon, _dash, word,
         eh_s, e_sep, emi_s, e_ap, e_word) = m.groups()
        text = m.group(0).strip()
        if word == "and" and prefix != "between":
            return False  # "3 and 4": two times, not a range
        if prefix == "between":  # a window to fit something in, not a slot: ask for the start
            raise Vague(f"{_q(text)} is a window, not a time — give the start, like "
                        f"“{int(sh_s) if sh_s else 12}{s_ap or e_ap or 'pm'}”.")
        if "." in (s_sep, e_sep) and s_sep != e_sep:
            return False  # "12.11-3pm" may be a date: only "9.30-10.30" is a range
        if (not prefix and word in ("to", "till", "til") and s_noon is None and smi_s is None
                and s_ap is None and int(sh_s) in _CLOCK_MINUTES):
            # "10 to 4" is 3:50 (clock phrasing, read below); "10 to 11" is a range, but
            # "ten to eleven" / "10 to noon" could be either
            if e_word is not None or (emi_s is None and int(eh_s) == int(sh_s) + 1
                                      and _P_CLOCK_WORDS.search(raw.lower())):
                raise Ambiguous(f"{_q(text)} could be a range or minutes to the hour — give "
                                f"one start time, like “{int(sh_s)}am” or “{int(sh_s)}pm”.")
            if emi_s is None and int(eh_s) != int(sh_s) + 1:
                if int(sh_s) <= 12 and (int(eh_s) - int(sh_s)) % 12 in (2, 3):
                    # "10 to 12", "10 to 1": 11:50 / 12:50, or a 2–3 hour slot from 10?
                    raise Ambiguous(f"{_q(text)} could be a range or minutes to the hour — "
                                    f"give one start time, like “{int(sh_s)}am” or "
                                    f"“{int(eh_s) - 1}:{60 - int(sh_s):02d}”.")
                return False
        # the end
        if e_word == "noon":
            end, e_mark = _RangeEnd(12, 0, "fixed", e_word), "pm"
        elif e_word == "midnight":
            end, e_mark = _RangeEnd(0, 0, "eod", e_word), "pm"
        else:
            et = _clock(int(eh_s), int(emi_s or 0), e_ap, eh_s, text)
            end = _RangeEnd(et.hour, et.minute, "bare" if et.kind == "bare" else "fixed", text)
            e_mark = e_ap
        bad = Impossible(f"{_q(text)} doesn't work as a time range (it ends before it starts "
                         f"or lasts over 12 hours) — give the start time, like “3pm”.")
        # the start
        if s_noon is not None:
            st = _Time(12, 0, 0, "noon", text)
        else:
            st = _clock(int(sh_s), int(smi_s or 0), s_ap, sh_s, text)
        if st.kind == "bare":
            if e_mark is None:  # "3 to 4": rule 8 on the start, checked against the end later
                st.end = end
                st.text = text
                p.times.append(st)
                return None
            # "3-4pm": the start takes the end's am/pm; "11-1pm": the morning before the end
            start = (st.hour % 12) * 60 + st.minute
            cands = [start + (12 * 60 if e_mark == "pm" else 0)]
            if e_mark == "pm" and 7 <= st.hour <= 11:
                cands.append(start)
            for c in cands:
                if any(0 < e - c <= 12 * 60 for e in end.minutes()):
                    p.times.append(_Time(c // 60, c % 60, 0, "ampm", text))
                    return None
            raise bad
        if st.kind == "24" and st.hour >= 13 and smi_s is None and e_ap is not None:
            raise Ambiguous(f"{_q(text)} is unclear — give the start time, like "
                            f"“{st.hour}:00” or “{st.hour - 12}pm”.")
        start = st.hour * 60 + st.minute
        ok = False
        for e in end.minutes():
            span = e - start
            if span <= 0 and end.kind == "fixed" and st.kind != "noon":
                span += 24 * 60  # "11pm-1am", "22:00-01:00": past midnight
            ok = ok or 0 < span <= 12 * 60
        if not ok:
            raise bad
        st.text = text
        p.times.append(st)
        return None

    sub(_P_RANGE, time_range)

    # clock times
    sub(_P_NOON, lambda m: p.times.append(_Time(12, 0, 0, "noon", m.group(0))))
    sub(_P_MIDNIGHT, lambda m: p.times.append(_Time(0, 0, 0, "midnight", m.group(0))))

    def past_to(m: re.Match[str]) -> None:
        what, rel, hour_s, ampm = m.group(1), m.group(2), m.group(3), m.group(4)
        mins = 30 if what == "half" else 15 if what == "quarter" else int(what)
        if what == "half" and rel not in ("past", "after"):
            raise NotUnderstood(f"{_q(m.group(0))} is hard to read — try “3:30pm”.")
        if what.isdigit() and rel not in ("past", "after") and "min" not in m.group(0) and (
                int(what) not in (5, 10, 20, 25) or int(hour_s) == int(what) + 1):
            # "3 to 4", "10 till 11": a range as likely as 3:57 / 10:50 — don't guess
            raise Ambiguous(f"{_q(m.group(0))} could be a range or minutes to the hour — give "
                            f"one start time, like “3pm” or “3:50pm”.")
        if not 1 <= mins <= 59:
            raise Impossible(f"{_q(m.group(0))} isn't a real time.")
        hour = int(hour_s)
        t = _clock(hour, 0, ampm, hour_s, m.group(0))
        shift = mins if rel in ("past", "after") else -mins
        if t.kind == "bare":
            # keep the rule-8 reading of the named hour, shift afterwards
            p.times.append(_Time(hour, 0, 0, "bare", m.group(0), shift))
            return
        total = (t.hour * 60 + shift) % (24 * 60)
        p.times.append(_Time(total // 60, total % 60, 0, t.kind, m.group(0)))

    sub(_P_PAST_TO, past_to)

    def half_h(m: re.Match[str]) -> None:
        t = _clock(int(m.group(1)), 30, m.group(2), m.group(1), m.group(0))
        p.times.append(t)

    sub(_P_HALF_H, half_h)

    def colon(m: re.Match[str]) -> None:
        h_s, mi_s, sec_s, ampm = m.group(1), m.group(2), m.group(3), m.group(4)
        t = _clock(int(h_s), int(mi_s), ampm, h_s, m.group(0))
        if sec_s:
            if int(sec_s) > 59:
                raise Impossible(f"{_q(m.group(0))} isn't a real time.")
            t.second = int(sec_s)
        p.times.append(t)

    sub(_P_COLON, colon)
    sub(_P_DOT_AMPM, lambda m: p.times.append(
        _clock(int(m.group(1)), int(m.group(2)), m.group(3), m.group(1), m.group(0))))

    def hhmm_ampm(m: re.Match[str]) -> None:
        p.times.append(_clock(int(m.group(1)), int(m.group(2)), m.group(3), m.group(1),
                              m.group(0)))

    sub(_P_HHMM_AMPM, hhmm_ampm)
    sub(_P_AMPM, lambda m: p.times.append(
        _clock(int(m.group(1)), 0, m.group(2), m.group(1), m.group(0))))

    def h_notation(m: re.Match[str]) -> None:
        h_s, mi_s = m.group(1), m.group(2)
        h = int(h_s)
        if mi_s is None and h <= 12 and not h_s.startswith("0"):
            raise Ambiguous(f"{_q(m.group(0))} could be a time or a number of hours — write "
                            f"“{h}pm”, “{h}am” or “in {h} hours”.")
        t = _clock(h, int(mi_s or 0), None, h_s.zfill(2) if h >= 13 or mi_s else h_s,
                   m.group(0))
        if t.kind == "bare":
            t = _Time(h, int(mi_s or 0), 0, "24", m.group(0))
        p.times.append(t)

    sub(_P_H_NOTATION, h_notation)
    sub(_P_OCLOCK, lambda m: p.times.append(
        _clock(int(m.group(1)), 0, m.group(2), m.group(1), m.group(0))))

    def military(m: re.Match[str]) -> None:
        at, hh, mm, suffix = m.group(1), m.group(2), m.group(3), m.group(4)
        if not (at or suffix or hh.startswith("0")) and (hh in ("19", "20", "21")):
            return False  # type: ignore[return-value]  # looks like a year
        p.times.append(_Time(int(hh), int(mm), 0, "24", m.group(0)))

    sub(_P_MILITARY, military)

    def at_hour(m: re.Match[str]) -> None:
        p.times.append(_clock(int(m.group(1)), 0, None, m.group(1), m.group(0)))

    sub(_P_AT_HOUR, at_hour)

    # "15.30", "at 3.30", "12.11" (a date or a time?)
    def dot2(m: re.Match[str]) -> None:
        at, a_s, b_s = m.group(1), m.group(2), m.group(3)
        a, b = int(a_s), int(b_s)
        as_time = a <= 23 and b <= 59 and len(b_s) == 2
        as_date = 1 <= a <= 31 and 1 <= b <= 12
        if at or (as_time and not as_date) or (as_time and p.has_date() and not p.times):
            p.times.append(_clock(a, b, None, a_s, m.group(0)))
            return
        if as_date and (p.times or not as_time):
            _check_date(None, b, a, m.group(0), raw)
            p.dates.append((None, b, a, m.group(0)))
            return
        if as_date and as_time:
            raise Ambiguous(f"{_q(m.group(0))} could be a date or a time — write "
                            f"“{a}:{b:02d}” for a time or “{a} {MONTHS[b - 1][:3].title()}” "
                            f"for a date.")
        raise Impossible(f"{_q(m.group(0))} isn't a real date or time.")

    sub(_P_DOT2, dot2)

    leftover = [w for w in s.split() if w not in (_P_SEP.strip(), "–")]
    return p, leftover


def _same_zone(a: tzinfo, b: tzinfo) -> bool:
    if a is b:
        return True
    if isinstance(a, ZoneInfo) and isinstance(b, ZoneInfo):
        return a.key == b.key
    if isinstance(a, timezone) and isinstance(b, timezone):
        return a.utcoffset(None) == b.utcoffset(None)
    return False


def _year(s: str | None) -> int | None:
    if s is None:
        return None
    y = int(s)
    return 2000 + y if len(s) == 2 else y


def _check_date(y: int | None, mo: int, d: int, text: str, raw: str) -> None:
    if not 1 <= mo <= 12:
        raise Impossible(f"{_q(text)} isn't a real date — months run 1–12.")
    last = monthrange(y if y is not None else 2024, mo)[1]
    if not 1 <= d <= last:
        name = MONTHS[mo - 1].title()
        raise Impossible(f"{_q(text)} isn't a real date — {name} has {last} days"
                         f"{'' if y is not None or mo != 2 else ' at most'}.")
    if y is not None and not 1900 <= y <= 2200:
        raise Impossible(f"{_q(text)} has an unlikely year — check it.")


def _clock(h: int, mi: int, ampm: str | None, h_text: str, text: str) -> _Time:
    """A clock reading.  Kinds: 'ampm'/'24' are final 24h values; 'bare' needs rule 8."""
    if mi > 59:
        raise Impossible(f"{_q(text)} isn't a real time — minutes run 00–59.")
    if ampm:
        if not 1 <= h <= 12:
            raise Impossible(f"{_q(text)} isn't a real time — with am/pm the hour runs 1–12, "
                             f"like “3pm” or “15:00”.")
        hh = h % 12 + (12 if ampm == "pm" else 0)
        return _Time(hh, mi, 0, "ampm", text)
    if h > 23 or (h == 24):
        raise Impossible(f"{_q(text)} isn't a real time — use 00:00–23:59, like “15:00”.")
    if h >= 13 or h == 0 or (len(h_text) == 2 and h_text.startswith("0")):
        return _Time(h, mi, 0, "24", text)
    return _Time(h, mi, 0, "bare", text)


# ---------------------------------------------------------------------------------------------
# resolution

_PERIOD_RANGES = {
    "morning": range(0, 12),
    "afternoon": range(12, 19),
    "evening": range(16, 24),
    "night": range(17, 24),
    "tonight": range(17, 24),
}


def _wall(t: _Time, period: str | None) -> tuple[int, int, int, bool]:
    """Rule 8/9: the 24h wall time and whether it is the midnight that ends the day."""
    if t.kind == "midnight":
        return 0, 0, 0, True
    if t.kind == "noon":
        if period in ("morning", "evening", "night", "tonight"):
            raise Contradiction(f"{_q(t.text)} and {_q(period or '')} don't go together — "
                                f"say just “noon”.")
        return 12, 0, 0, False
    if t.kind == "bare":
        h = t.hour
        shift = t.shift
        mi = t.minute
        if period == "morning":
            if h == 12:
                raise Ambiguous(f"{_q(t.text)} in the morning is unclear — write “noon” or "
                                f"“00:00”.")
            hh = h
        elif period in ("afternoon", "evening", "night", "tonight"):
            if h == 12:
                if period == "afternoon":
                    hh = 12
                elif period in ("tonight", "night") and mi == 0 and shift == 0:
                    return 0, 0, 0, True
                else:
                    raise Ambiguous(f"{_q(t.text)} is unclear — write “noon”, “midnight” or "
                                    f"a 24-hour time.")
            else:
                hh = h + 12
        elif 1 <= h <= 6:
            hh = h + 12
        elif h in (7, 8):
            raise Ambiguous(f"{_q(t.text)} could be {h}am or {h}pm — add am or pm, like "
                            f"“{h}pm”.")
        else:  # 9–12
            hh = h
        if shift:
            total = (hh * 60 + shift) % (24 * 60)
            hh, mi = total // 60, total % 60
        if period is not None and hh not in _PERIOD_RANGES[period]:
            raise Contradiction(f"{_q(t.text)} doesn't fit “{period}” — give the time with "
                                f"am/pm, like “7pm”.")
        return hh, mi, 0, False
    # explicit: ampm / 24h
    if period is not None:
        if period in ("tonight", "night") and t.hour == 0 and t.minute == 0:
            return 0, 0, 0, True
        if t.hour not in _PERIOD_RANGES[period]:
            raise Contradiction(f"{_q(t.text)} doesn't fit “{period}” — check the time.")
    return t.hour, t.minute, t.second, False


def _mk(d: date, h: int, mi: int, sec: int, zone: tzinfo, fold: int = 0) -> datetime:
    """Wall time on a date in a zone → UTC.  fold=0: gaps move forward, overlaps take the first."""
    local = datetime(d.year, d.month, d.day, h, mi, sec, tzinfo=zone, fold=fold)
    return local.astimezone(UTC)


def _mk_ahead(d: date, h: int, mi: int, sec: int, zone: tzinfo, now: datetime) -> datetime:
    """Like _mk, but in a DST overlap take the second instant when only that one is ahead."""
    first = _mk(d, h, mi, sec, zone)
    if first <= now:
        second = _mk(d, h, mi, sec, zone, fold=1)
        if second > now:  # only in an overlap (in a gap fold=1 is earlier, never ahead)
            return second
    return first


def _add_months(d: date, n: int, text: str) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    last = monthrange(y, m)[1]
    if d.day > last:
        raise Impossible(f"{_q(text)} lands on a day that doesn't exist "
                         f"({MONTHS[m - 1].title()} has {last} days) — give a date, like "
                         f"“{last} {MONTHS[m - 1][:3].title()} 3pm”.")
    return date(y, m, d.day)


def _describe_date(d: date) -> str:
    return f"{_WD_SHORT[d.weekday()]} {d.day} {_MONTH_SHORT[d.month - 1]} {d.year}"


def resolve(p: _Pieces, leftover: list[str], now: datetime, user_zone: tzinfo,
            user_key: str) -> datetime:
    raw = p.text
    # leftovers: filler is fine, one bare number may be an hour, the rest is not understood
    numbers = [w for w in leftover if w.isdigit()]
    rest = [w for w in leftover if not w.isdigit() and w not in _FILLER and w != "ish"]
    vague = [w for w in rest if w in _VAGUE]
    if vague:
        soft = {"later", "sometime"}
        if not (set(vague) <= soft and p.times and len(rest) == len(vague)):
            raise Vague(f"{_q(raw)} is too vague to book — give a day and a time, "
                        f"like “next tue 10am”.")
        rest = []
    if "now" in rest:
        raise Vague(f"{_q(raw)} isn't a time to book — give one that's ahead, like “in 2 hours” "
                    f"or “tomorrow 3pm”.")
    if "week" in rest or "weeks" in rest:
        raise Vague(f"{_q(raw)} is too vague to book — give a day and a time, "
                    f"like “next week tuesday 10am”.")
    if rest:
        bad = " ".join(rest)
        raise NotUnderstood(f"I couldn't read {_q(raw)} as a time (not sure about "
                            f"{_q(bad)}) — try something like “tomorrow 3pm” or "
                            f"“next tue 10:30”.")
    if numbers:
        if len(numbers) == 1 and not p.times and (p.has_date() or p.periods):
            n = numbers[0]
            p.times.append(_clock(int(n), 0, None, n, n))
        else:
            raise NotUnderstood(f"I couldn't read {_q(raw)} as a time (what is "
                                f"{_q(' '.join(numbers))}?) — try something like "
                                f"“tomorrow 3pm”.")

    # durations: elapsed time from now, alone
    if p.duration:
        if len(p.duration) > 1 or p.has_date() or p.times or p.periods:
            raise Contradiction(f"{_q(raw)} mixes a duration with a date or time — use one, "
                                f"like “in 2 hours” or “tomorrow 3pm”.")
        if p.zone is not None and not p.exact:
            pass  # a zone does not change elapsed time
        delta = p.duration[0][0]
        if delta <= timedelta(0):
            raise InPast(f"{_q(raw)} is not ahead of now — try “in 1 hour”.")
        if delta > timedelta(days=3660):
            raise Impossible(f"{_q(raw)} is too far ahead to book.")
        return (now + delta).astimezone(UTC)

    if not p.times:
        if not p.has_date() and not p.periods:
            if not raw.strip():
                raise NotUnderstood("There's no time to read — type one, like “tomorrow 3pm”.",
                                    "empty")
            raise NotUnderstood(f"I couldn't find a time in {_q(raw)} — try something like "
                                f"“tomorrow 3pm” or “next tue 10:30”.")
        if p.week and not p.weekdays and not p.dates:
            raise Vague(f"{_q(p.week[0][1])} needs a day and a time, like "
                        f"“{p.week[0][1]} tuesday 10am”.")
        period_name = p.periods[0][0] if p.periods else ""
        example = {"morning": "9am", "evening": "7pm", "night": "8pm",
                   "tonight": "8pm"}.get(period_name, "3pm")
        day = p.date_text()
        label = day
        if p.periods and p.periods[0][1] not in day:
            label = f"{day} {p.periods[0][1]}".strip()
        if day and day != "tonight" and not day.startswith("this "):
            raise NoTime(f"{_q(label)} has no time — add one, like “{_pretty(day)} {example}”.")
        raise NoTime(f"{_q(label)} has no exact time — add one, like “{example}” or "
                     f"“{_pretty(day or 'tomorrow')} {example}”.")
    if len(p.times) > 1:
        first = p.times[0]
        for t in p.times[1:]:
            if (t.hour, t.minute, t.kind) != (first.hour, first.minute, first.kind):
                raise Contradiction(f"{_q(raw)} has more than one time ({_q(first.text)} and "
                                    f"{_q(t.text)}) — keep one.")
    periods = {pp for pp, _ in p.periods}
    if "tonight" in periods and "night" in periods:
        periods.discard("night")
    if len(periods) > 1:
        raise Contradiction(f"{_q(raw)} names more than one part of the day — keep one.")
    period = next(iter(periods)) if periods else None

    h, mi, sec, end_of_day = _wall(p.times[0], period)
    for t in p.times:
        if t.end is not None and not any(0 < e - (h * 60 + mi) <= 12 * 60
                                         for e in t.end.minutes()):
            raise Impossible(f"{_q(t.text)} doesn't work as a time range (it ends before it "
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
            raise Contradiction(f"{_q(raw)} names more than one day — keep one.")
        cands.append((user_today + timedelta(days=offs.pop()), p.rel_days[0][1]))
    for months, mtext in p.rel_months:
        cands.append((_add_months(user_today, months, mtext), mtext))

    def ahead(d: date) -> bool:
        if end_of_day:
            return _mk(d + timedelta(days=1), 0, 0, 0, zone) > now
        return _mk_ahead(d, h, mi, sec, zone, now) > now

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
                    raise Impossible(f"{_q(text)} — there's no 29 February in {yy}; "
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
                raise Impossible(f"{_q(text)} — {MONTHS[mo - 1].title()} {y} has only {last} "
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
            raise Contradiction(f"{_q(raw)} names more than one week — keep one.")
        if not p.weekdays:
            if cands:
                raise Contradiction(f"{_q(raw)} names a week and a date — keep the date.")
            raise Vague(f"{_q(p.week[0][1])} needs a day and a time, like "
                        f"“{p.week[0][1]} tuesday 10am”.")
        if len(p.weekdays) > 1 or p.weekdays[0][1] != "bare":
            raise NotUnderstood(f"{_q(raw)} is hard to read — try “next week tuesday 10am”.")
        wd = p.weekdays[0][0]
        monday = user_today - timedelta(days=user_today.weekday())
        if _zones.month_first(user_key) and (wd == 6 or user_today.weekday() == 6):
            raise Ambiguous(f"{_q(raw)} depends on whether weeks start on Sunday or Monday — "
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
                raise Contradiction(f"{_q(t0)} and {_q(t1)} are different days — keep one.")
        for wd, _mode, _wtext in weekdays_to_check:
            if d0.weekday() != wd:
                raise Contradiction(f"{_q(raw)} doesn't add up — {d0.day} "
                                    f"{MONTHS[d0.month - 1].title()} {d0.year} is a "
                                    f"{WEEKDAYS[d0.weekday()].title()}, not a "
                                    f"{WEEKDAYS[wd].title()}. Type the date or the day, "
                                    f"with a time.")
        the_date = d0
    elif weekdays_to_check:
        wds = {(wd, mode) for wd, mode, _ in weekdays_to_check}
        if len({wd for wd, _ in wds}) > 1:
            raise Contradiction(f"{_q(raw)} names more than one weekday — keep one.")
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
            return _mk(zone_today + timedelta(days=1), 0, 0, 0, zone)
        first_at = _mk_ahead(zone_today, h, mi, sec, zone, now)
        if first_at > now and not p.today_words:
            return first_at
        if p.today_words:
            the_date = user_today
        else:
            return _mk(zone_today + timedelta(days=1), h, mi, sec, zone)

    if end_of_day:
        is_today = the_date == user_today and (p.today_words or not p.has_date())
        if not is_today:
            raise Ambiguous(f"{_q(raw)}: midnight on a date is ambiguous — write 00:00 "
                            f"(start of the day) or 23:59, like “{p.date_text()} 00:00”.")
        instant = _mk(the_date + timedelta(days=1), 0, 0, 0, zone)
    else:
        instant = _mk_ahead(the_date, h, mi, sec, zone, now)
    if instant <= now:
        when = describe_in(instant, zone)
        raise InPast(f"{_q(raw)} is in the past ({when}) — pick a time that's still ahead, "
                     f"like “tomorrow 3pm”.")
    return instant


def describe_in(instant: datetime, zone: tzinfo) -> str:
    local = instant.astimezone(zone)
    abbr = local.tzname() or ""
    if not abbr or abbr[0] in "+-" or (abbr.startswith("UTC") and len(abbr) > 3):
        off = local.utcoffset() or timedelta(0)
        total = int(off.total_seconds() // 60)
        sign = "-" if total < 0 else "+"
        total = abs(total)
        abbr = f"UTC{sign}{total // 60:02d}:{total % 60:02d}"
    return (f"{_WD_SHORT[local.weekday()]} {local.day} {_MONTH_SHORT[local.month - 1]}, "
            f"{local.hour:02d}:{local.minute:02d} {abbr}")


def user_zone_of(tz: str | tzinfo) -> tuple[tzinfo, str]:
    if isinstance(tz, str):
        try:
            z = ZoneInfo(tz.strip())
        except Exception:
            raise UnknownZone(f"{_q(tz)} isn't a time zone I know — set an IANA zone like "
                              f"“Europe/Rome”.") from None
        return z, z.key
    if isinstance(tz, ZoneInfo):
        return tz, tz.key
    if isinstance(tz, tzinfo):
        return tz, str(tz)
    raise UnknownZone("That isn't a time zone — set an IANA zone like “Europe/Rome”.")


def parse(text: str, now: datetime, tz: str | tzinfo) -> datetime:
    if not isinstance(text, str):
        raise NotUnderstood("There's no time to read — type one, like “tomorrow 3pm”.", "empty")
    if not isinstance(now, datetime) or now.tzinfo is None or now.utcoffset() is None:
        raise TimePhraseError("The current time isn't known — try again.", "internal")
    user_zone, key = user_zone_of(tz)
    raw = " ".join(text.split())
    if not raw:
        raise NotUnderstood("There's no time to read — type one, like “tomorrow 3pm”.", "empty")
    if len(raw) > 200:
        raise NotUnderstood("That's too long to read as a time — type just the time, like "
                            "“tomorrow 3pm”.")
    norm = _normalise(raw)
    pieces, leftover = _extract(raw, norm, key)
    return resolve(pieces, leftover, now, user_zone, key)
