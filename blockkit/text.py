"""Small text pieces shared by the builders: Slack date tokens, escaping, plain/mrkdwn objects."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def escape(text: str) -> str:
    """Escape user text for mrkdwn so it can't forge links or mentions."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def when(instant: datetime, fmt: str = "{date_short_pretty} at {time}") -> str:
    """Slack date formatting: every reader sees their own local time."""
    utc = instant.astimezone(UTC)
    fallback = utc.strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(utc.timestamp())}^{fmt}|{fallback}>"


def plain(text: str, emoji: bool = True) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:3000], "emoji": emoji}


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
