"""Small text pieces shared by the builders: Slack date tokens, escaping, plain/mrkdwn objects.

Escaping lives in :mod:`blockkit.shown`; ``escape`` is its one entry for builders.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from blockkit.shown import FIELD_LIMIT, clean, shown_field, shown_sentence
from i18n import ENGLISH, Translator


def escape(text: str, limit: int = FIELD_LIMIT) -> str:
    """User or Cal.com text for mrkdwn, shown as typed: no forged links or mentions, no
    formatting, no bidi or zero-width controls, at most ``limit`` characters once escaped (one
    field: clip each, so a long name never pushes the time out of a message)."""
    return shown_field(text, limit)


def sentence(text: str) -> str:
    """One of calbot's own sentences (it may hold `code` and *bold*) for mrkdwn: links and
    mentions escaped, bidi and zero-width controls removed, formatting kept."""
    return shown_sentence(text)


def when(instant: datetime, fmt: str | None = None, t: Translator = ENGLISH) -> str:
    """Slack date formatting: every reader sees their own local time (Slack writes the date
    tokens in the reader's language; `t` writes the words around them and the fallback)."""
    utc = instant.astimezone(UTC)
    # The {tokens} are Slack's, kept as they are by every translation.
    fmt = fmt or t("{date_short_pretty} at {time}")
    return f"<!date^{int(utc.timestamp())}^{fmt}|{t.format_utc(utc)}>"


def plain(text: str, emoji: bool = True) -> dict[str, Any]:
    return {"type": "plain_text", "text": clean(text)[:3000], "emoji": emoji}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text[:3000]}


def section(text: str, block_id: str | None = None, **extra: Any) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "section", "text": mrkdwn(text)}
    if block_id:
        block["block_id"] = block_id
    block.update(extra)
    return block


def context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [mrkdwn(text)]}


def button(text: str, action_id: str, value: str | None = None, style: str | None = None,
           **extra: Any) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "button", "action_id": action_id, "text": plain(text)}
    if value is not None:
        element["value"] = value
    if style:
        element["style"] = style
    element.update(extra)
    return element


def divider() -> dict[str, Any]:
    return {"type": "divider"}
