"""Putting calbot together from Settings, and running it.

`build()` is the one factory: `calbot run` and the end-to-end tests both use it, so the tests
run the production wiring (Bolt app, waitress server, store, the pooled Cal.com client).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from slack_bolt import App
from slack_sdk import WebClient
from waitress.server import create_server

from bot.app import create_app, slack_client
from bot.services import Services
from bot.settings import Settings
from bot.web import Web
from bot.zones import Zones
from calcom import new_http_client
from commands.service import Calbot
from notices import Notices
from storage import Store
from timephrase import warm_up

log = logging.getLogger("calbot")
HTTP_THREADS = 24


@dataclass
class Runtime:
    settings: Settings
    store: Store
    http: httpx.Client
    services: Services
    app: App
    web: Web
    server: Any
    socket_handler: Any = None
    threads: list[threading.Thread] = field(default_factory=list)

    @property
    def port(self) -> int:
        return int(self.server.effective_port)

    def slack_for(self, team_id: str) -> WebClient:
        """A bot client for a workspace (its own token in multi-workspace mode)."""
        if self.settings.multi_workspace and self.services.installations is not None:
            bot = self.services.installations.find_bot_for_team(team_id)
            return slack_client(self.settings, bot.bot_token if bot else None)
        return self.app.client

    def start(self) -> Runtime:
        thread = threading.Thread(target=self.server.run, name="calbot-http", daemon=True)
        thread.start()
        self.threads.append(thread)
        if self.socket_handler is not None:
            self.socket_handler.connect()
        if self.services.notices is not None:
            self.services.notices.start()
        self.web.ready.set()
        return self

    def stop(self) -> None:
        self.web.ready.clear()
        if self.services.notices is not None:
            self.services.notices.stop()
        if self.socket_handler is not None:
            self.socket_handler.close()
        # waitress's loop runs while any connection is open (keep-alive clients included):
        # close the listener and every connection from inside the loop's own thread.
        channels = getattr(self.server, "_map", {})
        self.server.trigger.pull_trigger(
            lambda: [channel.close() for channel in list(channels.values())])
        self.server.task_dispatcher.shutdown(timeout=2)
        for thread in self.threads:
            thread.join(timeout=5)
        self.services.work.shutdown(wait=False, cancel_futures=True)
        self.http.close()


def build(settings: Settings, *, host: str = "0.0.0.0", port: int | None = None,
          calcom_transport: httpx.BaseTransport | None = None,
          now: Callable[[], Any] | None = None,
          sleep: Callable[[float], None] = time.sleep) -> Runtime:
    store = Store(settings.CALBOT_DATABASE, settings.secret("CALBOT_SECRET_KEY"))
    http = new_http_client(transport=calcom_transport)
    extra = {"now": now} if now is not None else {}
    calbot = Calbot(store, http, default_api_url=settings.CALCOM_API_URL,
                    public_url=settings.CALBOT_PUBLIC_URL, sleep=sleep, **extra)
    services = Services(calbot=calbot, zones=Zones(store))
    app = create_app(settings, services)
    web = Web(None if settings.socket_mode else app, None,
              mode="socket" if settings.socket_mode else "http")
    server = create_server(web, host=host, port=settings.PORT if port is None else port,
                           threads=HTTP_THREADS, ident="calbot",
                           asyncore_loop_timeout=1)  # whole seconds: waitress int()s it
    runtime = Runtime(settings, store, http, services, app, web, server)
    notices = Notices(services=services, slack_for=runtime.slack_for, settings=settings,
                      sleep=sleep)
    services.notices = notices
    web.webhooks = notices.intake
    calbot.on_change = lambda team, booking, actor, verb, reason: notices.acted(
        team, booking, actor=actor, verb=verb, reason=reason)
    if settings.socket_mode:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        runtime.socket_handler = SocketModeHandler(app, settings.secret("SLACK_APP_TOKEN"))
    return runtime


def startup_problem(error: BaseException, settings: Settings) -> str:
    """One line for the operator: what stopped start-up and what to do."""
    from slack_bolt.error import BoltError
    from slack_sdk.errors import SlackApiError, SlackClientError

    from storage import StorageError

    if isinstance(error, StorageError):
        return str(error)
    if isinstance(error, SlackApiError):
        code = error.response.get("error", "error")
        return (f"Slack refused the token ({code}): check SLACK_BOT_TOKEN / SLACK_APP_TOKEN "
                "and that the app is installed in the workspace.")
    if isinstance(error, BoltError | SlackClientError):
        return f"{error} — check the Slack tokens and SLACK_API_URL ({settings.SLACK_API_URL})."
    if isinstance(error, OSError):
        return (f"{error.strerror or error} on port {settings.PORT} — set PORT to a free port, "
                "or stop what is using it.")
    return f"{type(error).__name__}: {error}"


def serve(settings: Settings) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: "
                        "%(message)s")
    started = time.monotonic()
    warm_up()
    try:
        runtime = build(settings)
        runtime.start()
    except Exception as error:
        log.error("calbot can't start: %s", startup_problem(error, settings))
        return 1
    log.info("calbot is up in %s mode on port %d (%.2fs)", runtime.web.mode, runtime.port,
             time.monotonic() - started)
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    done.wait()
    runtime.stop()
    return 0
