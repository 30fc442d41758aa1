"""The user's time zone and Slack locale, from their Slack profile (`users.info` with
`include_locale`), cached together in the store; and the translator for that locale."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from i18n import ENGLISH, Translator, translator_for
from storage import Store

log = logging.getLogger(__name__)
MAX_AGE_S = 24 * 3600
FALLBACK = "UTC"


class Zones:
    def __init__(self, store: Store, max_age_s: int = MAX_AGE_S):
        self.store = store
        self.max_age_s = max_age_s

    def profile(self, client: WebClient, team_id: str, user_id: str) -> tuple[str, str | None]:
        """(IANA zone, Slack locale or None): from the cache, else one users.info."""
        cached = self.store.profile(team_id, user_id, self.max_age_s)
        if cached:
            return cached
        try:
            answer = client.users_info(user=user_id, include_locale=True)
            user = answer.get("user") or {}
            tz = user.get("tz") or FALLBACK
            locale = user.get("locale") or None
        except SlackApiError as error:
            log.warning("users.info failed: %s", error.response.get("error"))
            return FALLBACK, None
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            tz = FALLBACK
        locale = str(locale)[:35] if locale else None
        self.store.set_time_zone(team_id, user_id, tz, locale)
        return tz, locale

    def of(self, client: WebClient, team_id: str, user_id: str) -> str:
        return self.profile(client, team_id, user_id)[0]

    def locale_of(self, client: WebClient, team_id: str, user_id: str) -> str | None:
        return self.profile(client, team_id, user_id)[1]

    def translator(self, client: WebClient, team_id: str, user_id: str) -> Translator:
        """How to write to this user: their language, their date and time conventions. Slack
        unreachable: English (saying what went wrong matters more than the language)."""
        try:
            return translator_for(self.locale_of(client, team_id, user_id))
        except OSError as error:
            log.warning("users.info unreachable (%s): writing in English", type(error).__name__)
            return ENGLISH
