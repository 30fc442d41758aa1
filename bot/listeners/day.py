"""Your day in Slack: `/cal agenda`, `/cal remind`, `/cal notify me`, the Home tab's settings
controls, and the user's zone following their Slack profile (`user_change`)."""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from blockkit import day as bd
from bot.hometab import publish_home
from bot.replies import CommandCall, Press, actor, pressed, services_of
from bot.services import Services
from calcom import errors as cal
from commands import parse
from commands.errors import NotConnected

log = logging.getLogger(__name__)
Body = dict[str, Any]


def _connected(services: Services, team: str, user: str) -> None:
    if not services.calbot.is_connected(team, user):
        raise NotConnected()


# ---- commands ------------------------------------------------------------------------------


def agenda(services: Services, call: CommandCall, cmd: parse.Agenda) -> None:
    _connected(services, call.team, call.user)
    day = services.day
    if cmd.action == "off":
        day.set_agenda(call.team, call.user, None)
        call.say(bd.agenda_reply(None, ""))
        return
    tz = services.zones.of(call.client, call.team, call.user)
    if cmd.action == "on":
        day.set_agenda(call.team, call.user, cmd.at)
        call.say(bd.agenda_reply(cmd.at, tz))
        return
    call.say("Reading today's bookings from Cal.com…")
    shown = day.agenda(call.team, call.user, tz)
    call.reply(bd.agenda(shown.day, shown.today, shown.pending, command=call.command))


def remind(services: Services, call: CommandCall, cmd: parse.Remind) -> None:
    _connected(services, call.team, call.user)
    day = services.day
    if cmd.action == "show":
        call.say(bd.remind_reply(day.settings(call.team, call.user).remind_min))
        return
    minutes = cmd.minutes if cmd.action == "on" else None
    was = day.settings(call.team, call.user).remind_min
    day.set_remind(call.team, call.user, minutes)
    call.say(bd.remind_reply(minutes))
    if minutes is not None and was is None:
        _seed(services, call.client, call.team, call.user)


def _seed(services: Services, client: WebClient, team: str, user: str) -> None:
    """Reminders just turned on: one Cal.com list plans those of the bookings ahead (the daily
    run and what calbot hears of keep them up to date afterwards)."""
    tz = services.zones.of(client, team, user)
    try:
        services.day.agenda(team, user, tz)
    except cal.CalcomError as error:
        log.info("day: reminders on, but the bookings could not be read yet (%s)",
                 type(error).__name__)


def _dm_channel(client: WebClient, user: str) -> str:
    answer = client.conversations_open(users=user)
    return str((answer.get("channel") or {}).get("id") or "")


def notify_me(services: Services, call: CommandCall, cmd: parse.Notify) -> None:
    """`/cal notify me [events]`: the notices of `/cal notify`, in the user's own DM."""
    _connected(services, call.team, call.user)
    calbot = services.calbot
    mine = [s for s in calbot.subscriptions(call.team, call.user) if s.channel.startswith("D")]
    if cmd.action == "off":
        for sub in mine:
            calbot.unsubscribe(call.team, call.user, sub.channel)
        call.say("Stopped sending notices to your DMs." if mine
                 else "You had no notices in your DMs.")
        return
    channel = mine[0].channel if mine else _dm_channel(call.client, call.user)
    calbot.subscribe(call.team, call.user, channel, set(cmd.events))
    call.say(f"I'll DM you {', '.join(sorted(cmd.events))} bookings. Stop with "
             f"`{call.command} notify off me`.")


# ---- Home tab controls ---------------------------------------------------------------------


def _selected_time(body: Body) -> str | None:
    action = (body.get("actions") or [{}])[0]
    picked = action.get("selected_time")
    return str(picked) if picked else None


def _changed(services: Services, press: Press) -> None:
    publish_home(services, press.client, press.team, press.user)


def on_agenda_time(ack: Ack, body: Body, respond: Respond, client: WebClient,
                   context: BoltContext) -> None:
    services = services_of(context)
    with pressed(ack, body, respond, client, context) as press:
        _connected(services, press.team, press.user)
        picked = _selected_time(body)
        if picked is None:
            return
        services.day.set_agenda(press.team, press.user, parse.read_clock_time(picked))
        _changed(services, press)


def on_agenda_toggle(ack: Ack, body: Body, respond: Respond, client: WebClient,
                     context: BoltContext) -> None:
    services = services_of(context)
    with pressed(ack, body, respond, client, context) as press:
        _connected(services, press.team, press.user)
        at = parse.DEFAULT_AGENDA_AT if press.value == "on" else None
        services.day.set_agenda(press.team, press.user, at)
        _changed(services, press)


def on_remind_pick(ack: Ack, body: Body, respond: Respond, client: WebClient,
                   context: BoltContext) -> None:
    services = services_of(context)
    with pressed(ack, body, respond, client, context) as press:
        _connected(services, press.team, press.user)
        chosen = parse.parse_remind(press.value)
        minutes = chosen.minutes if chosen.action == "on" else None
        was = services.day.settings(press.team, press.user).remind_min
        services.day.set_remind(press.team, press.user, minutes)
        if minutes is not None and was is None:
            _seed(services, client, press.team, press.user)
        _changed(services, press)


def on_notify_me(ack: Ack, body: Body, respond: Respond, client: WebClient,
                 context: BoltContext) -> None:
    services = services_of(context)
    with pressed(ack, body, respond, client, context) as press:
        _connected(services, press.team, press.user)
        events = set(parse.NOTIFY_EVENTS)
        services.calbot.subscribe(press.team, press.user, _dm_channel(client, press.user),
                                  events)
        _changed(services, press)


def on_notify_off(ack: Ack, body: Body, respond: Respond, client: WebClient,
                  context: BoltContext) -> None:
    services = services_of(context)
    with pressed(ack, body, respond, client, context) as press:
        services.calbot.unsubscribe(press.team, press.user, press.value or None)
        _changed(services, press)


def on_join(ack: Ack) -> None:
    """A Join button opens its URL in the browser; Slack still tells the app: ack it."""
    ack()


# ---- the zone follows the Slack profile ----------------------------------------------------


def on_user_change(event: Body, body: Body, context: BoltContext) -> None:
    services = services_of(context)
    team, _ = actor(context, body)
    user = event.get("user") or {}
    uid, tz = user.get("id"), user.get("tz")
    if not uid or not tz:
        return
    try:
        ZoneInfo(str(tz))
    except (ZoneInfoNotFoundError, ValueError):
        return
    services.calbot.store.set_time_zone(team, str(uid), str(tz))
