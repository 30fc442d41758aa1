"""Text a user or Cal.com wrote, made safe to show in Slack mrkdwn exactly as it was typed.

* Slack's own escapes (``&amp;``, ``&lt;``, ``&gt;``): no forged links, mentions or dates.
* mrkdwn's control characters become look-alikes that Slack does not read as formatting
  (``*`` → ``∗``, ``~`` → ``∼``, a backquote → ``ˋ``, a ``_`` at a word's edge → ``ˍ``, a
  ``>`` that starts a line → ``＞``): ``*bold*`` shows as typed, not bold. No zero-width
  characters are added — they would change how copied text reads.
* Bidi overrides/isolates and zero-width characters are removed (an emoji's joiner stays), so a
  name can't reverse or hide the rest of a line.
* Each field is clipped to a limit *after* escaping (an escape is never cut in half), so a long
  name shortens itself and never pushes the time out of a message.
"""

from __future__ import annotations

import unicodedata

FIELD_LIMIT = 200
ELLIPSIS = "…"

_REMOVED = frozenset(
    "\u00ad\u061c\u180e\u200b\u200c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
_ZWJ = "\u200d"
_ALWAYS = {"&": "&amp;", "<": "&lt;", "*": "\u2217", "~": "\u223c", "`": "\u02cb"}
_UNDERSCORE = "\u02cd"
_QUOTE = "\uff1e"


def _is_emoji_part(char: str) -> bool:
    return bool(char) and ord(char) > 0x2000 and unicodedata.category(char) in ("So", "Sk", "Mn")


def clean(text: str) -> str:
    """Without bidi controls, zero-width characters and control characters (a tab is a space,
    line and paragraph separators are new lines); an emoji's zero-width joiner is kept."""
    out: list[str] = []
    for i, char in enumerate(text):
        if char in _REMOVED:
            continue
        if char == _ZWJ:
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if _is_emoji_part(before) and _is_emoji_part(after):
                out.append(char)
            continue
        if char in ("\u2028", "\u2029"):
            out.append("\n")
            continue
        if char == "\t":
            out.append(" ")
            continue
        if char != "\n" and unicodedata.category(char) == "Cc":
            continue
        out.append(char)
    return "".join(out)


def _pieces(text: str) -> list[str]:
    """Each character of cleaned text as it is written into mrkdwn."""
    pieces: list[str] = []
    for i, char in enumerate(text):
        if char in _ALWAYS:
            pieces.append(_ALWAYS[char])
        elif char == ">":
            at_line_start = not text[:i].rsplit("\n", 1)[-1].strip()
            pieces.append(_QUOTE if at_line_start else "&gt;")
        elif char == "_":
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            inside_a_word = before.isalnum() and after.isalnum()  # snake_case, first_last@
            pieces.append("_" if inside_a_word else _UNDERSCORE)
        else:
            pieces.append(char)
    return pieces


def shown_field(text: str, limit: int = FIELD_LIMIT) -> str:
    """One field for mrkdwn: cleaned, escaped, and at most ``limit`` characters long (with an
    ellipsis when clipped)."""
    pieces = _pieces(clean(text).strip())
    total = sum(len(p) for p in pieces)
    if total <= limit:
        return "".join(pieces)
    kept: list[str] = []
    room = max(limit - len(ELLIPSIS), 0)
    for piece in pieces:
        if len(piece) > room:
            break
        kept.append(piece)
        room -= len(piece)
    return "".join(kept).rstrip() + ELLIPSIS


def shown_sentence(text: str) -> str:
    """calbot's own sentence (its `code` and *bold* kept): cleaned, ``&<>`` escaped."""
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["FIELD_LIMIT", "clean", "shown_field", "shown_sentence"]
