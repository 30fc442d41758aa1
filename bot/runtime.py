"""Putting calbot together from Settings, and running it.

`build()` is the one factory: `calbot run` and the end-to-end tests both use it, so the tests
run the production wiring (Bolt app, waitress server, store, the pooled Cal.com client).
"""

from __future__ import annotations

import errno
import logging
import os
import secrets
import signal
import socket
import threading
import time
import urllib.error
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.oauth import OAuthFlow
from waitress.server import BaseWSGIServer, MultiSocketServer, create_server

import i18n
from blockkit.values import Signer
from bot import __version__
from bot.app import SlackClients, create_app, new_listener_pool
from bot.bodies import MAX_BODY
from bot.guard import SlackGuard
from bot.instance_lock import InstanceLock
from bot.logs import configure as configure_logs
from bot.metrics import Metrics
from bot.oauth import Installations, oauth_flow
from bot.readiness import Readiness
from bot.services import Services, new_work_pool
from bot.settings import Settings
from bot.web import Web
from bot.zones import Zones
from calcom import new_http_client
from calcom.origins import OriginPolicy
from commands.audit import StoredAudit
from commands.day import Day
from commands.details import Details
from commands.once import OncePerForm
from commands.service import Calbot
from commands.teammates import Teammates
from notices import Notices
from notices.schedule import DayScheduler
from storage import Store
from timephrase import warm_up

log = logging.getLogger("calbot")
HTTP_THREADS = 24
STOP_BUDGET_S = 10.0  # SIGTERM to exit
DRAIN_S = 7.0  # of which: work in flight may take this long to finish


def process_owner() -> str:
    """This process's name on its leases: host, pid and a random part (pids get reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def _drain(pools: list[ThreadPoolExecutor], timeout: float) -> bool:
    """Let every task already given to ``pools`` finish (no new ones start); False when they
    did not within ``timeout``."""
    def wait() -> None:
        for pool in pools:
            pool.shutdown(wait=True)

    waiter = threading.Thread(target=wait, name="calbot-drain", daemon=True)
    waiter.start()
    waiter.join(timeout)
    return not waiter.is_alive()


def wall_clock() -> datetime:
    """The production clock; everything else takes `now` as an argument."""
    return datetime.now(UTC)


@dataclass
class Runtime:
    settings: Settings
    store: Store
    http: httpx.Client
    services: Services
    app: App
    web: Web
    server: BaseWSGIServer | MultiSocketServer
    clients: SlackClients
    socket_handler: SocketModeHandler | None = None
    threads: list[threading.Thread] = field(default_factory=list)
    listener_pool: ThreadPoolExecutor | None = None
    metrics: Metrics | None = None
    instance_lock: InstanceLock | None = None
    stopping: threading.Event = field(default_factory=threading.Event)
    day_scheduler: DayScheduler | None = None

    @property
    def port(self) -> int:
        return int(self.server.effective_port)  # type: ignore[union-attr]

    def start(self) -> Runtime:
        thread = threading.Thread(target=self.server.run, name="calbot-http", daemon=True)
        thread.start()
        self.threads.append(thread)
        if self.socket_handler is not None:
            self.socket_handler.connect()
        self.services.notices.start()
        if self.day_scheduler is not None:
            self.day_scheduler.start()
        self.web.ready.set()
        return self

    def stop(self, drain_s: float = DRAIN_S) -> None:
        """Stop taking new work (readiness goes 503, Socket Mode disconnects), let what is in
        flight finish for up to ``drain_s`` (a booking being made is made and its user told),
        hand back this process's leases, then close everything. Once: later calls return."""
        if self.stopping.is_set():
            return
        self.stopping.set()
        self.web.ready.clear()
        if self.day_scheduler is not None:
            self.day_scheduler.stop()
        if self.socket_handler is not None:
            self.socket_handler.close()
        server = self.server
        deadline = time.monotonic() + drain_s
        if isinstance(server, BaseWSGIServer):  # no new connections from here on
            server.accepting = False
            server.trigger.pull_trigger()  # the loop sees it at once
        self.services.notices.stop()
        # requests being answered (a booking made inside a modal submission) end first
        dispatcher = server.task_dispatcher  # type: ignore[union-attr]
        while (dispatcher.active_count or dispatcher.queue) and time.monotonic() < deadline:
            time.sleep(0.02)
        pools = [p for p in (self.listener_pool, self.services.work) if p is not None]
        if not _drain(pools, max(0.0, deadline - time.monotonic())):
            log.warning("stop: work still running after %.0fs; stopping anyway", drain_s)
        self.services.notices.hand_back()
        # waitress's loop runs while any connection is open (keep-alive clients included):
        # close every connection from inside the loop's own thread.
        channels = getattr(server, "_map", {})
        server.trigger.pull_trigger(  # type: ignore[union-attr]
            lambda: [channel.close() for channel in list(channels.values())])
        server.task_dispatcher.shutdown(timeout=2)  # type: ignore[union-attr]
        for thread in self.threads:
            thread.join(timeout=5)
        self.services.work.shutdown(wait=False, cancel_futures=True)
        self.http.close()
        if self.instance_lock is not None:
            self.instance_lock.release()


def build(settings: Settings, *, host: str | None = None, port: int | None = None,
          calcom_transport: httpx.BaseTransport | None = None,
          now: Callable[[], datetime] = wall_clock,
          sleep: Callable[[float], None] = time.sleep,
          pace_s: float = 1.0) -> Runtime:
    """Everything calbot runs, wired once through constructors. `now` is the one clock
    (tests pass a fixed-date one); `pace_s` the notices' per-channel pacing; `host` the listen
    address (settings.HOST unless given)."""
    store = Store(settings.CALBOT_DATABASE, settings.secret("CALBOT_SECRET_KEY"),
                  clock=lambda: now().timestamp())
    instance_lock = None
    if store.sqlite_path is not None:
        try:
            instance_lock = InstanceLock(store.sqlite_path).acquire()
        except BaseException:
            store.close()
            raise
    metrics = Metrics()
    http = new_http_client(transport=calcom_transport, policy=OriginPolicy(
        trusted=(settings.CALCOM_API_URL,), allow_private=settings.CALBOT_ALLOW_PRIVATE_URLS),
        on_response=metrics.observe_calcom)
    oauth: OAuthFlow | None = None
    installations: Installations | None = None
    if settings.multi_workspace:
        oauth, installations = oauth_flow(
            client_id=settings.SLACK_CLIENT_ID or "",
            client_secret=settings.secret("SLACK_CLIENT_SECRET") or "",
            store=store, api_url=settings.SLACK_API_URL)
    clients = SlackClients(settings, installations)
    notices = Notices(store=store, http=http, default_api_url=settings.CALCOM_API_URL,
                      slack_for=clients.for_team, now=now,
                      poll_seconds=settings.CALBOT_POLL_SECONDS, sleep=sleep, pace_s=pace_s,
                      owner=process_owner(), lease_s=float(settings.CALBOT_LEASE_SECONDS))
    metrics.watch_queue(store, now, lambda: notices.poller.last_round,
                        float(settings.CALBOT_POLL_SECONDS))
    calbot = Calbot(store, http, default_api_url=settings.CALCOM_API_URL,
                    public_url=settings.CALBOT_PUBLIC_URL, now=now, sleep=sleep,
                    changes=notices, audit=StoredAudit(store))
    day = Day(calbot, store, now=now)
    services = Services(calbot=calbot, zones=Zones(store), notices=notices, day=day,
                        work=new_work_pool(), signer=Signer(store.value_key()),
                        once=OncePerForm(calbot), installations=installations,
                        details=Details(calbot, app_url=settings.CALCOM_APP_URL),
                        teammates=Teammates(calbot, app_url=settings.CALCOM_APP_URL))
    listener_pool = new_listener_pool()
    app = create_app(settings, services, clients, oauth, listener_pool)
    socket_handler = None
    if settings.socket_mode:
        socket_handler = SocketModeHandler(app, settings.secret("SLACK_APP_TOKEN"))
    stopping = threading.Event()
    handler = socket_handler
    readiness = Readiness(
        store, accepting=lambda: not stopping.is_set(),
        socket_connected=None if handler is None else lambda: handler.client.is_connected())
    day_scheduler = DayScheduler(store, day, now=now, wake_outbox=notices.outbox.wake.set)
    web = Web(None if settings.socket_mode else app, notices.intake,
              mode="socket" if settings.socket_mode else "http",
              guard=SlackGuard(settings.secret("SLACK_SIGNING_SECRET") or "", wall=time.time),
              readiness=readiness, metrics=metrics)
    server = create_server(web, host=settings.HOST if host is None else host,
                           port=settings.PORT if port is None else port,
                           threads=HTTP_THREADS, ident="calbot",
                           # waitress answers 413 itself (it refuses >= this); bodies over
                           # 64 KB wait in a temporary file, not in memory
                           max_request_body_size=MAX_BODY + 1, inbuf_overflow=1 << 16,
                           asyncore_loop_timeout=1)  # whole seconds: waitress int()s it
    return Runtime(settings, store, http, services, app, web, server, clients, socket_handler,
                   listener_pool=listener_pool, metrics=metrics, instance_lock=instance_lock,
                   stopping=stopping, day_scheduler=day_scheduler)


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
    if isinstance(error, urllib.error.URLError):  # an OSError too, but not about our port
        return (f"Slack can't be reached at {settings.SLACK_API_URL} ({error.reason}) — check "
                "SLACK_API_URL and this machine's network.")
    if isinstance(error, OSError) and error.errno in (errno.EADDRINUSE, errno.EACCES,
                                                      errno.EADDRNOTAVAIL):
        return (f"{error.strerror or error} on port {settings.PORT} — set PORT to a free port, "
                "or stop what is using it.")
    raise error  # not a start-up problem we know: a bug, shown with its traceback


def serve(settings: Settings) -> int:
    configure_logs(settings.CALBOT_LOG_FORMAT, settings.CALBOT_LOG_LEVEL)
    started = time.monotonic()
    warm_up()
    i18n.warm_up()  # every shipped catalog and Babel's data for its dates
    try:
        runtime = build(settings)
        runtime.start()
    except Exception as error:
        log.error("calbot can't start: %s", startup_problem(error, settings))
        return 1
    log.info("calbot %s: %s mode on port %d; database %s; %d connected user(s) (%.2fs)",
             __version__, runtime.web.mode, runtime.port, runtime.store.describe(),
             runtime.store.count_connected(), time.monotonic() - started)
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    done.wait()
    log.info("calbot: stopping (finishing work in flight, handing back leases)")
    runtime.stop()
    log.info("calbot: stopped")
    return 0
