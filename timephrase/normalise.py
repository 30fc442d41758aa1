"""Typed text → the normalised English the extractor reads: lower case, plain punctuation, typos
fixed, number words as digits ("twenty five" → 25, "three thirty" → 3:30)."""

from __future__ import annotations

import re
import unicodedata

from timephrase.vocabulary import KNOWN, NUMBER_WORDS, ORDINALS, TENS, TYPOS, fuzzy

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


def normalise(text: str) -> str:
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
    s = _RE_ISH.sub(r"\1 ish", s)
    s = _RE_MIDDAY.sub("noon", s)
    words = s.split()
    out: list[str] = []
    i = 0
    n = len(words)
    while i < n:
        w = words[i]
        if w in TYPOS:
            out.append(TYPOS[w])
        elif w in NUMBER_WORDS or w in ORDINALS:
            # number words: "twenty five" → 25; "three thirty" → 3:30; "ten oh five" → 10:05
            if w in ORDINALS:
                out.append(f"{ORDINALS[w]}th")
                i += 1
                continue
            val = NUMBER_WORDS[w]
            nxt = words[i + 1] if i + 1 < n else ""
            if w in TENS and nxt in NUMBER_WORDS and 1 <= NUMBER_WORDS[nxt] <= 9:
                val += NUMBER_WORDS[nxt]
                i += 1
                nxt = words[i + 1] if i + 1 < n else ""
            elif w in TENS and nxt in ("first",):
                out.append(f"{val + 1}st")
                i += 2
                continue
            if 1 <= val <= 12 and w not in TENS:
                # hour word followed by minute words
                mins: int | None = None
                if nxt in ("oh", "o") and i + 2 < n and words[i + 2] in NUMBER_WORDS \
                        and 1 <= NUMBER_WORDS[words[i + 2]] <= 9:
                    mins = NUMBER_WORDS[words[i + 2]]
                    i += 2
                elif nxt in NUMBER_WORDS and 10 <= NUMBER_WORDS[nxt] <= 59 and (
                        nxt in TENS or NUMBER_WORDS[nxt] in (10, 15)):
                    mins = NUMBER_WORDS[nxt]
                    i += 1
                    after = words[i + 1] if i + 1 < n else ""
                    if nxt in TENS and after in NUMBER_WORDS and 1 <= NUMBER_WORDS[after] <= 9:
                        mins += NUMBER_WORDS[after]
                        i += 1
                if mins is not None:
                    out.append(f"{val}:{mins:02d}")
                    i += 1
                    continue
            out.append(str(val))
        elif w not in KNOWN and not any(c.isdigit() for c in w):
            fixed = fuzzy(w)
            out.append(fixed or w)
        else:
            out.append(w)
        i += 1
    return " ".join(out)


