"""One person's language: their messages through gettext, their dates and times through Babel."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton
from babel.dates import format_time as babel_time
from babel.support import NullTranslations, Translations

DOMAIN = "calbot"
CATALOG_DIR = Path(__file__).parent / "locale"
# The catalogs calbot ships (directory names under CATALOG_DIR).
SHIPPED = ("de", "es", "fr", "it", "pt_BR", "ja")
# Today's English, byte for byte: "Tue 10 Mar, 15:00 EDT", slot buttons "15:00", "Tue 10 Mar".
_ENGLISH_WHEN = "%a {day} %b, %H:%M"


def N_(message: str) -> str:
    """Mark a message id kept in a table for extraction; translate it later with `t(...)`."""
    return message


def catalog_of(slack_locale: str | None) -> str | None:
    """The shipped catalog for a Slack locale ("de-DE" → "de", "pt-BR" → "pt_BR", "es-LA" →
    "es"), or None for English and the languages calbot has no catalog for."""
    if not slack_locale:
        return None
    parts = slack_locale.replace("_", "-").split("-")
    language = parts[0].lower()
    if language == "pt":
        return "pt_BR"  # the one Portuguese catalog
    return language if language in SHIPPED else None


def _babel_locale(slack_locale: str | None) -> Locale | None:
    """Babel's locale for dates and times; "es-LA" (Slack's Latin American Spanish) → es_419."""
    if not slack_locale:
        return None
    tag = slack_locale.replace("_", "-")
    if tag.lower() == "es-la":
        tag = "es-419"
    try:
        return Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        try:
            return Locale.parse(tag.split("-")[0])
        except (UnknownLocaleError, ValueError):
            return None


def _zone_label(local: datetime) -> str:
    """The zone's abbreviation ("EDT", "CET"), or UTC+05:30 where it has no letters."""
    abbr = local.tzname() or ""
    if not abbr or abbr[0] in "+-" or (abbr.startswith("UTC") and len(abbr) > 3):
        total = int((local.utcoffset() or timedelta(0)).total_seconds() // 60)
        sign = "-" if total < 0 else "+"
        total = abs(total)
        abbr = f"UTC{sign}{total // 60:02d}:{total % 60:02d}"
    return abbr


class Translator:
    """Messages and dates for one Slack locale. ``Translator(None)`` is today's English."""

    def __init__(self, slack_locale: str | None, translations: NullTranslations | None = None):
        self.slack_locale = slack_locale
        self.catalog = catalog_of(slack_locale)
        self.locale = _babel_locale(slack_locale)
        self._translations = translations or NullTranslations()

    @property
    def language(self) -> str:
        """The catalog's language ("de", "pt_BR"), "en" when the messages are English."""
        return self.catalog or "en"

    def __call__(self, message: str, /, **params: object) -> str:
        """`message` (an English message id) in this language, ``{name}`` placeholders filled."""
        text = self._translations.gettext(message)
        return text.format(**params) if params else text

    def ctx(self, context: str, message: str, /, **params: object) -> str:
        """`message` where the English word means two things (gettext's msgctxt): e.g. the
        modal's "Cancel" (close it) beside a booking's "Cancel" (call it off)."""
        text = str(self._translations.pgettext(context, message))
        return text.format(**params) if params else text

    def format_when(self, instant: datetime, zone: tzinfo) -> str:
        """An instant in `zone`, as this locale writes it, with the zone's abbreviation:
        "Tue 10 Mar, 15:00 EDT" (default English), "Tue, Mar 10, 3:00 PM EDT" (en-US),
        "Di., 10. März, 15:00 CET" (de)."""
        local = instant.astimezone(zone)
        if self.locale is None:
            shown = local.strftime(_ENGLISH_WHEN.format(day=local.day))
        else:
            # The locale's own way of joining a date and a time ("{1}, {0}", "{1} {0}").
            joined = str(self.locale.datetime_formats.get("short") or "{1} {0}")
            shown = joined.replace("{1}", self.format_day(local.date())).replace(
                "{0}", self.format_time(local))
        return f"{shown} {_zone_label(local)}"

    def format_time(self, local: datetime) -> str:
        """A wall-clock time already in the reader's zone: "15:00", "3:00 PM"."""
        if self.locale is None:
            return local.strftime("%H:%M")
        return str(babel_time(local, "short", tzinfo=local.tzinfo, locale=self.locale))

    def format_day(self, day: date) -> str:
        """A day: "Tue 10 Mar" (default English), "Di., 10. März" (de), "3月10日(火)" (ja)."""
        if self.locale is None:
            return day.strftime("%a %d %b")
        return str(format_skeleton("MMMEd", datetime(day.year, day.month, day.day, tzinfo=UTC),
                                   tzinfo=UTC, locale=self.locale))

    def format_utc(self, instant: datetime) -> str:
        """The fallback under a Slack date token (shown where the token can't be rendered)."""
        utc = instant.astimezone(UTC)
        if self.locale is None:
            return utc.strftime("%Y-%m-%d %H:%M UTC")
        return self.format_when(utc, UTC)


ENGLISH = Translator(None)


@functools.lru_cache(maxsize=64)
def translator_for(slack_locale: str | None) -> Translator:
    """The translator for a Slack locale; English messages without a shipped catalog (an
    English locale keeps its own date and time conventions)."""
    catalog = catalog_of(slack_locale)
    if catalog is None:
        return ENGLISH if not slack_locale else Translator(slack_locale)
    found = Translations.load(str(CATALOG_DIR), [catalog], DOMAIN)
    if not isinstance(found, Translations):
        raise FileNotFoundError(f"calbot's {catalog} catalog is missing from {CATALOG_DIR}")
    return Translator(slack_locale, found)


def warm_up() -> None:
    """Load every shipped catalog and Babel's data for it at start-up (first requests pay
    nothing)."""
    instant = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    for slack_locale in ("en-US", "de-DE", "es-ES", "es-LA", "fr-FR", "it-IT", "pt-BR",
                         "ja-JP"):
        t = translator_for(slack_locale)
        t.format_when(instant, UTC)
        t.format_time(instant)
        t.format_day(instant.date())
