"""The refusals: one typed error per reason, each with one English sentence for the user.

`reason` is stable (callers and translations key on it); `params` holds what a translated sentence
may show (`text`: the phrase as typed).  `timephrase.messages` has the sentences in other languages.
"""

from __future__ import annotations


class TimePhraseError(ValueError):
    """A phrase that cannot be booked.  `.message` is one sentence for the user."""

    reason = "not_understood"

    def __init__(self, message: str, reason: str | None = None, **params: str) -> None:
        super().__init__(message)
        self.message = message
        self.english = message
        self.params: dict[str, str] = dict(params)
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


def pretty(text: str) -> str:
    """Normalised words as a user would write them: "friday utc" → "Friday UTC"."""
    return " ".join(w.upper() if w in ("utc", "gmt") else w.title() if w in _CAPS else w
                    for w in text.split())


def quote(text: str) -> str:
    """A piece of the phrase, quoted for a message (long ones cut)."""
    text = pretty(text)
    if len(text) > 60:
        text = text[:57] + "…"
    return f"“{text}”"
