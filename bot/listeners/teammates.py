"""Scheduling with teammates: `/cal slots @teammate`, `/cal book @teammate`, `/cal link`, and
the buttons and form that book someone else's page with the presser as the attendee.

Whoever presses one of these buttons books for themselves and touches nothing else: the form
is theirs (name, email and zone from their own Slack profile) and the booking is made without
any key (`commands.teammates`), so nobody acts with someone else's Cal.com key.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from blockkit import bookings as bk
from blockkit import ids, modals
from blockkit import teammates as tk
from blockkit.teamvalues import HostForm, HostPick, HostSlot
from bot.listeners.views import _finish
from bot.payloads import value_of
from bot.people import attendee_of
from bot.replies import CommandCall, actor, open_view, pressed, say_privately, services_of
from bot.services import Services
from calcom import errors as cal
from commands import forms, parse
from commands.errors import (
    CalbotError,
    FormProblem,
    NoEmail,
    NotConnected,
    TeammateNotConnected,
    user_message,
)
from commands.teammates import Host, match_event_types
from timephrase import TimePhraseError

TITLE = "Book a meeting"
WALL = "%Y-%m-%d %H:%M"
View = dict[str, Any]


# --- the form --------------------------------------------------------------------------------

def host_form(services: Services, client: WebClient, team: str, presser: str, host: Host, *,
              response_url: str | None = None, channel: str | None = None, text: str = "",
              event_type_id: int | None = None, start: datetime | None = None) -> View:
    """The booking form for ``host``'s page with ``presser`` as the attendee (or the modal
    saying why it can't be shown)."""
    teammates = services.teammates
    try:
        attendee = attendee_of(client, presser)
        if attendee is None or not attendee.email:
            raise NoEmail()
        types = teammates.find_event_type(team, host, None)
    except (cal.CalcomError, CalbotError) as error:
        return modals.message(TITLE, user_message(error))
    tz = attendee.time_zone
    when_text = start.astimezone(ZoneInfo(tz)).strftime(WALL) if start else None
    if text:
        prefill = parse.parse_book(text, frozenset(t.slug.lower() for t in types))
        if prefill.event_type and event_type_id is None:
            found = match_event_types(types, prefill.event_type)
            event_type_id = found[0].id if len(found) == 1 else None
        when_text = when_text or prefill.when
    if event_type_id is None and len(types) == 1:
        event_type_id = types[0].id
    preview = problem = None
    if when_text:
        try:
            preview = services.calbot.preview(when_text, tz).shown
        except TimePhraseError as error:
            problem = user_message(error)
    meta = HostForm(host.short, tz=tz, p=when_text if preview else None, r=response_url,
                    ch=channel)
    return tk.host_book(host.shown, types, attendee=f"{attendee.name} ({attendee.email})",
                        metadata=meta.encode(), event_type_id=event_type_id,
                        when_text=when_text, preview=preview, problem=problem)


def _open_form(services: Services, client: WebClient, trigger_id: str, team: str, user: str,
               host: Host, **form: Any) -> None:
    """Open the modal at once (the trigger dies in 3 s), then fill it from Cal.com."""
    view_id = open_view(client, trigger_id, modals.loading(TITLE))
    if view_id is not None:
        client.views_update(view_id=view_id,
                            view=host_form(services, client, team, user, host, **form))


# --- commands --------------------------------------------------------------------------------

def _teammate_of(services: Services, call: CommandCall, user_id: str) -> Host | None:
    if services.calbot.is_connected(call.team, user_id):
        return Host(slack_user=user_id)
    call.failed(TeammateNotConnected(user_id))
    return None


def slots_message(services: Services, team: str, host: Host, event_type_id: int,
                  day: str | None, tz: str) -> dict[str, Any]:
    teammates = services.teammates
    event_type = teammates.event_type(team, host, event_type_id)
    answer = teammates.slots(team, host, event_type, day, tz)
    zone = ZoneInfo(tz)
    values = [HostSlot(host.short, event_type.id, s).encode() for s in answer.starts]
    return tk.host_slots(host.shown, event_type, answer.day.strftime("%a %d %b"),
                         [s.astimezone(zone) for s in answer.starts], values)


def teammate_slots(services: Services, call: CommandCall, cmd: parse.TeammateSlots) -> None:
    host = _teammate_of(services, call, cmd.teammate)
    if host is None:
        return
    call.say(f"Looking for {host.shown}'s free slots…")
    teammates = services.teammates
    types = teammates.event_types(call.team, host)
    want = parse.parse_slots(cmd.rest, frozenset(t.slug.lower() for t in types))
    matches = teammates.find_event_type(call.team, host, want.event_type)
    tz = services.zones.of(call.client, call.team, call.user)
    if len(matches) > 1:
        call.reply(bk.pick_event_type(
            matches, ids.TEAM_SLOTS_TYPE,
            [HostPick(host.short, t.id, want.day).encode() for t in matches],
            f"Which of {host.shown}'s event types?"))
        return
    call.reply(slots_message(services, call.team, host, matches[0].id, want.day, tz))


def teammate_book(services: Services, call: CommandCall, cmd: parse.TeammateBook) -> None:
    host = _teammate_of(services, call, cmd.teammate)
    if host is None:
        return
    view_id = call.open_modal(modals.loading(TITLE), "book")
    if view_id is not None:
        call.client.views_update(view_id=view_id, view=host_form(
            services, call.client, call.team, call.user, host, response_url=call.response_url,
            channel=call.channel, text=cmd.rest))


def link(services: Services, call: CommandCall, cmd: parse.Link) -> None:
    """The caller's booking page for everyone in the conversation (the one public reply)."""
    if not services.calbot.is_connected(call.team, call.user):
        call.failed(NotConnected())
        return
    call.ack()
    username = services.teammates.username_of(call.team, call.user)
    event_type = None
    if cmd.event_type:
        event_type = services.calbot.find_event_type(call.team, call.user, cmd.event_type)[0]
    url = services.teammates.page_url(username, event_type.slug if event_type else None)
    value = HostPick(call.user, event_type.id if event_type else None).encode()
    call.respond(response_type="in_channel",
                 **tk.link_message(url, f"<@{call.user}>", event_type, value))


# --- buttons ---------------------------------------------------------------------------------

def on_slot(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient,
            context: BoltContext) -> None:
    """A free slot of someone's page (from `/cal slots @…` or an unfurl): the form, for the
    presser, with that time."""
    services = services_of(context)
    with pressed(ack, body, respond, client, context) as press:
        slot = HostSlot.decode(press.value)
        origin = press.origin
        _open_form(services, client, press.trigger_id, press.team, press.user,
                   Host.of(slot.host), response_url=origin.r, channel=origin.ch,
                   event_type_id=slot.event_type_id, start=slot.start)


def on_book(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient,
            context: BoltContext) -> None:
    """Book on `/cal link`'s message or an unfurl: the form, for whoever pressed it."""
    services = services_of(context)
    with pressed(ack, body, respond, client, context) as press:
        page = HostPick.decode(press.value)
        origin = press.origin
        _open_form(services, client, press.trigger_id, press.team, press.user,
                   Host.of(page.host), response_url=origin.r, channel=origin.ch,
                   event_type_id=page.event_type_id)


def on_pick_type(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient,
                 context: BoltContext) -> None:
    services = services_of(context)
    with pressed(ack, body, respond, client, context) as press:
        page = HostPick.decode(press.value)
        if page.event_type_id is None:
            raise ValueError("an event type choice names its event type")
        tz = services.zones.of(client, press.team, press.user)
        respond(replace_original=True, **slots_message(
            services, press.team, Host.of(page.host), page.event_type_id, page.day, tz))


# --- the form's submission -------------------------------------------------------------------

def _problems(event_type: str | None, guests: tuple[str, ...],
              when_error: TimePhraseError | None) -> forms.InlineErrors:
    errors: forms.InlineErrors = {}
    if not event_type:
        errors[ids.TEAM_EVENT_TYPE] = user_message(FormProblem(ids.TEAM_EVENT_TYPE,
                                                               "event_type_missing"))
    bad = [g for g in guests if not forms.is_email(g)]
    if bad:
        errors[ids.GUESTS] = user_message(FormProblem(ids.GUESTS, "guest_email", bad[0]))
    if when_error is not None:
        errors[ids.TEAM_WHEN] = user_message(when_error)
    return errors


def _when_refused(error: BaseException) -> forms.InlineErrors | None:
    if isinstance(error, cal.Rejected):
        return {ids.TEAM_WHEN: user_message(error)}
    return None


def on_submit(ack: Ack, body: dict[str, Any], view: View, client: WebClient,
              context: BoltContext) -> None:
    services = services_of(context)
    team, user = actor(context, body)
    meta = HostForm.decode(view.get("private_metadata"))
    host = Host.of(meta.host)
    tz = meta.tz or services.zones.of(client, team, user)
    when = value_of(view, ids.TEAM_WHEN) or ""
    event_type = value_of(view, ids.TEAM_EVENT_TYPE)
    guests = forms.split_guests(value_of(view, ids.GUESTS))
    when_error: TimePhraseError | None = None
    try:
        preview = services.calbot.preview(when, tz)
    except TimePhraseError as error:
        when_error = error
    problems = _problems(event_type, guests, when_error)
    if problems or when_error is not None or event_type is None:
        ack(response_action="errors", errors=problems)
        return
    if meta.p != when:  # show the time back before anything is booked
        ack(response_action="update", view=modals.with_preview(
            view, preview.shown + " — press Book to confirm", None, when,
            meta.replace(p=when, tz=tz).encode()))
        return
    result: dict[str, Any] = {}

    def work() -> View:
        attendee = attendee_of(client, user)
        if attendee is None or not attendee.email:
            raise NoEmail()
        made = services.teammates.book(
            team, host, event_type_id=int(event_type), start=preview.start,
            attendee=attendee.model_copy(update={"time_zone": tz}), guests=guests,
            notes=value_of(view, ids.NOTES))
        result.update(tk.host_booked(host.shown, made))
        return modals.outcome("Booked", result)

    booked = _finish(ack, client, body["view"]["id"], TITLE, work, services, _when_refused,
                     lambda sentence: modals.with_preview(view, None, sentence, when,
                                                          meta.replace(p=None).encode()))
    if booked and meta.r:
        say_privately(meta.r, result)
