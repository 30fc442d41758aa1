"""Buttons and selects: confirm, decline, cancel, reschedule, book a slot, open a modal."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from blockkit import bookings as bk
from blockkit import ids, modals
from bot.hometab import publish_home
from bot.listeners.commands import open_view
from bot.payloads import actor, metadata, read_metadata, value_of
from bot.screens import book_view, name_the_booking, slots_message
from bot.services import Services
from calcom import mask_key
from commands.errors import NotConnected, user_message

log = logging.getLogger(__name__)


def _origin(body: dict[str, Any]) -> dict[str, Any]:
    """Where the button was, so the outcome can replace it: a message, ephemeral or Home."""
    container = body.get("container") or {}
    return {
        "ch": container.get("channel_id") or (body.get("channel") or {}).get("id"),
        "ts": None if container.get("is_ephemeral") else container.get("message_ts"),
        "r": body.get("response_url"),
        "home": (body.get("view") or {}).get("type") == "home" or None,
    }


def show_outcome(services: Services, client: WebClient, respond: Respond | None, team: str,
                 user: str, origin: dict[str, Any], message: dict[str, Any]) -> None:
    """Edit the message that held the button in place; re-publish Home; else reply privately."""
    if origin.get("home"):
        publish_home(services, client, team, user)
        return
    if origin.get("ch") and origin.get("ts"):
        client.chat_update(channel=origin["ch"], ts=origin["ts"], **message)
        return
    if origin.get("r") and respond is not None:
        respond(replace_original=True, **message)
        return
    if origin.get("r"):
        from slack_sdk.webhook import WebhookClient

        WebhookClient(origin["r"]).send(replace_original=True, **message)
        return
    if origin.get("ch"):
        client.chat_postEphemeral(channel=origin["ch"], user=user, **message)


def register(app: App, services: Services) -> None:
    calbot = services.calbot

    def fail(respond: Respond, client: WebClient, body: dict[str, Any], user: str,
             error: BaseException) -> None:
        text = user_message(error)
        origin = _origin(body)
        if origin["r"]:
            respond(text=text, replace_original=False, response_type="ephemeral")
        elif origin["ch"]:
            client.chat_postEphemeral(channel=origin["ch"], user=user, text=text)
        else:
            client.chat_postMessage(channel=user, text=text)

    def guarded(handler):
        def run(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient,
                context: BoltContext) -> None:
            ack()
            team, user = actor(context, body)
            try:
                handler(body=body, respond=respond, client=client, team=team, user=user)
            except Exception as error:
                log.info("action failed: %s", type(error).__name__)
                fail(respond, client, body, user, error)
        run.__name__ = handler.__name__
        return run

    def booking_uid(body: dict[str, Any]) -> str:
        return str(body["actions"][0].get("value") or "")

    @app.action(ids.matching(ids.CONFIRM))
    @guarded
    def confirm(body, respond, client, team, user):
        uid = booking_uid(body)
        calbot.owner_check(team, user, uid)
        booking = calbot.confirm(team, user, uid)
        show_outcome(services, client, respond, team, user, _origin(body),
                     bk.decided(booking, "Confirmed", user))

    def open_reason(callback_id: str, required: bool):
        def handler(body, respond, client, team, user):
            uid = booking_uid(body)
            calbot.owner_check(team, user, uid)
            meta = metadata(uid=uid, **_origin(body))
            view = modals.reason(callback_id, None, uid, metadata=meta, required=required)
            view_id = open_view(client, body["trigger_id"], view)
            if view_id:
                name_the_booking(services, client, team, user, uid, view_id, view)
        handler.__name__ = f"open_{callback_id}"
        return handler

    app.action(ids.matching(ids.DECLINE))(guarded(open_reason(ids.DECLINE_VIEW, required=False)))
    app.action(ids.matching(ids.CANCEL))(guarded(open_reason(ids.CANCEL_VIEW, required=True)))

    @app.action(ids.matching(ids.RESCHEDULE))
    @guarded
    def reschedule(body, respond, client, team, user):
        uid = booking_uid(body)
        calbot.owner_check(team, user, uid)
        view = modals.reschedule(f"booking {uid}", metadata=metadata(uid=uid, **_origin(body)))
        view_id = open_view(client, body["trigger_id"], view)
        if view_id:
            name_the_booking(services, client, team, user, uid, view_id, view)

    def open_book(body: dict[str, Any], client: WebClient, team: str, user: str,
                  event_type_id: int | None = None, when: str | None = None) -> None:
        if not calbot.is_connected(team, user):
            raise NotConnected()
        view_id = open_view(client, body["trigger_id"], modals.loading("Book a meeting"))
        if view_id is None:
            return
        try:
            tz = services.zones.of(client, team, user)
            types = calbot.event_types(team, user)
            origin = _origin(body)
            view = book_view(services, team, user, tz, types, "", channel=origin["ch"],
                             response_url=origin["r"], event_type_id=event_type_id, when=when,
                             home=origin["home"])
        except Exception as error:
            view = modals.message("Book a meeting", user_message(error))
        client.views_update(view_id=view_id, view=view)

    @app.action(ids.matching(ids.BOOK_SLOT))
    @guarded
    def book_slot(body, respond, client, team, user):
        event_type_id, _, wall = booking_uid(body).partition("|")
        open_book(body, client, team, user, int(event_type_id), wall)

    @app.action(ids.OPEN_BOOK)
    @guarded
    def open_book_button(body, respond, client, team, user):
        open_book(body, client, team, user)

    @app.action(ids.OPEN_CONNECT)
    @guarded
    def open_connect(body, respond, client, team, user):
        current = calbot.store.connection(team, user)
        open_view(client, body["trigger_id"], modals.connect(
            masked_key=mask_key(current.api_key) if current else None,
            api_url=current.api_url if current else None,
            metadata=metadata(home=_origin(body)["home"])))

    @app.action(ids.SLOTS_EVENT_TYPE)
    @guarded
    def pick_slots_type(body, respond, client, team, user):
        chosen = body["actions"][0]["selected_option"]["value"]
        event_type_id, _, day = chosen.partition("|")
        tz = services.zones.of(client, team, user)
        event_type = next(t for t in calbot.event_types(team, user)
                          if str(t.id) == event_type_id)
        respond(replace_original=True,
                **slots_message(services, team, user, event_type, day or None, tz))

    @app.action(ids.WHEN)
    def preview_when(ack: Ack, body: dict[str, Any], client: WebClient,
                     context: BoltContext) -> None:
        ack()
        team, user = actor(context, body)
        view = body["view"]
        text = value_of(view, ids.WHEN) or ""
        meta = read_metadata(view)
        tz = meta.get("tz") or services.zones.of(client, team, user)
        shown = problem = None
        try:
            shown = calbot.preview(text, tz).shown
        except Exception as error:
            problem = user_message(error)
        meta.update(tz=tz, p=text if shown else None)
        client.views_update(view_id=view["id"], hash=view.get("hash"),
                            view=modals.with_preview(view, shown, problem, text,
                                                     metadata(**meta)))
