"""The languages read besides English: what each adds to dateparser's data, built once."""

from __future__ import annotations

from timephrase.languages import de, es, fr, it, ja, ko, pt, zh
from timephrase.translate import Extra, Language, build

EXTRAS: dict[str, Extra] = {
    "de": de.EXTRA,
    "es": es.EXTRA,
    "fr": fr.EXTRA,
    "it": it.EXTRA,
    "pt": pt.EXTRA,
    "ja": ja.EXTRA,
    "ko": ko.EXTRA,
    "zh": zh.EXTRA,
    "zh-hant": zh.EXTRA_HANT,
}
_BUILT: dict[str, Language] = {}


def language(key: str) -> Language:
    """The built language (dateparser's data loaded and the patterns compiled on first use)."""
    built = _BUILT.get(key)
    if built is None:
        built = _BUILT[key] = build(EXTRAS[key])
    return built


def load_all() -> None:
    for key in EXTRAS:
        language(key)
