"""`/cal …`: ack at once, read the text, call a service, render the answer.

`on_command` is the listener; each subcommand has one function below, picked by the type
`commands.parse` reads the text into.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from blockkit import bookings as bk
from blockkit import help, ids, modals
from blockkit.values import FormState, TypeAndDay
from bot.channels import ensure_postable
from bot.listeners import day, details, teammates
from bot.replies import CommandCall, services_of
from bot.screens import BOOK_TITLE, book_view, name_the_booking, slots_message
from bot.services import Services
from commands import parse
from commands.errors import NotConnected


def on_command(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient,
               context: BoltContext) -> None:
    services = services_of(context)
    call = CommandCall.of(ack, respond, client, context, body)
    try:
        cmd = parse.parse_command(call.text)
        HANDLERS[type(cmd)](services, call, cmd)
    except Exception as error:
        call.failed(error)


def _connected(services: Services, call: CommandCall) -> bool:
    if services.calbot.is_connected(call.team, call.user):
        return True
    call.failed(NotConnected())
    return False


def _about_a_booking(services: Services, call: CommandCall, uid: str | None) -> bool:
    """Connected, and a booking named that is theirs; else they're told, or shown the list to
    pick one from."""
    if not _connected(services, call):
        return False
    if uid is None:
        call.say(call.t("Fetching your bookings…"))
        found = services.calbot.bookings(call.team, call.user, "upcoming")
        call.reply(bk.booking_list(found, "upcoming", services.calbot.now(),
                                   command=call.command, app_url=services.details.app_url,
                                   t=call.t))
        return False
    return True


def _ask_about(services: Services, call: CommandCall, view: dict[str, Any], word: str,
               uid: str) -> None:
    """Open the modal at once; then name the booking in it (title, time) from Cal.com."""
    view_id = call.open_modal(view, word)
    if view_id is not None:
        name_the_booking(services, call.client, call.team, call.user, uid, view_id, view)


def help_(services: Services, call: CommandCall, cmd: parse.Help) -> None:
    call.ack(response_type="ephemeral", **help.help_message(call.command, call.t))


def unknown(services: Services, call: CommandCall, cmd: parse.Unknown) -> None:
    call.say(call.t("I don't know `{word}` — here's what I can do:", word=cmd.word) + "\n\n"
             + help.help_text(call.command, call.t))


def connect(services: Services, call: CommandCall, cmd: parse.Connect) -> None:
    shown = services.calbot.shown_connection(call.team, call.user)
    call.open_modal(modals.connect(masked_key=shown.masked_key if shown else None,
                                   api_url=shown.api_url if shown else None, t=call.t),
                    "connect")


def disconnect(services: Services, call: CommandCall, cmd: parse.Disconnect) -> None:
    t = call.t  # before the user (and their cached locale) is forgotten
    call.say(t("Disconnecting…"))
    was = services.forget_user(call.team, call.user)
    call.reply({"text": t("Disconnected: your Cal.com key and everything calbot kept for you "
                          "are gone.") if was else t("You weren't connected — nothing to do.")})


def book(services: Services, call: CommandCall, cmd: parse.Book) -> None:
    if not _connected(services, call):
        return
    view_id = call.open_modal(modals.loading(call.t(BOOK_TITLE), t=call.t), "book")
    if view_id is None:
        return
    view = book_view(services, call.client, call.team, call.user, call.text,
                     FormState(ch=call.channel, r=call.response_url))
    call.client.views_update(view_id=view_id, view=view)


def list_(services: Services, call: CommandCall, cmd: parse.ListBookings) -> None:
    if not _connected(services, call):
        return
    call.say(call.t("Fetching your bookings from Cal.com…"))
    found = services.calbot.bookings(call.team, call.user, cmd.status)
    call.reply(bk.booking_list(found, cmd.status, services.calbot.now(), command=call.command,
                               app_url=services.details.app_url, t=call.t))


def pending(services: Services, call: CommandCall, cmd: parse.Pending) -> None:
    if not _connected(services, call):
        return
    call.say(call.t("Looking for bookings awaiting your approval…"))
    call.reply(bk.pending_list(services.calbot.pending(call.team, call.user),
                               services.calbot.now(), command=call.command,
                               app_url=services.details.app_url, t=call.t))


def cancel(services: Services, call: CommandCall, cmd: parse.Cancel) -> None:
    if not _about_a_booking(services, call, cmd.uid) or cmd.uid is None:
        return
    if cmd.reason is None:
        meta = FormState(uid=cmd.uid, r=call.response_url).encode(services.signer)
        _ask_about(services, call, modals.reason(ids.CANCEL_VIEW, None, cmd.uid, required=True,
                                                 metadata=meta, t=call.t), "cancel", cmd.uid)
        return
    call.say(call.t("Cancelling `{uid}`…", uid=cmd.uid))
    booking = services.calbot.cancel(call.team, call.user, cmd.uid, cmd.reason)
    call.reply(bk.cancelled(cmd.uid, booking, cmd.reason, call.t))


def reschedule(services: Services, call: CommandCall, cmd: parse.Reschedule) -> None:
    if not _about_a_booking(services, call, cmd.uid) or cmd.uid is None:
        return
    if cmd.when is None:
        meta = FormState(uid=cmd.uid, r=call.response_url).encode(services.signer)
        _ask_about(services, call, modals.reschedule(
            call.t("booking {uid}", uid=cmd.uid), metadata=meta, t=call.t),
            "reschedule", cmd.uid)
        return
    call.say(call.t("Rescheduling…"))
    tz, locale = services.zones.profile(call.client, call.team, call.user)
    old, new = services.calbot.reschedule(call.team, call.user, cmd.uid, cmd.when, tz, locale)
    call.reply(bk.rescheduled(old, new, call.t))


def slots(services: Services, call: CommandCall, cmd: parse.Slots) -> None:
    if not _connected(services, call):
        return
    call.say(call.t("Looking for free slots…"))
    calbot = services.calbot
    types = calbot.event_types(call.team, call.user)
    words = frozenset(t.slug.lower() for t in types)
    cmd = parse.parse_slots(call.text.partition(" ")[2], words)
    matches = calbot.find_event_type(call.team, call.user, cmd.event_type)
    if len(matches) > 1:
        call.reply(bk.pick_event_type(
            matches, ids.SLOTS_EVENT_TYPE,
            [TypeAndDay(t.id, cmd.day).encode(services.signer) for t in matches],
            call.t("Which event type?")))
        return
    call.reply(slots_message(services, call.client, call.team, call.user, matches[0], cmd.day))


def notify(services: Services, call: CommandCall, cmd: parse.Notify) -> None:
    if not _connected(services, call):
        return
    if cmd.me:
        day.notify_me(services, call, cmd)
        return
    calbot = services.calbot
    if cmd.action == "list":
        subs = calbot.subscriptions(call.team, call.user)
        if not subs:
            call.say(call.t("You have no channel notifications. Add one with "
                            "`{command} notify #channel`.", command=call.command))
            return
        lines = [f"• {call.t('your DMs') if s.channel.startswith('D') else f'<#{s.channel}>'}: "
                 f"{', '.join(sorted(s.events))}" for s in subs]
        call.say(call.t("Your bookings are posted to:") + "\n" + "\n".join(lines))
        return
    if cmd.action == "off":
        removed = calbot.unsubscribe(call.team, call.user, cmd.channel)
        if cmd.channel:
            channel = cmd.channel
            call.say(call.t("Stopped posting to <#{channel}>.", channel=channel) if removed
                     else call.t("You had no notifications in <#{channel}>.", channel=channel))
        else:
            call.say(call.t("Stopped posting to any channel.") if removed
                     else call.t("You had no notifications in any channel."))
        return
    if cmd.channel is None:
        raise AssertionError("parse_notify names a channel for a subscription")
    call.say(call.t("Checking the channel…"))
    ensure_postable(call.client, cmd.channel)
    calbot.subscribe(call.team, call.user, cmd.channel, set(cmd.events))
    call.reply({"text": call.t("I'll post {events} bookings to <#{channel}>. Stop with "
                               "`{command} notify off <#{channel}>`.",
                               events=", ".join(sorted(cmd.events)), channel=cmd.channel,
                               command=call.command)})


HANDLERS: dict[type, Callable[[Services, CommandCall, Any], None]] = {
    parse.Help: help_, parse.Unknown: unknown, parse.Connect: connect,
    parse.Disconnect: disconnect, parse.Book: book, parse.ListBookings: list_,
    parse.Pending: pending, parse.Cancel: cancel, parse.Reschedule: reschedule,
    parse.Slots: slots, parse.Notify: notify, parse.Agenda: day.agenda,
    parse.Remind: day.remind,
    **details.HANDLERS,
    parse.TeammateSlots: teammates.teammate_slots, parse.TeammateBook: teammates.teammate_book,
    parse.Link: teammates.link,
}
