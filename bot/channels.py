"""Can calbot post in a channel? Checked when someone subscribes it to notices."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from commands.errors import ChannelUnreachable


def ensure_postable(client: WebClient, channel: str) -> None:
    """Public channels: fine (the bot posts with chat:write.public without joining). Private:
    the bot must already be a member. Raises ChannelUnreachable with which case it is."""
    try:
        info = client.conversations_info(channel=channel).get("channel") or {}
    except SlackApiError as error:
        code = error.response.get("error")
        if code == "channel_not_found":
            # A private channel the bot isn't in looks like a channel that doesn't exist.
            raise ChannelUnreachable(channel, private=True) from None
        return  # can't tell (rate limit, scope): subscribe; a failed post warns the user once
    if info.get("is_archived"):
        raise ChannelUnreachable(channel, private=False)
    if info.get("is_private") and not info.get("is_member"):
        raise ChannelUnreachable(channel, private=True)
