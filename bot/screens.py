"""What calbot shows in Slack for a request: the views and messages that need the services
(Cal.com, the user's zone) before the pure Block Kit builders can render them."""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient

from blockkit import bookings as bk
from blockkit import ids, modals
from blockkit.values import FormState, SlotPick
from bot.services import Services
from calcom import errors as cal
from calcom.models import EventType
from commands import parse
from commands.errors import CalbotError, NoEventTypes, NotInvolved, user_message
from i18n import N_
from timephrase import TimePhraseError

log = logging.getLogger(__name__)
BOOK_TITLE = N_("Book a meeting")


def name_the_booking(services: Services, client: WebClient, team: str, user: str, uid: str,
                     view_id: str, view: dict[str, Any]) -> None:
    """Replace the uid in an open cancel/decline/reschedule modal by the booking's title and
    time (and note the user's zone for the new time). Best effort: the modal works with the uid
    alone, so a Cal.com failure leaves it as it is. A booking the user may not touch replaces
    the form with the sentence saying so."""
    t = services.zones.translator(client, team, user)
    try:
        booking = services.calbot.authorize(team, user, uid)
    except (NotInvolved, cal.NotFound) as error:
        client.views_update(view_id=view_id, view=modals.message(
            t("Booking"), user_message(error, t), t))
        return
    except (cal.CalcomError, CalbotError) as error:
        log.info("could not name booking in its modal (%s)", type(error).__name__)
        return
    meta = FormState.decode(view.get("private_metadata"), services.signer)
    signer = services.signer
    if view["callback_id"] == ids.RESCHEDULE_VIEW:
        tz = services.zones.of(client, team, user)  # so the submission needs no lookup
        better = modals.reschedule(booking.title, metadata=meta.replace(tz=tz).encode(signer),
                                   current=booking.start, t=t)
    else:
        better = modals.reason(view["callback_id"], booking, uid, metadata=meta.encode(signer),
                               required=view["callback_id"] == ids.CANCEL_VIEW, t=t)
    client.views_update(view_id=view_id, view=better)


def book_view(services: Services, client: WebClient, team: str, user: str, text: str,
              origin: FormState, *, event_type_id: int | None = None,
              when: str | None = None) -> dict[str, Any]:
    """The booking modal, pre-filled from `/cal book …` text, with the time shown back; or
    a message saying why it can't be shown."""
    calbot = services.calbot
    tz, locale = services.zones.profile(client, team, user)
    t = services.zones.translator(client, team, user)
    try:
        types = calbot.event_types(team, user)
        if not types:
            raise NoEventTypes()
    except (cal.CalcomError, CalbotError) as error:
        return modals.message(t(BOOK_TITLE), user_message(error, t), t)
    words = frozenset(t.slug.lower() for t in types)
    prefill = parse.parse_book(parse.book_text(text), words)
    if event_type_id is None and prefill.event_type:
        matches = _matching(types, prefill.event_type, services, team, user)
        event_type_id = matches[0].id if len(matches) == 1 else None
    if event_type_id is None and len(types) == 1:
        event_type_id = types[0].id
    when = when or prefill.when
    preview = problem = None
    if when:
        try:
            preview = calbot.preview(when, tz, locale).shown
        except TimePhraseError as error:
            problem = user_message(error, t)
    meta = origin.replace(tz=tz, p=when if preview else None)
    return modals.book(
        types, metadata=meta.encode(services.signer), event_type_id=event_type_id, when=when,
        preview=preview,
        attendee_name=prefill.attendee_name, attendee_email=prefill.attendee_email,
        guests=", ".join(prefill.guests) or None, problem=problem, t=t)


def _matching(types: list[EventType], query: str, services: Services, team: str,
              user: str) -> list[EventType]:
    try:
        return services.calbot.find_event_type(team, user, query)
    except CalbotError:  # no such event type: the form lets them pick
        return []


def slots_message(services: Services, client: WebClient, team: str, user: str,
                  event_type: EventType, day: str | None) -> dict[str, Any]:
    tz, locale = services.zones.profile(client, team, user)
    t = services.zones.translator(client, team, user)
    answer = services.calbot.slots(team, user, event_type, day, tz, locale)
    zone = ZoneInfo(tz)
    local = [s.astimezone(zone) for s in answer.starts]
    label = t.format_day(answer.day)
    values = [SlotPick(event_type.id, s.strftime("%Y-%m-%d %H:%M")).encode(services.signer)
              for s in local]
    return bk.slots_message(event_type, label, local, values, zone=tz)
