"""`/cal …`: ack at once, read the text, call a service, render the answer."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from blockkit import bookings as bk
from blockkit import home, ids, modals
from bot.channels import ensure_postable
from bot.payloads import actor, metadata
from bot.screens import book_view, name_the_booking, slots_message
from bot.services import Services
from calcom import mask_key
from commands import parse
from commands.errors import NotConnected, user_message

log = logging.getLogger(__name__)


@dataclass
class Call:
    ack: Ack
    respond: Respond
    client: WebClient
    team: str
    user: str
    command: str
    trigger_id: str
    channel: str | None
    response_url: str | None
    text: str

    def say(self, text: str) -> None:
        """Acknowledge with a message only the caller sees."""
        self.ack(response_type="ephemeral", text=text)


def _reply(call: Call, message: dict[str, Any]) -> None:
    call.respond(replace_original=True, response_type="ephemeral", **message)


def _fail(call: Call, error: BaseException, typed: str = "") -> None:
    """After the ack: replace the loading message with the sentence (and what was typed, so
    nothing is lost)."""
    call.respond(text=user_message(error) + typed, replace_original=True,
                 response_type="ephemeral")


def open_view(client: WebClient, trigger_id: str, view: dict[str, Any]) -> str | None:
    """views.open; returns the view id, or None when the trigger expired."""
    try:
        return str(client.views_open(trigger_id=trigger_id, view=view)["view"]["id"])
    except SlackApiError as error:
        if error.response.get("error") in ("expired_trigger_id", "invalid_trigger_id",
                                           "trigger_expired"):
            return None
        raise


EXPIRED = ("Slack's window for opening the form closed before I could — run `{command} {word}` "
           "again.")


def register(app: App, services: Services) -> None:
    calbot = services.calbot

    def connected_or_say(call: Call) -> bool:
        if calbot.is_connected(call.team, call.user):
            return True
        call.say(user_message(NotConnected()))
        return False

    def pick_from_list(call: Call) -> None:
        """`/cal cancel` or `/cal reschedule` with no booking: the list's buttons pick one."""
        call.say("Fetching your bookings…")
        found = calbot.bookings(call.team, call.user, "upcoming")
        _reply(call, bk.booking_list(found, "upcoming", calbot.now()))

    def ask_in_modal(call: Call, view: dict[str, Any], word: str,
                     uid: str | None = None) -> None:
        """Open the modal at once; then, for a booking, name it (title, time) from Cal.com."""
        call.ack()
        view_id = open_view(call.client, call.trigger_id, view)
        if view_id is None:
            _reply(call, {"text": EXPIRED.format(command=call.command, word=word)})
        elif uid:
            name_the_booking(services, call.client, call.team, call.user, uid, view_id, view)

    def help_(call: Call, cmd: parse.Help) -> None:
        call.ack(response_type="ephemeral", **home.help_message(call.command))

    def unknown(call: Call, cmd: parse.Unknown) -> None:
        call.say(f"I don't know `{cmd.word}` — here's what I can do:\n\n"
                      + home.help_text(call.command))

    def connect(call: Call, cmd: parse.Connect) -> None:
        current = calbot.store.connection(call.team, call.user)
        ask_in_modal(call, modals.connect(
            masked_key=mask_key(current.api_key) if current else None,
            api_url=current.api_url if current else None), "connect")

    def disconnect(call: Call, cmd: parse.Disconnect) -> None:
        call.say("Disconnecting…")
        was = calbot.disconnect(call.team, call.user)
        services.notices.forget_user(call.team, call.user)
        _reply(call, {"text": "Disconnected: your Cal.com key and everything calbot kept for you "
                              "are gone." if was else "You weren't connected — nothing to do."})

    def book(call: Call, cmd: parse.Book) -> None:
        if not connected_or_say(call):
            return
        call.ack()
        view_id = open_view(call.client, call.trigger_id, modals.loading("Book a meeting"))
        if view_id is None:
            _reply(call, {"text": EXPIRED.format(command=call.command, word="book")})
            return
        try:
            tz = services.zones.of(call.client, call.team, call.user)
            types = calbot.event_types(call.team, call.user)
            view = book_view(services, call.team, call.user, tz, types, call.text,
                             channel=call.channel, response_url=call.response_url)
        except Exception as error:
            view = modals.message("Book a meeting", user_message(error))
        call.client.views_update(view_id=view_id, view=view)

    def list_(call: Call, cmd: parse.ListBookings) -> None:
        if not connected_or_say(call):
            return
        call.say("Fetching your bookings from Cal.com…")
        found = calbot.bookings(call.team, call.user, cmd.status)
        _reply(call, bk.booking_list(found, cmd.status, calbot.now()))

    def pending(call: Call, cmd: parse.Pending) -> None:
        if not connected_or_say(call):
            return
        call.say("Looking for bookings awaiting your approval…")
        _reply(call, bk.pending_list(calbot.pending(call.team, call.user), calbot.now()))

    def about_a_booking(call: Call, uid: str | None) -> bool:
        """Connected, and a booking named that is theirs; else they're told or shown the list
        to pick one from."""
        if not connected_or_say(call):
            return False
        if uid is None:
            pick_from_list(call)
            return False
        calbot.owner_check(call.team, call.user, uid)
        return True

    def cancel(call: Call, cmd: parse.Cancel) -> None:
        if not about_a_booking(call, cmd.uid):
            return
        assert cmd.uid is not None
        if cmd.reason is None:
            ask_in_modal(call, modals.reason(
                ids.CANCEL_VIEW, None, cmd.uid, required=True,
                metadata=metadata(uid=cmd.uid, r=call.response_url)), "cancel", cmd.uid)
            return
        call.say(f"Cancelling `{cmd.uid}`…")
        booking = calbot.cancel(call.team, call.user, cmd.uid, cmd.reason)
        _reply(call, bk.cancelled(cmd.uid, booking, cmd.reason))

    def reschedule(call: Call, cmd: parse.Reschedule) -> None:
        if not about_a_booking(call, cmd.uid):
            return
        assert cmd.uid is not None
        if cmd.when is None:
            ask_in_modal(call, modals.reschedule(
                f"booking {cmd.uid}", metadata=metadata(uid=cmd.uid, r=call.response_url)),
                "reschedule", cmd.uid)
            return
        call.say("Rescheduling…")
        tz = services.zones.of(call.client, call.team, call.user)
        old, new = calbot.reschedule(call.team, call.user, cmd.uid, cmd.when, tz)
        _reply(call, bk.rescheduled(old, new))

    def slots(call: Call, cmd: parse.Slots) -> None:
        if not connected_or_say(call):
            return
        call.say("Looking for free slots…")
        tz = services.zones.of(call.client, call.team, call.user)
        types = calbot.event_types(call.team, call.user)
        words = frozenset(t.slug.lower() for t in types)
        cmd = parse.parse_slots(call.text.partition(" ")[2], words)
        matches = calbot.find_event_type(call.team, call.user, cmd.event_type)
        if len(matches) > 1:
            _reply(call, bk.pick_event_type(
                matches, ids.SLOTS_EVENT_TYPE, [f"{t.id}|{cmd.day or ''}" for t in matches],
                "Which event type?"))
            return
        _reply(call, slots_message(services, call.team, call.user, matches[0], cmd.day, tz))

    def notify(call: Call, cmd: parse.Notify) -> None:
        if not connected_or_say(call):
            return
        store = calbot.store
        if cmd.action == "list":
            subs = store.subscriptions(call.team, call.user)
            if not subs:
                call.say("You have no channel notifications. Add one with "
                              f"`{call.command} notify #channel`.")
                return
            lines = [f"• <#{s.channel}>: {', '.join(sorted(s.events))}" for s in subs]
            call.say("Your bookings are posted to:\n" + "\n".join(lines))
            return
        if cmd.action == "off":
            removed = store.unsubscribe(call.team, call.user, cmd.channel)
            where = f"<#{cmd.channel}>" if cmd.channel else "any channel"
            call.say(f"Stopped posting to {where}." if removed
                     else f"You had no notifications in {where}.")
            return
        call.say("Checking the channel…")
        assert cmd.channel is not None  # parse_notify guarantees it for subscribe
        ensure_postable(call.client, cmd.channel)
        store.subscribe(call.team, call.user, cmd.channel, set(cmd.events))
        _reply(call, {"text": f"I'll post {', '.join(sorted(cmd.events))} bookings to "
                              f"<#{cmd.channel}>. Stop with `{call.command} notify off "
                              f"<#{cmd.channel}>`."})

    handlers: dict[type, Callable[[Call, Any], None]] = {
        parse.Help: help_, parse.Unknown: unknown, parse.Connect: connect,
        parse.Disconnect: disconnect, parse.Book: book, parse.ListBookings: list_,
        parse.Pending: pending, parse.Cancel: cancel, parse.Reschedule: reschedule,
        parse.Slots: slots, parse.Notify: notify,
    }

    @app.command(re.compile(r"^/"))  # the app has one command; its name is the operator's
    def on_command(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient,
                   context: BoltContext) -> None:
        team, user = actor(context, body)
        call = Call(ack, respond, client, team, user, body.get("command") or "/cal",
                    body.get("trigger_id", ""), body.get("channel_id"), body.get("response_url"),
                    (body.get("text") or "").strip())
        try:
            cmd = parse.parse_command(call.text)
            handlers[type(cmd)](call, cmd)
        except Exception as error:
            if not isinstance(error, parse.CommandError):
                log.info("command failed: %s", type(error).__name__, exc_info=_unexpected(error))
            typed = f"\n> `{call.command} {call.text}`" if call.text else ""
            if call.ack.response is None:
                call.say(user_message(error) + typed)
            else:
                _fail(call, error, typed)


def _unexpected(error: BaseException) -> bool:
    from calcom.errors import CalcomError
    from commands.errors import CalbotError

    return not isinstance(error, (CalcomError, CalbotError))
