"""Publishing the Home tab: connection state, approvals first, then upcoming bookings."""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from blockkit import home
from bot.dayhome import with_day
from bot.services import Services
from commands.errors import user_message

log = logging.getLogger(__name__)


def publish_home(services: Services, client: WebClient, team: str, user: str,
                 *, loading: bool = False) -> None:
    calbot = services.calbot
    t = services.zones.translator(client, team, user)
    conn = calbot.shown_connection(team, user)
    now = calbot.now()
    if conn is None:
        view = home.home(connected=False, email=None, pending=[], upcoming=[], now=now, t=t)
        client.views_publish(user_id=user, view=view)
        return
    email = conn.email
    if loading:
        view = home.home(connected=True, email=email, pending=[], upcoming=[], now=now,
                         loading=True, t=t)
        client.views_publish(user_id=user, view=view)
    zone = services.zones.of(client, team, user)
    channels = [(s.channel, sorted(s.events)) for s in calbot.subscriptions(team, user)]
    try:
        pending = calbot.pending(team, user)
        upcoming = calbot.bookings(team, user, "upcoming")
        waiting = {b.uid for b in pending}
        upcoming = [b for b in upcoming if b.uid not in waiting]
        view = home.home(connected=True, email=email, pending=pending, upcoming=upcoming,
                         now=now, zone=zone, channels=channels,
                         app_url=services.details.app_url, t=t)
        view = with_day(services, client, team, user, view, upcoming)
    except Exception as error:
        view = home.home(connected=True, email=email, pending=[], upcoming=[], now=now,
                         problem=user_message(error, t), t=t)
        view = with_day(services, client, team, user, view, None)
    client.views_publish(user_id=user, view=view)
