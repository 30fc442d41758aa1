"""Events: the Home tab opening, and the app or a user's tokens leaving a workspace."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.hometab import publish_home
from bot.replies import actor, services_of

log = logging.getLogger(__name__)


def on_home_opened(event: dict[str, Any], body: dict[str, Any], client: WebClient,
                   context: BoltContext) -> None:
    if event.get("tab", "home") != "home":
        return
    team, _ = actor(context, body)
    publish_home(services_of(context), client, team, event["user"], loading="view" not in event)


def on_uninstalled(body: dict[str, Any], context: BoltContext) -> None:
    services = services_of(context)
    team, _ = actor(context, body)
    services.forget_team(team)
    if services.installations is not None:
        services.installations.delete_all(enterprise_id=context.enterprise_id,
                                          team_id=context.team_id)
    log.info("app uninstalled from a workspace; its data is forgotten")


def on_tokens_revoked(event: dict[str, Any], body: dict[str, Any],
                      context: BoltContext) -> None:
    services = services_of(context)
    team, _ = actor(context, body)
    tokens = event.get("tokens") or {}
    if tokens.get("bot"):
        services.forget_team(team)
        if services.installations is not None:
            services.installations.delete_bot(enterprise_id=context.enterprise_id,
                                              team_id=context.team_id)
    for user in tokens.get("oauth") or []:
        services.forget_user(team, user)
