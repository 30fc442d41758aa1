"""The user's time zone, from their Slack profile (`users.info`), cached in the store."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from storage import Store

log = logging.getLogger(__name__)
MAX_AGE_S = 24 * 3600
FALLBACK = "UTC"


class Zones:
    def __init__(self, store: Store, max_age_s: int = MAX_AGE_S):
        self.store = store
        self.max_age_s = max_age_s

    def of(self, client: WebClient, team_id: str, user_id: str) -> str:
        cached = self.store.time_zone(team_id, user_id, self.max_age_s)
        if cached:
            return cached
        try:
            answer = client.users_info(user=user_id)
            tz = (answer.get("user") or {}).get("tz") or FALLBACK
        except SlackApiError as error:
            log.warning("users.info failed: %s", error.response.get("error"))
            return FALLBACK
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            tz = FALLBACK
        self.store.set_time_zone(team_id, user_id, tz)
        return tz
