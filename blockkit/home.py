"""The Home tab and the help text."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from blockkit import ids
from blockkit.bookings import booking_blocks
from blockkit.text import button, context, divider, escape, section, sentence
from calcom.models import Booking


def home(*, connected: bool, email: str | None, pending: list[Booking],
         upcoming: list[Booking], now: datetime, problem: str | None = None,
         loading: bool = False) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [section("*calbot* — your Cal.com bookings in Slack")]
    if not connected:
        blocks.append(section("You're not connected to Cal.com yet.",
                              accessory=button("Connect Cal.com", ids.OPEN_CONNECT,
                                               style="primary")))
        blocks.append(context("You'll need a Cal.com API key (Settings → Developer → API keys)."))
        return {"type": "home", "blocks": blocks}
    blocks.append({"type": "actions", "block_id": ids.HOME_ACTIONS, "elements": [
        button("Book a meeting", ids.OPEN_BOOK, style="primary"),
        button("Reconnect", ids.OPEN_CONNECT),
    ]})
    blocks.append(context(f"Connected as {escape(email or 'your Cal.com account')}."))
    if problem:
        blocks.append(section(f":warning: {sentence(problem)}"))
        return {"type": "home", "blocks": blocks}
    if loading:
        blocks.append(section(":hourglass_flowing_sand: Loading your bookings from Cal.com…"))
        return {"type": "home", "blocks": blocks}
    blocks += _listed("Awaiting your approval", pending, 10, "Nothing is waiting for you.", now)
    blocks += _listed("Upcoming", upcoming, 15, "No upcoming bookings.", now)
    return {"type": "home", "blocks": blocks[:100]}


def _listed(title: str, bookings: list[Booking], most: int, empty: str,
            now: datetime) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [divider(), section(f"*{title}* ({len(bookings)})")]
    if not bookings:
        blocks.append(context(empty))
    for booking in bookings[:most]:
        blocks.extend(booking_blocks(booking, now=now))
    return blocks
