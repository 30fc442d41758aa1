"""Shortcuts: **Schedule a meeting** on a message (its author and the people it mentions are
the attendees) and **Book a meeting** from anywhere. Both open the presser's own booking form;
someone with no Cal.com of their own who picks a connected teammate's message gets that
teammate's booking form instead, as its attendee."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from blockkit import modals
from blockkit.values import FormState
from bot.listeners.teammates import host_form
from bot.people import attendee_of
from bot.replies import actor, open_view, services_of
from bot.screens import BOOK_TITLE, book_view
from commands.errors import NotConnected, user_message
from commands.teammates import Host

_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
MAX_PEOPLE = 11  # the attendee and at most 10 guests


def people_in(message: dict[str, Any]) -> list[str]:
    """The message's author, then everyone it mentions, once each, in order."""
    found: list[str] = []
    if isinstance(message.get("user"), str):
        found.append(message["user"])
    found += _MENTION.findall(message.get("text") or "")

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "user" and isinstance(node.get("user_id"), str):
                found.append(node["user_id"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(message.get("blocks") or [])
    return list(dict.fromkeys(found))


def _prefill(client: WebClient, presser: str, people: list[str]) -> str:
    """`with Name email guest…` for the booking form (the presser is the host, not a guest)."""
    found = [attendee_of(client, p) for p in people if p != presser][:MAX_PEOPLE]
    emails = [(a.name, a.email) for a in found if a is not None and a.email]
    if not emails:
        return ""
    name = " ".join(re.sub(r"[<>(),;@]|\band\b|\bwith\b", " ", emails[0][0]).split())
    return " ".join(["with", name, *(email for _, email in emails)])


def _open(client: WebClient, context: BoltContext, body: dict[str, Any],
          people: list[str]) -> None:
    services = services_of(context)
    team, user = actor(context, body)
    view_id = open_view(client, body.get("trigger_id") or "", modals.loading(BOOK_TITLE))
    if view_id is None:
        return
    channel = (body.get("channel") or {}).get("id")
    if not services.calbot.is_connected(team, user):
        author = people[0] if people and people[0] != user else None
        if author and services.calbot.is_connected(team, author):
            # no Cal.com of their own: book the author's page instead, as its attendee
            view = host_form(services, client, team, user, Host(slack_user=author),
                             response_url=body.get("response_url"), channel=channel)
        else:
            view = modals.message(BOOK_TITLE, user_message(NotConnected()))
        client.views_update(view_id=view_id, view=view)
        return
    view = book_view(services, client, team, user, _prefill(client, user, people),
                     FormState(ch=channel, r=body.get("response_url")))
    client.views_update(view_id=view_id, view=view)


def on_schedule_message(ack: Ack, body: dict[str, Any], client: WebClient,
                        context: BoltContext) -> None:
    ack()
    _open(client, context, body, people_in(body.get("message") or {}))


def on_book_anywhere(ack: Ack, body: dict[str, Any], client: WebClient,
                     context: BoltContext) -> None:
    ack()
    _open(client, context, body, [])
