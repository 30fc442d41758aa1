"""A phrase in another language → the English the extractor reads, or the words it can't place.

The vocabulary is dateparser's language data (month and weekday names, units, "today" /
"tomorrow" / "next week", "in N hours" patterns, number words, words to skip); each language's
module in `timephrase.languages` adds what that data lacks (parts of day, next/this + weekday,
clock words, dates, zones, particles and filler).  The text is cut into pieces: a rule or a word
that matches becomes an English piece, and nothing is matched twice.  Whatever is left must be a
number or punctuation: any other word means the phrase is not understood (never guessed at).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from dateparser.languages.loader import default_loader

from timephrase import _zones
from timephrase.vocabulary import MONTHS, WEEKDAYS

Repl = Callable[[re.Match[str]], str]

# an am/pm word beside a clock time: "<am|pm>" here, the time gets it in `_place_ampm`
AM, PM = "\x00am", "\x00pm"
_UNITS = ("year", "month", "week", "day", "hour", "minute", "second")
# a match starts and ends at a word's edge: no letter beside it, nor a digit beside a digit
_LETTER_BEFORE = r"(?<![^\W\d_])(?!(?<=\d)\d)"
_LETTER_AFTER = r"(?![^\W\d_])(?!(?<=\d)\d)"
_LEFT_SPLIT = re.compile(r"[\s,;!?¿¡()\[\]{}\"'“”„«»、。，！？・~〜–—@&]+")
_NUMBERISH = re.compile(r"\d{1,4}(?:[:./-]\d{1,4}){0,2}\.?(?:am|pm|h)?")


def fold(text: str, accents: bool) -> str:
    """Lower case, full-width forms as ASCII; without accents where `accents` is False."""
    s = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("`", "'")
    if not accents:
        s = "".join(c for c in unicodedata.normalize("NFKD", s)
                    if not unicodedata.combining(c)).replace("ß", "ss")
    return " ".join(s.split())


@dataclass(frozen=True)
class Extra:
    """What one language adds to dateparser's data (see timephrase/languages/)."""

    code: str  # dateparser's name for the language data
    spaced: bool = True  # words are separated by spaces (not so in Japanese and Chinese)
    accents: bool = False  # keep accents when matching (CJK scripts need their marks)
    # rules on the typed text, in order, before any word: (pattern, English or a function).
    # A pattern may use {WD} (a weekday name, group "wd"), {MON} (a month name, group "mon").
    rules: tuple[tuple[str, str | Repl], ...] = ()
    words: tuple[tuple[str, str], ...] = ()  # native word or phrase → English ("" = filler)
    drop: tuple[str, ...] = ()  # dateparser words not to use (they mean something else here)
    numerals: Callable[[str], str] | None = None  # native numerals → digits, before any rule
    cities: dict[str, str] = field(default_factory=dict)  # native city name → English city


@dataclass
class Language:
    code: str
    spaced: bool
    accents: bool
    weekdays: dict[str, str]
    months: dict[str, str]
    numbers: dict[str, str]  # number words, read as digits before any rule
    number_re: re.Pattern[str] | None
    numerals: Callable[[str], str] | None
    rules: list[tuple[re.Pattern[str], Repl]]
    words: dict[str, str]
    word_re: re.Pattern[str]


@dataclass(frozen=True)
class Translation:
    english: str
    unknown: tuple[str, ...]  # words that are neither understood nor filler


def _relative(key: str) -> str:
    """dateparser's canonical relative phrases ("in 1 day", "0 week ago") in our English."""
    m = re.fullmatch(r"(in )?(\d+) (\w+?)s?( ago)?", key)
    if m is None:
        return key
    n, unit = int(m.group(2)), m.group(3)
    if n == 0:
        return {"day": "today", "week": "this week", "month": "this month",
                "year": "this year"}.get(unit, "now")
    if m.group(4):
        return f"{n} {unit}s ago"
    if unit == "day" and n <= 2:
        return "tomorrow" if n == 1 else "day after tomorrow"
    if n == 1 and unit in ("week", "month", "year"):
        return f"next {unit}"
    return f"in {n} {unit}s"


def _fold_pattern(pattern: str, accents: bool) -> str:
    """A rule's pattern matched against folded text: accents off like the text (no lower-casing,
    which would turn \\D into \\d)."""
    if accents:
        return pattern
    return "".join(c for c in unicodedata.normalize("NFKD", pattern)
                   if not unicodedata.combining(c)).replace("ß", "ss")


def _bounded(pattern: str, spaced: bool) -> str:
    return f"{_LETTER_BEFORE}(?:{pattern}){_LETTER_AFTER}" if spaced else pattern


def _template(english: str, weekdays: dict[str, str] | None = None,
              months: dict[str, str] | None = None) -> Repl:
    """A replacement: group references expanded, {wd} / {mon} as the matched name in English."""
    def repl(m: re.Match[str]) -> str:
        out = m.expand(english)
        if weekdays is not None and "{wd}" in out:
            out = out.replace("{wd}", weekdays[m.group("wd")])
        if months is not None and "{mon}" in out:
            out = out.replace("{mon}", months[m.group("mon")])
        return out
    return repl


def _alternation(names: Iterable[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))


def build(extra: Extra) -> Language:
    info = default_loader.get_locale(extra.code).info
    acc = extra.accents

    def f(word: str) -> str:
        return fold(word, acc)

    # dateparser's words, each with one English meaning; a word with two (Spanish "mar" is
    # Tuesday and March) or a one-letter abbreviation is left out rather than guessed
    found: dict[str, set[str]] = {}

    def put(native: str, english: str) -> None:
        w = f(native)
        if w and not (extra.spaced and len(w) == 1 and w.isalpha()):
            found.setdefault(w, set()).add(english)

    for name in (*WEEKDAYS, *MONTHS, *_UNITS):
        for native in info.get(name, []):
            put(native, name)
    for marker, english in (("am", AM), ("pm", PM)):
        for native in info.get(marker, []):
            put(native, english)
    for key, natives in info.get("relative-type", {}).items():
        for native in natives:
            put(native, _relative(key))
    for native in info.get("ago", []):
        put(native, "ago")
    for native in info.get("skip", []):
        if re.search(r"[^\W\d_]", native):  # words only: "." and "/" belong to dates
            put(native, "")
    for simple in info.get("simplifications", []):
        for native, english in simple.items():
            if re.fullmatch(r"[^\W\d_]+", native) and english.isdigit():
                put(native, english)
    dropped = {f(w) for w in extra.drop}
    words = {w: next(iter(e)) for w, e in found.items() if len(e) == 1 and w not in dropped}
    words.update((f(w), e) for w, e in extra.words)
    words.update((f(w), e) for w, e in extra.cities.items())
    weekdays = {w: e for w, e in words.items() if e in WEEKDAYS}
    months = {w: e for w, e in words.items() if e in MONTHS}
    wd = f"(?P<wd>{_alternation(weekdays)})"
    mon = f"(?P<mon>{_alternation(months)})"

    # zone abbreviations, UTC offsets and city names read the same in every language
    for abbr in _zones.FIXED:
        if len(abbr) >= 3:
            words.setdefault(abbr, abbr)
    for city in _zones.CITIES:  # "15 Uhr in London", "demain 15h Tokyo"
        words.setdefault(f(city), city)
    rules: list[tuple[re.Pattern[str], Repl]] = [
        (re.compile(_bounded(r"(?:utc|gmt) ?[+-] ?\d{1,2}(?::?\d{2})?", extra.spaced)),
         lambda m: m.group(0).replace(" ", "")),
    ]
    for pattern, rule in extra.rules:
        body = _fold_pattern(pattern, acc)
        body = body.replace("{wd}", wd).replace("{WD}", wd)
        body = body.replace("{mon}", mon).replace("{MON}", mon)
        repl = _template(rule, weekdays, months) if isinstance(rule, str) else rule
        rules.append((re.compile(_bounded(body, extra.spaced)), repl))
    # dateparser's "in 3 days" / "3 hours ago" patterns
    for key, patterns in info.get("relative-type-regex", {}).items():
        english = key.replace("\\1", "\\g<1>")
        english = re.sub(r"^in (\S+) (\w+)$", r"in \1 \2s", english)
        for pattern in patterns:
            body = _fold_pattern(pattern, acc)
            rules.append((re.compile(_bounded(body, extra.spaced)), _template(english)))
    numbers = {w: e for w, e in words.items() if e.isdigit()}
    number_re = re.compile(_bounded(_alternation(numbers), extra.spaced)) if numbers else None
    word_re = re.compile(_bounded(_alternation(words), extra.spaced))
    return Language(extra.code, extra.spaced, acc, weekdays, months, numbers, number_re,
                    extra.numerals, rules, words, word_re)


def _apply(pieces: list[tuple[bool, str]], pattern: re.Pattern[str],
           repl: Repl) -> list[tuple[bool, str]]:
    out: list[tuple[bool, str]] = []
    for done, text in pieces:
        if done:
            out.append((done, text))
            continue
        pos = 0
        for m in pattern.finditer(text):
            if m.start() > pos:
                out.append((False, text[pos:m.start()]))
            out.append((True, repl(m)))
            pos = m.end()
        if pos < len(text):
            out.append((False, text[pos:]))
    return out


# a clock reading a rule wrote ("3", "15:30", "3:00-4:00"), which an am/pm word may belong to
_CLOCK_TOKEN = re.compile(r"(\d{1,2})(?::(\d{2}))?(?:-(\d{1,2})(?::\d{2})?)?")


def _clock_tokens(out: list[str]) -> list[int]:
    """Positions of clock readings, leaving out day numbers ("12 march", "march 12")."""
    found = []
    for j, tok in enumerate(out):
        if not _CLOCK_TOKEN.fullmatch(tok):
            continue
        beside = {out[k] for k in (j - 1, j + 1) if 0 <= k < len(out)}
        if beside & set(MONTHS):
            continue
        found.append(j)
    return found


def _place_ampm(tokens: list[str]) -> list[str]:
    """An am/pm word goes right after its clock time ("午後 3:00" → "3:00pm", "de 3 a 4 de la
    tarde" → "3:00-4:00pm"); a 24-hour time keeps what it says ("15 Uhr nachmittags"); with no
    time it is a part of the day."""
    out = list(tokens)
    for i, tok in enumerate(out):
        if tok not in (AM, PM):
            continue
        mark = tok[1:]
        clocks = _clock_tokens(out)
        out[i] = ""
        if not clocks:
            out[i] = "morning" if mark == "am" else "afternoon"
            continue
        j = min(clocks, key=lambda k: (abs(k - i), k < i))
        m = _CLOCK_TOKEN.fullmatch(out[j])
        assert m is not None
        last = int(m.group(3) or m.group(1))
        if mark == "pm" and last >= 13:
            continue  # "15 Uhr nachmittags": already the 24-hour clock
        if m.group(3) is None and (last == 0 or m.group(1).startswith("0")):
            out[j] = f"{last}:{m.group(2) or '00'}{mark}"  # "03:00 de la mañana": 3am
        else:
            out[j] = f"{out[j]}{mark}"
    return [t for t in out if t]


def translate(text: str, lang: Language) -> Translation:
    s = fold(text, lang.accents)
    if lang.numerals is not None:
        s = lang.numerals(s)
    if lang.number_re is not None:
        numbers = lang.numbers
        s = lang.number_re.sub(lambda m: numbers[m.group(0)], s)
    pieces: list[tuple[bool, str]] = [(False, s)]
    for pattern, repl in lang.rules:
        pieces = _apply(pieces, pattern, repl)

    def word(m: re.Match[str]) -> str:
        return lang.words[m.group(0)]

    pieces = _apply(pieces, lang.word_re, word)
    tokens: list[str] = []
    unknown: list[str] = []
    for done, piece in pieces:
        if done:
            tokens.extend(piece.split())
            continue
        for tok in _LEFT_SPLIT.split(piece):
            tok = tok.strip(":-./")
            if not tok:
                continue
            if _NUMBERISH.fullmatch(tok):
                tokens.append(tok.rstrip("."))
            else:
                unknown.append(tok)
    return Translation(" ".join(_place_ampm(tokens)), tuple(unknown))
