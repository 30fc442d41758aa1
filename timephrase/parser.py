"""Typed time phrase → one UTC instant: normalise, extract, resolve.

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
- Every accepted form has its own pattern, so nothing is guessed, and a phrase with a word we
  don't know is refused.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from timephrase import _zones
from timephrase.errors import NotUnderstood, TimePhraseError, quote
from timephrase.extract import extract
from timephrase.instant import user_zone_of
from timephrase.normalise import normalise
from timephrase.resolve import resolve
from timephrase.translate import Language, translate
from timephrase.vocabulary import KNOWN


def parse(text: str, now: datetime, tz: str | tzinfo, language: Language | None = None,
          month_first: bool | None = None) -> datetime:
    """The instant `text` means (see `timephrase.parse_when`); raises only TimePhraseError
    for a refusal — any other exception is a bug in here.

    `language`: the user's language besides English (its phrase is translated first; one that
    doesn't translate is read as English).  `month_first`: numeric a/b date order, else the
    zone's region decides.
    """
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
    order = _zones.month_first(key) if month_first is None else month_first
    if language is None:
        return _english(raw, now, user_zone, key, order)
    native = translate(raw, language)
    if not native.unknown:
        return _english(native.english, now, user_zone, key, order)
    if _all_english(raw):  # English in any locale
        return _english(raw, now, user_zone, key, order)
    unsure = " ".join(native.unknown)
    raise NotUnderstood(f"I couldn't read {quote(raw)} as a time (not sure about "
                        f"{quote(unsure)}) — try something like “tomorrow 3pm”.", word=unsure)


def _all_english(raw: str) -> bool:
    """Every word is one the English grammar knows (after its typo fixes), or has a digit."""
    return all(w in KNOWN or any(c.isdigit() for c in w) for w in normalise(raw).split())


def _english(english: str, now: datetime, user_zone: tzinfo, key: str,
             month_first: bool) -> datetime:
    """Read English text (typed, or translated: its messages quote the translation; the
    caller's sentence in the user's language quotes what was typed)."""
    pieces, leftover = extract(english, normalise(english), key, month_first)
    return resolve(pieces, leftover, now, user_zone, key)
