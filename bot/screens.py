"""What calbot shows in Slack for a request: the views and messages that need the services
(Cal.com, the user's zone) before the pure Block Kit builders can render them."""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient

from blockkit import bookings as bk
from blockkit import ids, modals
from bot.payloads import metadata, read_metadata
from bot.services import Services
from commands import parse
from commands.errors import NoEventTypes, user_message

log = logging.getLogger(__name__)


def name_the_booking(services: Services, client: WebClient, team: str, user: str, uid: str,
                     view_id: str, view: dict[str, Any]) -> None:
    """Replace the uid in an open cancel/decline/reschedule modal by the booking's title and
    time (and note the user's zone for the new time). Best effort: the modal works with the uid
    alone (Cal.com's answer may not come)."""
    try:
        booking = services.calbot.booking(team, user, uid)
        meta = view.get("private_metadata", "")
        if view["callback_id"] == ids.RESCHEDULE_VIEW:
            tz = services.zones.of(client, team, user)  # so the submission needs no lookup
            meta = metadata(**{**read_metadata(view), "tz": tz})
            better = modals.reschedule(booking.title, metadata=meta, current=booking.start)
        else:
            better = modals.reason(view["callback_id"], booking, uid, metadata=meta,
                                   required=view["callback_id"] == ids.CANCEL_VIEW)
        client.views_update(view_id=view_id, view=better)
    except Exception:
        log.info("could not name booking in its modal", exc_info=True)


def book_view(services: Services, team: str, user: str, tz: str, types: list[Any], text: str,
              *, channel: str | None, response_url: str | None, event_type_id: int | None = None,
              when: str | None = None, home: bool | None = None) -> dict[str, Any]:
    """The booking modal, pre-filled from `/cal book …` text, with the time shown back."""
    if not types:
        raise NoEventTypes()
    words = frozenset(t.slug.lower() for t in types)
    prefill = parse.parse_book(text.partition(" ")[2] if text.lower().startswith(
        ("book", "new", "schedule")) else text, words)
    if event_type_id is None and prefill.event_type:
        try:
            matches = services.calbot.find_event_type(team, user, prefill.event_type)
            event_type_id = matches[0].id if len(matches) == 1 else None
        except Exception:
            event_type_id = None
    if event_type_id is None and len(types) == 1:
        event_type_id = types[0].id
    when = when or prefill.when
    preview = problem = None
    if when:
        try:
            preview = services.calbot.preview(when, tz).shown
        except Exception as error:
            problem = user_message(error)
    return modals.book(
        types, metadata=metadata(c=channel, r=response_url, tz=tz, p=when if preview else None,
                                 home=home),
        event_type_id=event_type_id, when=when, preview=preview,
        attendee_name=prefill.attendee_name, attendee_email=prefill.attendee_email,
        guests=", ".join(prefill.guests) or None, problem=problem)


def slots_message(services: Services, team: str, user: str, event_type: Any, day: str | None,
                  tz: str) -> dict[str, Any]:
    answer = services.calbot.slots(team, user, event_type, day, tz)
    zone = ZoneInfo(tz)
    local = [s.astimezone(zone) for s in answer.starts]
    label = answer.day.strftime("%a %d %b")
    values = [f"{event_type.id}|{s.astimezone(zone).strftime('%Y-%m-%d %H:%M')}"
              for s in answer.starts]
    return bk.slots_message(event_type, label, local, values)
