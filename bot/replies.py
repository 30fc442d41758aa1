"""How calbot answers in Slack: the reply helpers every listener uses.

A command is answered through its ``ack`` and then its ``response_url`` (only the caller sees
it); a button's outcome replaces the message that held it (or re-publishes Home); a modal opens
with ``views.open`` before anything slow happens.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from blockkit.values import BookingChoice, FormState
from bot.hometab import publish_home
from bot.services import Services
from commands.errors import user_message
from i18n import N_, Translator

log = logging.getLogger(__name__)

SERVICES_KEY = "calbot_services"
EXPIRED = N_("Slack's window for opening the form closed before I could — run "
             "`{command} {word}` again.")
_EXPIRED_CODES = ("expired_trigger_id", "invalid_trigger_id", "trigger_expired")


def provide(services: Services) -> Callable[[BoltContext, Callable[[], None]], None]:
    """Bolt middleware: every listener finds calbot's services in its context."""
    def middleware(context: BoltContext, next: Callable[[], None]) -> None:
        context[SERVICES_KEY] = services
        next()
    return middleware


def services_of(context: BoltContext) -> Services:
    found = context.get(SERVICES_KEY)
    if not isinstance(found, Services):
        raise RuntimeError("calbot's services are not in the Bolt context (register() wires it)")
    return found


def speech(services: Services, client: WebClient, team: str, user: str) -> Translator:
    """How to write to this user: their Slack language (English otherwise) and its dates."""
    return services.zones.translator(client, team, user)


def actor(context: BoltContext, body: dict[str, Any]) -> tuple[str, str]:
    """(workspace id, user id). Org-wide installs have no team: the enterprise id keys them."""
    team = context.team_id or context.enterprise_id or body.get("team_id") or ""
    user = context.user_id or (body.get("user") or {}).get("id") or body.get("user_id") or ""
    return str(team), str(user)


def open_view(client: WebClient, trigger_id: str, view: dict[str, Any]) -> str | None:
    """views.open; returns the view id, or None when the trigger expired."""
    try:
        return str(client.views_open(trigger_id=trigger_id, view=view)["view"]["id"])
    except SlackApiError as error:
        if error.response.get("error") in _EXPIRED_CODES:
            return None
        raise


@dataclass
class CommandCall:
    """One `/cal …` request and the ways to answer it."""

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
    translator: Callable[[], Translator] = field(repr=False)

    @classmethod
    def of(cls, ack: Ack, respond: Respond, client: WebClient, context: BoltContext,
           body: dict[str, Any]) -> CommandCall:
        team, user = actor(context, body)
        services = services_of(context)
        return cls(ack, respond, client, team, user, body.get("command") or "/cal",
                   body.get("trigger_id", ""), body.get("channel_id"), body.get("response_url"),
                   (body.get("text") or "").strip(),
                   lambda: speech(services, client, team, user))

    @cached_property
    def t(self) -> Translator:
        """The caller's language (one users.info the first time in a day, then the store)."""
        return self.translator()

    def named(self, text: str) -> str:
        """The sentence with the command as this workspace installed it (not always `/cal`)."""
        return text.replace("`/cal ", f"`{self.command} ").replace("`/cal`", f"`{self.command}`")

    def say(self, text: str) -> None:
        """Acknowledge with a message only the caller sees."""
        self.ack(response_type="ephemeral", text=self.named(text))

    def reply(self, message: dict[str, Any]) -> None:
        """After the ack: replace the loading line with the answer (only the caller sees it)."""
        self.respond(replace_original=True, response_type="ephemeral", **message)

    def failed(self, error: BaseException) -> None:
        """One sentence (a bug is logged with its traceback by the error table), with what was
        typed so nothing is lost."""
        typed = f"\n> `{self.command} {self.text}`" if self.text else ""
        text = self.named(user_message(error, self.t)) + typed
        if self.ack.response is None:
            self.say(text)
        else:
            self.reply({"text": text})

    def open_modal(self, view: dict[str, Any], word: str) -> str | None:
        """Ack, then views.open at once; when Slack's window closed, say how to retry."""
        self.ack()
        view_id = open_view(self.client, self.trigger_id, view)
        if view_id is None:
            self.reply({"text": self.t(EXPIRED, command=self.command, word=word)})
        return view_id


def origin_of(body: dict[str, Any]) -> FormState:
    """Where a button was, so the outcome can replace it: a message, ephemeral or Home."""
    container = body.get("container") or {}
    return FormState(
        ch=container.get("channel_id") or (body.get("channel") or {}).get("id"),
        ts=None if container.get("is_ephemeral") else container.get("message_ts"),
        r=body.get("response_url"),
        home=(body.get("view") or {}).get("type") == "home" or None,
    )


def show_outcome(services: Services, client: WebClient, respond: Respond | None, team: str,
                 user: str, origin: FormState, message: dict[str, Any]) -> None:
    """Edit the message that held the button in place; re-publish Home; else reply privately."""
    if origin.home:
        publish_home(services, client, team, user)
    elif origin.ch and origin.ts:
        client.chat_update(channel=origin.ch, ts=origin.ts, **message)
    elif origin.r and respond is not None:
        respond(replace_original=True, **message)
    elif origin.r:
        WebhookClient(origin.r).send(replace_original=True, **message)
    elif origin.ch:
        client.chat_postEphemeral(channel=origin.ch, user=user, **message)


def say_privately(response_url: str, message: dict[str, Any]) -> None:
    """A private record in the conversation after a modal closed (the modal showed it too)."""
    try:
        response = WebhookClient(response_url).send(response_type="ephemeral", **message)
    except OSError as error:  # Slack unreachable: the modal already showed the outcome
        log.info("could not post the outcome to the conversation (%s)", type(error).__name__)
        return
    if response.status_code != 200:
        log.info("could not post the outcome to the conversation (%s)", response.status_code)


@dataclass
class Press:
    """A button press or select: who, where, and how to tell them it failed."""

    body: dict[str, Any]
    respond: Respond
    client: WebClient
    team: str
    user: str
    translator: Callable[[], Translator] = field(repr=False)

    @cached_property
    def t(self) -> Translator:
        return self.translator()

    @property
    def value(self) -> str:
        action = self.body["actions"][0]
        picked = action.get("selected_option") or {}
        return str(picked.get("value") or action.get("value") or "")

    @property
    def uid(self) -> str:
        """The booking a per-booking button or overflow option is about."""
        return BookingChoice.decode(self.value).uid

    @property
    def trigger_id(self) -> str:
        return str(self.body.get("trigger_id") or "")

    @property
    def origin(self) -> FormState:
        return origin_of(self.body)

    def tell(self, text: str) -> None:
        origin = self.origin
        if origin.r:
            self.respond(text=text, replace_original=False, response_type="ephemeral")
        elif origin.ch:
            self.client.chat_postEphemeral(channel=origin.ch, user=self.user, text=text)
        else:
            self.client.chat_postMessage(channel=self.user, text=text)


@contextmanager
def pressed(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient,
            context: BoltContext) -> Iterator[Press]:
    """Ack at once; any failure after it becomes one sentence to the presser."""
    ack()
    team, user = actor(context, body)
    services = services_of(context)
    press = Press(body, respond, client, team, user, lambda: speech(services, client, team, user))
    try:
        yield press
    except Exception as error:
        press.tell(user_message(error, press.t))
