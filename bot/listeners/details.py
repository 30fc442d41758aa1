"""The whole booking: `/cal show|location|guests|noshow|reassign`, the Details button and the
buttons of the details view, their forms, and the overflow menu of a booking row.

Each listener acks first, opens any form before calling Cal.com, then calls
`services.details` and renders with `blockkit.details`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from blockkit import details as dk
from blockkit import ids, modals
from blockkit.values import BookingChoice, FormState
from bot.listeners import actions
from bot.listeners.views import _finish
from bot.payloads import value_of
from bot.replies import CommandCall, Press, actor, open_view, pressed, say_privately, services_of
from bot.services import Services
from commands import parse
from commands.details import location_body
from commands.errors import NotConnected, TooManyGuests, user_message

Body = dict[str, Any]
View = dict[str, Any]
Message = dict[str, Any]


def render(services: Services, team: str, user: str, uid: str) -> Message:
    whole = services.details.show(team, user, uid)
    return dk.details(whole.booking, may=whole.may, links=whole.links,
                      recordings=whole.recordings, transcripts=whole.transcripts,
                      app_url=services.details.app_url)


def _ready(services: Services, call: CommandCall, uid: str | None) -> str | None:
    """The uid when the caller is connected and named one; else they're told what to do."""
    if not services.calbot.is_connected(call.team, call.user):
        call.failed(NotConnected())
        return None
    if uid is None:
        call.say(f"Which booking? Pick one from `{call.command} list` (each has a Details "
                 f"button), or name it: `{call.command} {call.text.split(' ')[0]} <booking>`.")
        return None
    return uid


# ---- forms that need the booking: opened at once, filled once Cal.com answers -------------

def _fill(client: WebClient, view_id: str, title: str, build: Callable[[], View]) -> None:
    try:
        view = build()
    except Exception as error:
        view = modals.message(title, user_message(error))
    client.views_update(view_id=view_id, view=view)


def _form(services: Services, team: str, user: str, uid: str, what: dk.Action,
          meta: FormState) -> tuple[str, Callable[[], View]]:
    """The title of the form for `what` and how to build it."""
    details = services.details
    encoded = meta.replace(uid=uid).encode(services.signer)
    if what == dk.Action.LOCATION:
        def location() -> View:
            booking, kinds = details.location_kinds(team, user, uid)
            return dk.location_form(booking, kinds, metadata=encoded)
        return "Change location", location
    if what == dk.Action.GUESTS:
        return "Add guests", lambda: dk.guests_form(
            services.calbot.authorize(team, user, uid), metadata=encoded)
    if what == dk.Action.NOSHOW:
        def noshow() -> View:
            booking = details.noshow_form(team, user, uid)
            return dk.noshow_form(booking, details.people(booking), metadata=encoded)
        return "Mark no-shows", noshow
    return "Reassign", lambda: dk.reassign_form(services.calbot.authorize(team, user, uid),
                                                metadata=encoded)


def _open_form_from_command(services: Services, call: CommandCall, uid: str,
                            what: dk.Action, word: str) -> None:
    title, build = _form(services, call.team, call.user, uid, what,
                         FormState(ch=call.channel, r=call.response_url))
    view_id = call.open_modal(modals.loading(title), word)
    if view_id is not None:
        _fill(call.client, view_id, title, build)


def _open_form_from_press(services: Services, press: Press, uid: str, what: dk.Action) -> None:
    if not services.calbot.is_connected(press.team, press.user):
        raise NotConnected()
    title, build = _form(services, press.team, press.user, uid, what, press.origin)
    view_id = open_view(press.client, press.trigger_id, modals.loading(title))
    if view_id is not None:
        _fill(press.client, view_id, title, build)


# ---- commands ----------------------------------------------------------------------------

def show(services: Services, call: CommandCall, cmd: parse.Show) -> None:
    uid = _ready(services, call, cmd.uid)
    if uid is None:
        return
    call.say("Looking up the booking…")
    call.reply(render(services, call.team, call.user, uid))


def location(services: Services, call: CommandCall, cmd: parse.Location) -> None:
    uid = _ready(services, call, cmd.uid)
    if uid is None:
        return
    if cmd.where is None:
        _open_form_from_command(services, call, uid, dk.Action.LOCATION, "location")
        return
    location_body(cmd.where)  # a typo is told before Cal.com is asked
    call.say("Changing where it happens…")
    after = services.details.move(call.team, call.user, uid, cmd.where)
    call.reply(dk.moved(after, services.details.app_url))


def guests(services: Services, call: CommandCall, cmd: parse.Guests) -> None:
    uid = _ready(services, call, cmd.uid)
    if uid is None:
        return
    if not cmd.emails:
        _open_form_from_command(services, call, uid, dk.Action.GUESTS, "guests")
        return
    call.say("Adding the guests…")
    after, added = services.details.add_guests(call.team, call.user, uid, cmd.emails)
    call.reply(dk.guests_added(after, added, services.details.app_url))


def noshow(services: Services, call: CommandCall, cmd: parse.NoShow) -> None:
    uid = _ready(services, call, cmd.uid)
    if uid is None:
        return
    if not cmd.emails and not cmd.host:
        _open_form_from_command(services, call, uid, dk.Action.NOSHOW, "noshow")
        return
    call.say("Marking who didn't come…")
    after = services.details.mark_absent(call.team, call.user, uid, cmd.emails, cmd.host)
    call.reply(dk.absence_marked(after, services.details.app_url))


def reassign(services: Services, call: CommandCall, cmd: parse.Reassign) -> None:
    uid = _ready(services, call, cmd.uid)
    if uid is None:
        return
    call.say("Reassigning…")
    booking, done = services.details.reassign(call.team, call.user, uid,
                                              slack_user=cmd.slack_user, email=cmd.email,
                                              reason=cmd.reason)
    call.reply(dk.reassigned(booking, done.name or done.email or None,
                             services.details.app_url))


HANDLERS: dict[type, Callable[[Services, CommandCall, Any], None]] = {
    parse.Show: show, parse.Location: location, parse.Guests: guests, parse.NoShow: noshow,
    parse.Reassign: reassign,
}


# ---- buttons -----------------------------------------------------------------------------

def _privately(press: Press, message: Message) -> None:
    """A new message only the presser sees, next to the one that held the button (the Home
    tab has no conversation: it goes to their DM with calbot)."""
    origin = press.origin
    if origin.r:
        press.respond(replace_original=False, response_type="ephemeral", **message)
    elif origin.ch and not origin.home:
        press.client.chat_postEphemeral(channel=origin.ch, user=press.user, **message)
    else:
        press.client.chat_postMessage(channel=press.user, **message)


def on_details(ack: Ack, body: Body, respond: Respond, client: WebClient,
               context: BoltContext) -> None:
    services = services_of(context)
    with pressed(ack, body, respond, client, context) as press:
        uid = press.uid
        _privately(press, render(services, press.team, press.user, uid))


def _form_button(what: dk.Action) -> Callable[[Ack, Body, Respond, WebClient, BoltContext],
                                              None]:
    def listener(ack: Ack, body: Body, respond: Respond, client: WebClient,
                 context: BoltContext) -> None:
        services = services_of(context)
        with pressed(ack, body, respond, client, context) as press:
            _open_form_from_press(services, press, press.uid, what)
    listener.__name__ = f"on_{what.value}"
    return listener


on_change_location = _form_button(dk.Action.LOCATION)
on_add_guests = _form_button(dk.Action.GUESTS)
on_mark_noshow = _form_button(dk.Action.NOSHOW)
on_reassign = _form_button(dk.Action.REASSIGN)

_BY_VERB: dict[str, Callable[[Ack, Body, Respond, WebClient, BoltContext], None]] = {
    dk.Action.CONFIRM: actions.on_confirm, dk.Action.DECLINE: actions.on_decline,
    dk.Action.CANCEL: actions.on_cancel, dk.Action.RESCHEDULE: actions.on_reschedule,
    dk.Action.LOCATION: on_change_location, dk.Action.GUESTS: on_add_guests,
    dk.Action.NOSHOW: on_mark_noshow, dk.Action.REASSIGN: on_reassign,
}


def on_more(ack: Ack, body: Body, respond: Respond, client: WebClient,
            context: BoltContext) -> None:
    """A booking row's overflow menu: the option names what to do and to which booking."""
    action = body["actions"][0]
    picked = (action.get("selected_option") or {}).get("value") or action.get("value") or ""
    choice = BookingChoice.decode(str(picked))
    listener = _BY_VERB.get(choice.verb, on_details)
    listener(ack, body, respond, client, context)


def on_link(ack: Ack) -> None:
    """Join, Add to calendar, Open in Cal.com: Slack opens the link and still tells the app."""
    ack()


# ---- form submissions --------------------------------------------------------------------

def _inline(block_id: str) -> Callable[[BaseException], dict[str, str] | None]:
    def mapped(error: BaseException) -> dict[str, str] | None:
        if isinstance(error, parse.CommandError | TooManyGuests):
            return {block_id: user_message(error)}
        return None
    return mapped


def _submitted(ack: Ack, body: Body, client: WebClient, context: BoltContext, title: str,
               change: Callable[[Services, str, str, str], Message],
               inline: Callable[[BaseException], dict[str, str] | None]) -> None:
    services = services_of(context)
    team, user = actor(context, body)
    meta = FormState.decode(body["view"].get("private_metadata"), services.signer)
    outcome: Message = {}

    def work() -> View:
        outcome.update(change(services, team, user, meta.uid or ""))
        return modals.outcome(title, outcome)

    _finish(ack, client, body["view"]["id"], title, work, services, inline)
    if outcome and meta.r:
        say_privately(meta.r, outcome)


def on_location_submit(ack: Ack, body: Body, view: View, client: WebClient,
                       context: BoltContext) -> None:
    kind = dk.LocationKind(value_of(view, ids.LOCATION_KIND) or dk.LocationKind.LINK.value)
    where = value_of(view, ids.LOCATION_VALUE) or ""
    try:
        location_body(where, kind)
    except parse.CommandError as error:
        ack(response_action="errors", errors={ids.LOCATION_VALUE: error.message})
        return

    def change(services: Services, team: str, user: str, uid: str) -> Message:
        after = services.details.move(team, user, uid, where, kind)
        return dk.moved(after, services.details.app_url)

    _submitted(ack, body, client, context, "Location changed", change,
               _inline(ids.LOCATION_VALUE))


def on_guests_submit(ack: Ack, body: Body, view: View, client: WebClient,
                     context: BoltContext) -> None:
    emails = [e for e in re.split(r"[\s,;]+", value_of(view, ids.GUEST_EMAILS) or "") if e]

    def change(services: Services, team: str, user: str, uid: str) -> Message:
        after, added = services.details.add_guests(team, user, uid, emails)
        return dk.guests_added(after, added, services.details.app_url)

    _submitted(ack, body, client, context, "Guests", change, _inline(ids.GUEST_EMAILS))


def _ticked(view: View, block_id: str) -> list[str]:
    state = ((view.get("state") or {}).get("values") or {}).get(block_id) or {}
    element = state.get(block_id) or {}
    return [str(o.get("value")) for o in element.get("selected_options") or []
            if isinstance(o, dict)]


def on_noshow_submit(ack: Ack, body: Body, view: View, client: WebClient,
                     context: BoltContext) -> None:
    ticked = _ticked(view, ids.ABSENT)

    def change(services: Services, team: str, user: str, uid: str) -> Message:
        after = services.details.set_absence(team, user, uid,
                                             [t for t in ticked if t != "host"],
                                             host="host" in ticked)
        return dk.absence_marked(after, services.details.app_url)

    _submitted(ack, body, client, context, "No-shows", change, _inline(ids.ABSENT))


def on_reassign_submit(ack: Ack, body: Body, view: View, client: WebClient,
                       context: BoltContext) -> None:
    email = value_of(view, ids.NEW_HOST)
    reason = value_of(view, ids.REASON)
    if email and not parse.EMAIL.fullmatch(email):
        ack(response_action="errors", errors={ids.NEW_HOST: "Type the new host's email, like "
                                                            "dana@example.com."})
        return

    def change(services: Services, team: str, user: str, uid: str) -> Message:
        booking, done = services.details.reassign(team, user, uid, email=email, reason=reason)
        return dk.reassigned(booking, done.name or done.email or None,
                             services.details.app_url)

    _submitted(ack, body, client, context, "Reassigned", change, _inline(ids.NEW_HOST))


__all__ = ["HANDLERS", "on_add_guests", "on_change_location", "on_details",
           "on_guests_submit", "on_link", "on_location_submit", "on_mark_noshow", "on_more",
           "on_noshow_submit", "on_reassign", "on_reassign_submit", "render"]

