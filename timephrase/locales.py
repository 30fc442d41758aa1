"""A Slack locale ("de-DE", "es-LA", "pt-BR", "ja-JP", "zh-TW", "en-US" …) → the language whose
phrases are translated, and the order of numeric dates (rule 21)."""

from __future__ import annotations

from dataclasses import dataclass

# languages with a translation step (keys of timephrase.languages.EXTRAS)
TRANSLATED = ("de", "es", "fr", "it", "pt", "ja", "ko", "zh", "zh-hant")
_MONTH_FIRST_LANGUAGES = ("ja", "ko", "zh")
_MONTH_FIRST_ENGLISH = ("us", "ph", "um", "as", "gu", "pr", "vi")


@dataclass(frozen=True)
class UserLocale:
    tag: str | None  # as given, e.g. "de-DE"
    language: str | None  # a key of TRANSLATED; None: English only
    month_first: bool | None  # numeric a/b dates; None: the zone's region decides (rule 12)

    @property
    def message_language(self) -> str:
        """Two-letter language for refusal sentences ("en" when there are none)."""
        return (self.language or "en")[:2]


def read_locale(tag: str | None) -> UserLocale:
    if not tag or not tag.strip():
        return UserLocale(None, None, None)
    parts = tag.strip().replace("_", "-").lower().split("-")
    lang, rest = parts[0], parts[1:]
    if lang == "en":
        if not rest:
            return UserLocale(tag, None, None)
        return UserLocale(tag, None, rest[0] in _MONTH_FIRST_ENGLISH)
    if lang == "zh" and any(p in ("tw", "hk", "mo", "hant") for p in rest):
        return UserLocale(tag, "zh-hant", True)
    language = lang if lang in TRANSLATED else None
    return UserLocale(tag, language, lang in _MONTH_FIRST_LANGUAGES)
