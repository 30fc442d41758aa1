"""Buttons and selects: confirm, decline, cancel, reschedule, book a slot, open a modal.

Each listener acks at once (`pressed`), and any failure after that reaches the presser as one
sentence.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from blockkit import bookings as bk
from blockkit import ids, modals
from blockkit.values import BadValue, FormState, SlotPick, TypeAndDay
from bot.hometab import publish_home
from bot.payloads import value_of
from bot.replies import Press, actor, open_view, pressed, services_of, show_outcome
from bot.screens import BOOK_TITLE, book_view, name_the_booking, slots_message
from bot.services import Services
from commands.errors import NotConnected, user_message
from timephrase import TimePhraseError

log = logging.getLogger(__name__)
Body = dict[str, Any]


def on_confirm(ack: Ack, body: Body, respond: Respond, client: WebClient,
               context: BoltContext) -> None:
    services = services_of(context)
    with pressed(ack, body, respond, client, context) as press:
        uid = press.uid
        booking = services.calbot.confirm(press.team, press.user, uid)
        show_outcome(services, client, respond, press.team, press.user, press.origin,
                     bk.decided(booking, "Confirmed", press.user, t=press.t))


def _open_about(services: Services, press: Press, view: dict[str, Any], uid: str) -> None:
    view_id = open_view(press.client, press.trigger_id, view)
    if view_id:
        name_the_booking(services, press.client, press.team, press.user, uid, view_id, view)


def _open_reason(callback_id: str, ack: Ack, body: Body, respond: Respond, client: WebClient,
                 context: BoltContext) -> None:
    services = services_of(context)
    with pressed(ack, body, respond, client, context) as press:
        uid = press.uid
        meta = press.origin.replace(uid=uid).encode(services.signer)
        view = modals.reason(callback_id, None, uid, metadata=meta,
                             required=callback_id == ids.CANCEL_VIEW, t=press.t)
        _open_about(services, press, view, uid)


def on_decline(ack: Ack, body: Body, respond: Respond, client: WebClient,
               context: BoltContext) -> None:
    _open_reason(ids.DECLINE_VIEW, ack, body, respond, client, context)


def on_cancel(ack: Ack, body: Body, respond: Respond, client: WebClient,
              context: BoltContext) -> None:
    _open_reason(ids.CANCEL_VIEW, ack, body, respond, client, context)


def on_reschedule(ack: Ack, body: Body, respond: Respond, client: WebClient,
                  context: BoltContext) -> None:
    services = services_of(context)
    with pressed(ack, body, respond, client, context) as press:
        uid = press.uid
        view = modals.reschedule(press.t("booking {uid}", uid=uid),
                                 metadata=press.origin.replace(uid=uid).encode(services.signer),
                                 t=press.t)
        _open_about(services, press, view, uid)


def _open_book(services: Services, press: Press, event_type_id: int | None = None,
               when: str | None = None) -> None:
    if not services.calbot.is_connected(press.team, press.user):
        raise NotConnected()
    view_id = open_view(press.client, press.trigger_id, modals.loading(press.t(BOOK_TITLE),
                                                                   t=press.t))
    if view_id is None:
        return
    origin = press.origin
    view = book_view(services, press.client, press.team, press.user, "",
                     FormState(ch=origin.ch, r=origin.r, home=origin.home),
                     event_type_id=event_type_id, when=when)
    press.client.views_update(view_id=view_id, view=view)


def on_book_slot(ack: Ack, body: Body, respond: Respond, client: WebClient,
                 context: BoltContext) -> None:
    services = services_of(context)
    with pressed(ack, body, respond, client, context) as press:
        slot = SlotPick.decode(press.value, services.signer)
        _open_book(services, press, slot.event_type_id, slot.wall)


def on_open_book(ack: Ack, body: Body, respond: Respond, client: WebClient,
                 context: BoltContext) -> None:
    services = services_of(context)
    with pressed(ack, body, respond, client, context) as press:
        _open_book(services, press)


def on_open_connect(ack: Ack, body: Body, respond: Respond, client: WebClient,
                    context: BoltContext) -> None:
    services = services_of(context)
    with pressed(ack, body, respond, client, context) as press:
        shown = services.calbot.shown_connection(press.team, press.user)
        open_view(client, press.trigger_id, modals.connect(
            masked_key=shown.masked_key if shown else None,
            api_url=shown.api_url if shown else None,
            metadata=FormState(home=press.origin.home).encode(services.signer), t=press.t))


def on_disconnect(ack: Ack, body: Body, respond: Respond, client: WebClient,
                  context: BoltContext) -> None:
    """The Home tab's Disconnect (Slack asked "are you sure?" first): forget the user, then
    show Home as it is for someone not connected."""
    services = services_of(context)
    with pressed(ack, body, respond, client, context) as press:
        services.forget_user(press.team, press.user)
        publish_home(services, client, press.team, press.user)


def on_pick_slots_type(ack: Ack, body: Body, respond: Respond, client: WebClient,
                       context: BoltContext) -> None:
    services = services_of(context)
    with pressed(ack, body, respond, client, context) as press:
        chosen = TypeAndDay.decode(press.value, services.signer)
        event_type = next(t for t in services.calbot.event_types(press.team, press.user)
                          if t.id == chosen.event_type_id)
        respond(replace_original=True, **slots_message(
            services, client, press.team, press.user, event_type, chosen.day))


def on_when_typed(ack: Ack, body: Body, client: WebClient, context: BoltContext) -> None:
    """Enter in the booking form's time field: show how the time reads, before booking."""
    ack()
    services = services_of(context)
    team, user = actor(context, body)
    view = body["view"]
    text = value_of(view, ids.WHEN) or ""
    try:
        meta = FormState.decode(view.get("private_metadata"), services.signer)
    except BadValue as error:  # not calbot's form: nothing is done, not even a preview
        log.warning("refused a time preview: %s", error)
        return
    zone, locale = services.zones.profile(client, team, user)
    tz = meta.tz or zone
    t = services.zones.translator(client, team, user)
    shown = problem = None
    try:
        shown = services.calbot.preview(text, tz, locale).shown
    except TimePhraseError as error:
        problem = user_message(error, t)
    meta = meta.replace(tz=tz, p=text if shown else None)
    booking_form = view.get("callback_id") == ids.BOOK_VIEW
    submit = ("Book" if shown else "Check time") if booking_form else None
    client.views_update(view_id=view["id"], hash=view.get("hash"),
                        view=modals.with_preview(view, shown, problem, text,
                                                 meta.encode(services.signer), submit=submit,
                                                 t=t))
