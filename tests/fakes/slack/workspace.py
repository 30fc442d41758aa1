"""One Slack workspace as the fake holds it: its bot, users, channels, messages and views.

A workspace knows only what was put in it: a user or channel it was not told about does not
exist (``user_not_found`` / ``channel_not_found``), as in Slack, where a token sees only its own
workspace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.fakes.slack.canned import canned
from tests.fakes.slack.records import SlackError


def with_time_zone(user: dict[str, Any], now: datetime) -> dict[str, Any]:
    """A copy of ``user`` with ``tz_offset`` / ``tz_label`` as they are at ``now``."""
    shown = dict(user)
    local = now.astimezone(ZoneInfo(user["tz"]))
    offset = local.utcoffset()
    shown["tz_offset"] = int(offset.total_seconds()) if offset else 0
    shown["tz_label"] = local.tzname()
    return shown


@dataclass
class Workspace:
    """A team: its bot token, and what exists in it. Read freely; change it through FakeSlack
    (which holds the lock)."""

    team_id: str
    bot_token: str
    bot_user_id: str
    bot_id: str
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # oldest first
    ephemerals: list[dict[str, Any]] = field(default_factory=list)
    unfurls: list[dict[str, Any]] = field(default_factory=list)  # chat.unfurl calls, in order
    views: dict[str, dict[str, Any]] = field(default_factory=dict)  # view id -> view
    home_views: dict[str, dict[str, Any]] = field(default_factory=dict)  # user id -> view
    dms: dict[str, str] = field(default_factory=dict)  # user id -> the bot's DM with them
    # the bot token's granted scopes: Slack sends them in X-OAuth-Scopes (empty: no header)
    scopes: list[str] = field(default_factory=list)

    # ---- creating ----------------------------------------------------------------------

    def new_user(self, user_id: str) -> dict[str, Any]:
        user = canned("users.info.ok")["user"]
        user["id"] = user_id
        user["team_id"] = self.team_id
        user["name"] = user["profile"]["display_name"] = user_id.lower()
        user["profile"]["email"] = f"{user_id.lower()}@example.com"
        user["profile"]["team"] = self.team_id
        return user

    def new_channel(self, channel_id: str) -> dict[str, Any]:
        channel = canned("conversations.info.ok")["channel"]
        is_im = channel_id.startswith("D")
        is_private = channel_id.startswith("G")
        channel.update(
            id=channel_id, name=channel_id.lower(), name_normalized=channel_id.lower(),
            is_im=is_im, is_channel=not (is_im or is_private), is_group=is_private,
            is_private=is_private or is_im, is_general=False, is_member=True,
        )
        return channel

    # ---- looking up (raising Slack's errors) -----------------------------------------------

    def user(self, user_id: Any) -> dict[str, Any]:
        if not isinstance(user_id, str) or user_id not in self.users:
            raise SlackError("user_not_found")
        return self.users[user_id]

    def known(self, channel_id: Any) -> dict[str, Any]:
        """A channel of this workspace, seen or not by the bot."""
        channel = self.channels.get(channel_id) if isinstance(channel_id, str) else None
        if channel is None:
            raise SlackError("channel_not_found")
        return channel

    def channel(self, channel_id: Any) -> dict[str, Any]:
        """A channel the bot can see: a private one it is not in looks like none at all."""
        channel = self.known(channel_id)
        if channel.get("is_private") and not channel.get("is_member"):
            raise SlackError("channel_not_found")
        return channel

    def dm_with(self, user_id: str) -> str:
        """The bot's DM with a user of this workspace (opened on first use)."""
        self.user(user_id)
        if user_id not in self.dms:
            dm = "D" + user_id.lstrip("UW")[:10].upper().ljust(8, "0")
            self.dms[user_id] = dm
            channel = self.new_channel(dm)
            channel["user"] = user_id
            self.channels[dm] = channel
        return self.dms[user_id]

    def target(self, channel: Any) -> str:
        """Where a message to ``channel`` goes: a user id means the DM with that user."""
        if isinstance(channel, str) and channel[:1] in ("U", "W"):
            return self.dm_with(channel)
        return str(self.channel(channel)["id"])

    def postable(self, channel: Any) -> str:
        """The channel a post to ``channel`` lands in, if the bot may post there."""
        target = self.target(channel)
        info = self.channels[target]
        if info.get("is_archived"):
            raise SlackError("is_archived")
        if not info.get("is_member", True):
            raise SlackError("not_in_channel")  # public: private ones raised channel_not_found
        return target

    def posted(self, channel: str, ts: Any) -> dict[str, Any]:
        for message in self.messages.get(channel, []):
            if message["ts"] == ts:
                return message
        raise SlackError("message_not_found")
