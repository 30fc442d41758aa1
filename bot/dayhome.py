"""The Home tab's part of your day: the Today section and the user's settings with controls."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from blockkit import day as bd
from bot.services import Services
from calcom.models import Booking
from commands import parse
from commands.day import day_bounds


def with_day(services: Services, client: WebClient, team: str, user: str,
             view: dict[str, Any], bookings: list[Booking] | None) -> dict[str, Any]:
    """Today's bookings (from the upcoming list Home already read: no extra Cal.com call;
    None when it couldn't be read), then the settings."""
    tz = services.zones.of(client, team, user)
    today_date, start, end = day_bounds(services.calbot.now(), tz)
    today = None if bookings is None else sorted(
        (b for b in bookings if b.is_accepted and start <= b.start < end),
        key=lambda b: (b.start, b.uid))
    settings = services.day.settings(team, user)
    channels = [(s.channel, ", ".join(sorted(s.events)))
                for s in services.calbot.subscriptions(team, user)]
    return bd.with_day(view, bd.today_section(today, today_date), bd.settings_section(
        agenda_at=settings.agenda_at, remind_min=settings.remind_min, channels=channels,
        default_at=parse.DEFAULT_AGENDA_AT))
