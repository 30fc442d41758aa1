"""Who someone is, from their Slack profile (`users.info`, scope `users:read.email`): the
attendee a booking is made for."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from calcom.models import Attendee

log = logging.getLogger(__name__)
FALLBACK_ZONE = "UTC"


def attendee_of(client: WebClient, user_id: str) -> Attendee | None:
    """Name, email and zone as the user's Slack profile has them; None when Slack can't say
    (an unknown user, a bot). The email is empty when the profile shows none."""
    try:
        user = client.users_info(user=user_id).get("user") or {}
    except SlackApiError as error:
        log.info("users.info for an attendee failed: %s", error.response.get("error"))
        return None
    if user.get("is_bot") or user.get("deleted"):
        return None
    profile = user.get("profile") or {}
    name = (profile.get("real_name") or profile.get("display_name") or user.get("real_name")
            or user.get("name") or user_id)
    tz = user.get("tz") or FALLBACK_ZONE
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        tz = FALLBACK_ZONE
    return Attendee(name=name, email=profile.get("email") or "", time_zone=tz)
