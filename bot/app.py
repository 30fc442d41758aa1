"""The Bolt app factory: the same function builds production and the end-to-end tests' app."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.listeners import register
from bot.oauth import oauth_flow
from bot.services import Services
from bot.settings import Settings

log = logging.getLogger(__name__)


def _slack_logger() -> logging.Logger:
    logger = logging.getLogger("calbot.slack")
    if not any(isinstance(f, _QuietTokenNotice) for f in logger.filters):
        logger.addFilter(_QuietTokenNotice())
    return logger


def slack_client(settings: Settings, token: str | None = None) -> WebClient:
    """Web API client. Slack 429s are retried (after the ack: listeners ack first)."""
    client = WebClient(token=token, base_url=settings.SLACK_API_URL, timeout=10)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    return client


class _QuietTokenNotice(logging.Filter):
    """Bolt peeks at SLACK_BOT_TOKEN in the environment and warns that our client wins; it does,
    by design (the client carries SLACK_API_URL), so that notice is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def create_app(settings: Settings, services: Services) -> App:
    listener_pool = ThreadPoolExecutor(max_workers=64, thread_name_prefix="calbot-listener")
    common = dict(
        signing_secret=settings.secret("SLACK_SIGNING_SECRET") or "socket-mode-only",
        request_verification_enabled=not settings.socket_mode,
        listener_executor=listener_pool,
        logger=_slack_logger(),
    )
    if settings.multi_workspace:
        flow, installations = oauth_flow(
            client_id=settings.SLACK_CLIENT_ID or "",
            client_secret=settings.secret("SLACK_CLIENT_SECRET") or "",
            state_secret=settings.secret("SLACK_STATE_SECRET") or "",
            database=settings.CALBOT_DATABASE, api_url=settings.SLACK_API_URL)
        services.installations = installations
        app = App(client=slack_client(settings), oauth_flow=flow,
                  installation_store=installations, **common)  # type: ignore[arg-type]
    else:
        app = App(client=slack_client(settings, settings.secret("SLACK_BOT_TOKEN")),
                  **common)  # type: ignore[arg-type]
    register(app, services)
    return app
