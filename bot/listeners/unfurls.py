"""A pasted Cal.com booking page (`CALCOM_APP_URL/<user>[/<event type>]`) unfurls: the event
type, its length and description, and its next free slots as buttons that open the booking
form for whoever presses them."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from blockkit import teammates as tk
from blockkit.teamvalues import HostPick, HostSlot
from bot.replies import actor, services_of
from bot.services import Services
from calcom import errors as cal
from commands.errors import CalbotError
from commands.teammates import Host, Page

log = logging.getLogger(__name__)
MAX_LINKS = 5
UNFURL_ZONE = "UTC"  # the slots' day starts here; each reader sees the times in their zone


def unfurl_of(services: Services, team: str, page: Page) -> dict[str, Any] | None:
    """The unfurl of one booking page; None when it names no public event type."""
    teammates = services.teammates
    host = Host(username=page.username)
    types = teammates.event_types(team, host)
    if not types:  # no such user, or nothing public: the link stays a plain link
        return None
    if page.slug is None:
        return tk.unfurl(page.username, None, types, [], [], HostPick(host.short).encode())
    event_type = next((t for t in types if t.slug == page.slug), None)
    if event_type is None:
        return None
    starts = teammates.next_slots(team, host, event_type, UNFURL_ZONE)
    return tk.unfurl(page.username, event_type, types, starts,
                     [HostSlot(host.short, event_type.id, s).encode() for s in starts],
                     HostPick(host.short, event_type.id).encode())


def on_link_shared(event: dict[str, Any], body: dict[str, Any], client: WebClient,
                   context: BoltContext) -> None:
    services = services_of(context)
    team, _ = actor(context, body)
    unfurls: dict[str, Any] = {}
    for link in (event.get("links") or [])[:MAX_LINKS]:
        url = link.get("url") if isinstance(link, dict) else None
        page = services.teammates.page_of(url) if isinstance(url, str) else None
        if page is None or url is None:
            continue
        try:
            shown = unfurl_of(services, team, page)
        except (cal.CalcomError, CalbotError) as error:  # no unfurl: the link stays a link
            log.info("no unfurl for a booking page (%s)", type(error).__name__)
            continue
        if shown is not None:
            unfurls[url] = shown
    if not unfurls:
        return
    if event.get("unfurl_id") and event.get("source"):
        client.chat_unfurl(unfurl_id=event["unfurl_id"], source=event["source"],
                           unfurls=unfurls)
    else:
        client.chat_unfurl(channel=event.get("channel"), ts=event.get("message_ts"),
                           unfurls=unfurls)
