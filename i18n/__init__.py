"""calbot in the user's language: gettext catalogs (Babel) and locale-aware dates and times.

`translator_for(slack_locale)` gives a `Translator` for one person: call it with an English
message id and its parameters (``t("Booked: {what}", what=...)``) and it answers in their
language, or in today's English when calbot has no catalog for it. `format_when`, `format_time`
and `format_day` write instants the way that locale writes them. Pure: imports nothing of ours.
"""

from __future__ import annotations

from i18n.translator import (
    CATALOG_DIR,
    DOMAIN,
    ENGLISH,
    N_,
    SHIPPED,
    Translator,
    catalog_of,
    translator_for,
    warm_up,
)

__all__ = [
    "CATALOG_DIR",
    "DOMAIN",
    "ENGLISH",
    "N_",
    "SHIPPED",
    "Translator",
    "catalog_of",
    "translator_for",
    "warm_up",
]
