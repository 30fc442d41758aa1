"""The Home tab and the help text."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from blockkit import ids
from blockkit.bookings import booking_blocks
from blockkit.text import button, context, divider, escape, plain, section, sentence
from calcom.models import Booking
from i18n import ENGLISH, Translator


def home(*, connected: bool, email: str | None, pending: list[Booking],
         upcoming: list[Booking], now: datetime, problem: str | None = None,
         loading: bool = False, zone: str | None = None,
         channels: list[tuple[str, list[str]]] | None = None,
         command: str = "/cal", app_url: str = "https://cal.com",
         t: Translator = ENGLISH) -> dict[str, Any]:
    """The Home tab. Bookings that have ended are never listed under Upcoming; `channels` are
    the user's notification subscriptions (channel id, events)."""
    blocks: list[dict[str, Any]] = [section(t("*calbot* — your Cal.com bookings in Slack"))]
    if not connected:
        blocks.append(section(t("You're not connected to Cal.com yet."),
                              accessory=button(t("Connect Cal.com"), ids.OPEN_CONNECT,
                                               style="primary")))
        blocks.append(context(t("You'll need a Cal.com API key (Settings → Developer → API "
                                "keys).")))
        return {"type": "home", "blocks": blocks}
    blocks.append({"type": "actions", "block_id": ids.HOME_ACTIONS, "elements": [
        button(t("Book a meeting"), ids.OPEN_BOOK, style="primary"),
        button(t("Reconnect"), ids.OPEN_CONNECT),
        button("Disconnect", ids.OPEN_DISCONNECT, style="danger", confirm={
            "title": plain("Disconnect Cal.com?"),
            "text": plain("calbot forgets your API key, your notification channels and "
                          "everything it kept for you. Your bookings stay in Cal.com."),
            "confirm": plain("Disconnect"), "deny": plain("Keep"), "style": "danger"}),
    ]})
    where = f" · times in {escape(zone)}" if zone else ""
    blocks.append(context((t("Connected as {email}.", email=escape(email)) if email
                           else t("Connected as your Cal.com account."))[:-1] + f"{where}."))
    if channels:
        posted = "; ".join(f"<#{c}>: {', '.join(sorted(e))}" for c, e in channels[:10])
        blocks.append(context(f"Booking notifications go to {posted}. Change them with "
                              f"`{command} notify`."))
    elif channels is not None:
        blocks.append(context(f"No channel notifications — add one with "
                              f"`{command} notify #channel`."))
    if problem:
        blocks.append(section(f":warning: {sentence(problem)}"))
        return {"type": "home", "blocks": blocks}
    if loading:
        blocks.append(section(t(":hourglass_flowing_sand: Loading your bookings from "
                                "Cal.com…")))
        return {"type": "home", "blocks": blocks}
    ahead = [b for b in upcoming if (b.end or b.start) > now]
    blocks += _listed(t("Awaiting your approval"), pending, 10, t("Nothing is waiting for you."),
                      now, app_url, t)
    blocks += _listed(t("Upcoming"), ahead, 15, t("No upcoming bookings."), now, app_url, t)
    return {"type": "home", "blocks": blocks[:100]}


def _listed(title: str, bookings: list[Booking], most: int, empty: str,
            now: datetime, app_url: str, t: Translator) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [divider(), section(f"*{title}* ({len(bookings)})")]
    if not bookings:
        blocks.append(context(empty))
    for booking in bookings[:most]:
        blocks.extend(booking_blocks(booking, now=now, app_url=app_url, t=t))
    return blocks
