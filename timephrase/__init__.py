"""Typed time phrase → one UTC instant, and instant → "Tue 10 Mar, 15:00 EDT".

Pure: imports nothing of ours and never reads the clock.  Rules: shared/TIME_PHRASES.md.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, tzinfo

from timephrase._core import (
    Ambiguous,
    Contradiction,
    Impossible,
    InPast,
    NoTime,
    NotUnderstood,
    TimePhraseError,
    UnknownZone,
    Vague,
    describe_in,
    parse,
    user_zone_of,
)

__all__ = [
    "Ambiguous",
    "Contradiction",
    "Impossible",
    "InPast",
    "NoTime",
    "NotUnderstood",
    "TimePhraseError",
    "UnknownZone",
    "Vague",
    "describe",
    "parse_when",
    "warm_up",
]


def parse_when(text: str, now: datetime, tz: str | tzinfo) -> datetime:
    """The one instant `text` means, said at `now` by a user in zone `tz`; tzinfo is UTC.

    Raises TimePhraseError (with `.message` and `.reason`) for anything that can't be booked.
    """
    try:
        return parse(text, now, tz)
    except TimePhraseError:
        raise
    except Exception as exc:  # never crash on user text
        raise NotUnderstood(
            "I couldn't read that as a time — try something like “tomorrow 3pm” or "
            "“next tue 10:30”."
        ) from exc


def describe(instant: datetime, tz: str | tzinfo) -> str:
    """`instant` shown in zone `tz`, e.g. "Tue 10 Mar, 15:00 EDT" (numeric zones as UTC+05:30)."""
    zone, _key = user_zone_of(tz)
    return describe_in(instant, zone)


def warm_up() -> None:
    """Pay the first-call costs at start-up: zone data loading and the first parses.

    (Patterns are compiled at import; dateparser is not used, so there is no cost of its.)
    """
    from datetime import UTC

    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    for phrase in ("tomorrow 3pm", "next tue 10:30 PT", "in 2 hours", "12 March 2027 9am"):
        with contextlib.suppress(TimePhraseError):
            parse_when(phrase, now, "America/New_York")
    describe(now, "Asia/Kolkata")
