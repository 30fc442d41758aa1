"""``calbot manifest [--url URL] [--socket]``: the Slack app manifest, ready to paste into
api.slack.com/apps → Create New App → From a manifest. HTTP mode: every URL points at ``URL``;
Socket Mode: no URLs at all. With ``CALCOM_APP_URL`` set, links to it unfurl."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from blockkit import ids
from bot.oauth import BOT_SCOPES

EXAMPLE_URL = "https://calbot.example.com"
DEFAULT_APP_URL = "https://cal.com"  # CALCOM_APP_URL's default: its booking pages unfurl
BOT_EVENTS = ["app_home_opened", "app_uninstalled", "tokens_revoked", "link_shared",
              "user_change"]  # user_change: a zone change moves the daily agenda
SHORTCUTS = [
    {"name": "Schedule a meeting", "type": "message", "callback_id": ids.SCHEDULE_SHORTCUT,
     "description": "Book a meeting with this message's author and the people it mentions"},
    {"name": "Book a meeting", "type": "global", "callback_id": ids.BOOK_SHORTCUT,
     "description": "Open calbot's booking form"},
]
LONG_DESCRIPTION = (
    "calbot runs your Cal.com bookings from Slack. Type /cal book 30min tomorrow 3pm with "
    "jane@example.com and the time is read in your own Slack time zone and shown back before "
    "anything is booked. Approve pending bookings with one click in a DM, list, cancel and "
    "reschedule bookings, see free slots as buttons, and post cancellations and other changes "
    "to a team channel. Works with cal.com and self-hosted Cal.com through API v2.")


def manifest(url: str | None = EXAMPLE_URL, *, socket: bool = False,
             calcom_app_url: str | None = None) -> dict[str, Any]:
    """The manifest as data. ``socket``: Socket Mode (no URLs)."""
    base = None if socket else (url or EXAMPLE_URL).rstrip("/")
    events = f"{base}/slack/events" if base else None
    command: dict[str, Any] = {"command": "/cal"}
    if events:
        command["url"] = events
    command.update(description="Book, list and manage your Cal.com bookings",
                   usage_hint="book 30min tomorrow 3pm with jane@example.com · list · pending "
                   "· help", should_escape=True)
    scopes = list(BOT_SCOPES)
    bot_events = list(BOT_EVENTS)
    features: dict[str, Any] = {
        "app_home": {"home_tab_enabled": True, "messages_tab_enabled": True,
                     "messages_tab_read_only_enabled": True},
        "bot_user": {"display_name": "calbot", "always_online": True},
        "slash_commands": [command],
        "shortcuts": [dict(s) for s in SHORTCUTS],
    }
    domain = urlsplit(calcom_app_url or DEFAULT_APP_URL).hostname
    if domain:
        features["unfurl_domains"] = [domain]
    oauth: dict[str, Any] = {}
    if base:
        oauth["redirect_urls"] = [f"{base}/slack/oauth_redirect"]
    oauth["scopes"] = {"bot": scopes}
    subscriptions: dict[str, Any] = {"request_url": events} if events else {}
    subscriptions["bot_events"] = bot_events
    interactivity: dict[str, Any] = {"is_enabled": True}
    if events:
        interactivity["request_url"] = events
    return {
        "_metadata": {"major_version": 1, "minor_version": 1},
        "display_information": {
            "name": "calbot",
            "description": "Book, approve and follow your Cal.com bookings from Slack.",
            "background_color": "#292929", "long_description": LONG_DESCRIPTION},
        "features": features,
        "oauth_config": oauth,
        "settings": {"event_subscriptions": subscriptions, "interactivity": interactivity,
                     "org_deploy_enabled": False, "socket_mode_enabled": socket,
                     "token_rotation_enabled": False},
    }


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string


def to_yaml(value: Any, indent: int = 0) -> list[str]:
    """Block-style YAML of dicts, lists and scalars (what a manifest holds)."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                lines.append(f"{pad}{key}:")
                lines += to_yaml(item, indent + 2)
            else:
                lines.append(f"{pad}{key}: {_scalar(item) if item != [] else '[]'}")
        return lines
    for item in value:
        if isinstance(item, dict):
            inner = to_yaml(item, indent + 2)
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines += inner[1:]
        else:
            lines.append(f"{pad}- {_scalar(item)}")
    return lines


def render(url: str | None, *, socket: bool, calcom_app_url: str | None) -> str:
    head = ("# Create the Slack app from this file: api.slack.com/apps → Create New App → "
            "From a manifest.\n")
    return head + "\n".join(to_yaml(manifest(url, socket=socket,
                                             calcom_app_url=calcom_app_url))) + "\n"
