"""The English words the reader knows: names, typos, number words, filler, vague and past words."""

from __future__ import annotations

from timephrase import _zones

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
WD_INDEX = {w: i for i, w in enumerate(WEEKDAYS)}
MONTH_INDEX = {m: i + 1 for i, m in enumerate(MONTHS)}
MONTH_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WD_SHORT = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

TYPOS: dict[str, str] = {}


def _add(target: str, *words: str) -> None:
    for w in words:
        TYPOS[w] = target


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

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
    "sixty": 60, "ninety": 90,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50}
ORDINALS = {
    "first": 1, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30,
}

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that carry no meaning for the time.  Anything else left over → refuse.
FILLER = _words("""
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
VAGUE = {
    "whenever", "soon", "asap", "anytime", "sometime", "someday", "later", "eod", "eow",
    "cob", "eob", "weekend", "lunch", "lunchtime", "breakfast", "dinner", "brunch", "few",
    "couple", "several", "tbd", "tba", "early", "late", "mid", "end", "beginning", "sometimes",
    "whatever", "anyday", "month",
}
PAST_WORDS = {"yesterday", "ago", "last", "earlier", "previous", "previously"}

STRUCTURAL = _words("""
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


def fuzzy(word: str) -> str | None:
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


_KNOWN_ZONE_WORDS: set[str] = set()
for _k in list(_zones.GENERIC) + list(_zones.CITIES) + list(_zones.FIXED) + list(_zones.LONG_NAMES):
    _KNOWN_ZONE_WORDS.update(_k.split())
KNOWN = (FILLER | STRUCTURAL | frozenset(VAGUE) | frozenset(PAST_WORDS)
         | frozenset(TYPOS.values()) | frozenset(NUMBER_WORDS) | frozenset(ORDINALS)
         | frozenset(_KNOWN_ZONE_WORDS)
         | _words("my local your their some any point bit while moment every each or not by "
                  "before until between first thing ist pst"))
