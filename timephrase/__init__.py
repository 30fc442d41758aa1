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
from timephrase.languages import language, load_all
from timephrase.locales import UserLocale, read_locale
from timephrase.messages import message_in
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
    "UserLocale",
    "Vague",
    "describe",
    "message_in",
    "parse_when",
    "read_locale",
    "warm_up",
]


def parse_when(text: str, now: datetime, tz: str | tzinfo, locale: str | None = None) -> datetime:
    """The one instant `text` means, said at `now` by a user in zone `tz`; tzinfo is UTC.

    `locale` is the user's Slack locale ("de-DE", "es-LA", "ja-JP" …): the phrase may be in that
    language or in English, and numeric dates follow its order.  Raises TimePhraseError for
    anything that can't be booked: `.reason` is stable, `.params["text"]` the phrase, `.message`
    one sentence in the user's language (`.english` in English).  Any other exception is a bug
    and propagates.
    """
    user = read_locale(locale)
    lang = language(user.language) if user.language else None
    try:
        return parse(text, now, tz, lang, user.month_first)
    except TimePhraseError as refusal:
        refusal.params.setdefault("text", " ".join(text.split()) if isinstance(text, str) else "")
        if user.language:
            refusal.message = message_in(refusal, user.message_language)
        raise


def describe(instant: datetime, tz: str | tzinfo) -> str:
    """`instant` shown in zone `tz`, e.g. "Tue 10 Mar, 15:00 EDT" (numeric zones as UTC+05:30)."""
    zone, _key = user_zone_of(tz)
    return describe_in(instant, zone)


def warm_up() -> None:
    """Pay the first-call costs at start-up: zone data, every language's data from dateparser
    (loaded and compiled), and a first parse in each."""
    load_all()
    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    for phrase in ("tomorrow 3pm", "next tue 10:30 PT", "in 2 hours", "12 March 2027 9am"):
        parse_when(phrase, now, "America/New_York")
    for phrase, locale in (("morgen um 15 Uhr", "de-DE"), ("mañana a las 15:00", "es-ES"),
                           ("demain à 15h", "fr-FR"), ("domani alle 15", "it-IT"),
                           ("amanhã às 15h", "pt-BR"), ("明日の15時", "ja-JP"),
                           ("내일 오후 3시", "ko-KR"), ("明天下午3点", "zh-CN"),
                           ("明天下午3點", "zh-TW")):
        parse_when(phrase, now, "Europe/Berlin", locale)
    describe(now, "Asia/Kolkata")
