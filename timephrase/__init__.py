"""Typed time phrase → one UTC instant, and instant → "Tue 10 Mar, 15:00 EDT".

Pure: imports nothing of ours and never reads the clock.  Rules: docs in tests/timephrase_cases.py
and the reading notes in timephrase/parser.py.  The steps: normalise → extract → resolve.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from timephrase.errors import (
    Ambiguous,
    Contradiction,
    Impossible,
    InPast,
    NoTime,
    NotUnderstood,
    TimePhraseError,
    UnknownZone,
    Vague,
)
from timephrase.instant import describe_in, user_zone_of
from timephrase.parser import parse

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
    Any other exception is a bug and propagates.
    """
    return parse(text, now, tz)


def describe(instant: datetime, tz: str | tzinfo) -> str:
    """`instant` shown in zone `tz`, e.g. "Tue 10 Mar, 15:00 EDT" (numeric zones as UTC+05:30)."""
    zone, _key = user_zone_of(tz)
    return describe_in(instant, zone)


def warm_up() -> None:
    """Pay the first-call costs at start-up: zone data loading and the first parses."""
    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    for phrase in ("tomorrow 3pm", "next tue 10:30 PT", "in 2 hours", "12 March 2027 9am"):
        parse_when(phrase, now, "America/New_York")
    describe(now, "Asia/Kolkata")
