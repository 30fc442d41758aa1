"""The Bolt app factory: the same function builds production and the end-to-end tests' app."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_bolt.oauth import OAuthFlow
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot import logfilter
from bot.listeners import register
from bot.oauth import Installations
from bot.retries import once_per_event
from bot.services import Services
from bot.settings import Settings

log = logging.getLogger(__name__)
LISTENER_THREADS = 64


def _slack_logger() -> logging.Logger:
    logger = logging.getLogger("calbot.slack")
    if not any(isinstance(f, _QuietTokenNotice) for f in logger.filters):
        logger.addFilter(_QuietTokenNotice())
    logfilter.install(logger)  # before the app: Bolt copies these filters to its loggers
    return logger


def slack_client(settings: Settings, token: str | None = None) -> WebClient:
    """Web API client. Slack 429s are retried (after the ack: listeners ack first)."""
    client = WebClient(token=token, base_url=settings.SLACK_API_URL, timeout=10)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    return client


class SlackClients:
    """The bot client for a workspace: the one bot token, or (multi-workspace mode) the
    workspace's own installation's token."""

    def __init__(self, settings: Settings, installations: Installations | None):
        self.settings = settings
        self.installations = installations
        self.default = slack_client(settings, None if installations else settings.secret(
            "SLACK_BOT_TOKEN"))

    def for_team(self, team_id: str) -> WebClient:
        if self.installations is None:
            return self.default
        bot = self.installations.find_bot_for_team(team_id)
        return slack_client(self.settings, bot.bot_token if bot else None)


class _QuietTokenNotice(logging.Filter):
    """Bolt peeks at SLACK_BOT_TOKEN in the environment and warns that our client wins; it does,
    by design (the client carries SLACK_API_URL), so that notice is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def new_listener_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="calbot-listener")


def create_app(settings: Settings, services: Services, clients: SlackClients,
               oauth: OAuthFlow | None = None,
               listener_pool: ThreadPoolExecutor | None = None) -> App:
    """``listener_pool`` runs the listeners (give it to wait for them at a stop)."""
    listener_pool = listener_pool or new_listener_pool()
    signing_secret = settings.secret("SLACK_SIGNING_SECRET") or "socket-mode-only"
    app = App(client=clients.default, signing_secret=signing_secret,
              request_verification_enabled=not settings.socket_mode,
              listener_executor=listener_pool, logger=_slack_logger(), oauth_flow=oauth,
              installation_store=services.installations)
    logfilter.install()  # the loggers Bolt made while building the app
    app.use(once_per_event(services.calbot.store))
    register(app, services)
    return app
