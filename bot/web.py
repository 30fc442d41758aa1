"""calbot's HTTP routes as one WSGI app, served by waitress (a production WSGI server).

POST /slack/events, GET /slack/install, GET /slack/oauth_redirect → Bolt (HTTP mode)
POST /calcom/webhooks/<id>                                        → Cal.com webhook intake
GET  /healthz                                                     → liveness
GET  /readyz                                                      → readiness (bot.readiness)
GET  /metrics                                                     → Prometheus (bot.metrics)

Every route's body is limited (`bot.bodies.MAX_BODY`; 413 before it is read). Slack requests
pass `bot.guard.SlackGuard` (signature, then shape) before Bolt sees them. No response carries
a traceback and no log line carries a body.
"""

from __future__ import annotations

import io
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.bodies import MAX_BODY, MAX_DEPTH, TooLarge, Unreadable, nesting, read_body
from bot.guard import Refused, SlackGuard
from bot.metrics import CONTENT_TYPE, Metrics, slack_kind
from bot.readiness import Readiness

log = logging.getLogger(__name__)
SLACK_PATHS = ("/slack/events", "/slack/install", "/slack/oauth_redirect")
WebhookIntake = Callable[[str, bytes, dict[str, str]], tuple[int, dict[str, Any]]]
REASONS = {200: "OK", 202: "Accepted", 400: "Bad Request", 401: "Unauthorized",
           404: "Not Found", 405: "Method Not Allowed", 413: "Payload Too Large",
           503: "Service Unavailable"}

__all__ = ["MAX_BODY", "SLACK_PATHS", "Web"]


def _json(start_response: Callable[..., Any], status: int, body: dict[str, Any]) -> list[bytes]:
    data = json.dumps(body).encode()
    start_response(f"{status} {REASONS.get(status, 'OK')}",
                   [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    found = {k[5:].replace("_", "-").lower(): str(v) for k, v in environ.items()
             if k.startswith("HTTP_")}
    if environ.get("CONTENT_TYPE"):
        found["content-type"] = str(environ["CONTENT_TYPE"])
    return found


class Web:
    def __init__(self, app: App | None, webhooks: WebhookIntake | None, *, mode: str,
                 guard: SlackGuard | None = None, max_body: int = MAX_BODY,
                 readiness: Readiness | None = None, metrics: Metrics | None = None,
                 timer: Callable[[], float] = time.perf_counter):
        """``guard`` checks Slack requests before Bolt (production always gives one);
        ``readiness`` answers /readyz, ``metrics`` /metrics (both 404 without)."""
        self.readiness = readiness
        self.metrics = metrics
        self.timer = timer
        self.bolt = SlackRequestHandler(app) if app is not None else None
        self.webhooks = webhooks
        self.mode = mode
        self.guard = guard
        self.max_body = max_body
        self.ready = threading.Event()

    def __call__(self, environ: dict[str, Any],
                 start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz":
            status = 200 if self.ready.is_set() else 503
            return _json(start_response, status, {"ok": status == 200, "mode": self.mode})
        if path == "/readyz" and self.readiness is not None:
            problems = self.readiness.problems()
            return _json(start_response, 503 if problems else 200,
                         {"ok": not problems, "mode": self.mode, "not_ready": problems})
        if path == "/metrics" and self.metrics is not None:
            data = self.metrics.render()
            start_response("200 OK", [("Content-Type", CONTENT_TYPE),
                                      ("Content-Length", str(len(data)))])
            return [data]
        webhook = path.startswith("/calcom/webhooks/")
        slack = path in SLACK_PATHS and self.bolt is not None
        if not (webhook or slack):
            return _json(start_response, 404, {"ok": False, "error": "not found"})
        try:
            body = read_body(environ, self.max_body)
        except TooLarge:
            log.warning("refused a request over %d bytes on %s", self.max_body, path[:60])
            return _json(start_response, 413, {"ok": False, "error": "body too large"})
        except Unreadable as error:
            log.warning("refused a request on %s (%s)", path[:60], error.reason)
            return _json(start_response, 400, {"ok": False, "error": "unreadable request"})
        if webhook:
            return self._webhook(path, method, body, environ, start_response)
        if path == "/slack/events" and method == "POST" and self.guard is not None:
            try:
                self.guard.check(body, _headers(environ))
            except Refused as refused:
                said = "invalid request" if refused.status == 401 else "unreadable request"
                return _json(start_response, refused.status, {"ok": False, "error": said})
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        assert self.bolt is not None
        if self.metrics is None or path != "/slack/events":
            return self.bolt(environ, start_response)
        started = self.timer()
        answer = self.bolt(environ, start_response)  # Bolt answers once the listener acked
        self.metrics.slack_request(slack_kind(body, str(environ.get("CONTENT_TYPE") or "")),
                                   self.timer() - started)
        return answer

    def _webhook(self, path: str, method: str, body: bytes, environ: dict[str, Any],
                 start_response: Callable[..., Any]) -> Iterable[bytes]:
        if method != "POST":
            return _json(start_response, 405, {"ok": False})
        if self.webhooks is None:
            return _json(start_response, 404, {"ok": False, "error": "webhooks are off"})
        if nesting(body) > MAX_DEPTH:
            log.warning("webhook: refused a body nested too deep (%d bytes)", len(body))
            return _json(start_response, 400, {"ok": False, "error": "unreadable payload"})
        status, answer = self.webhooks(path.rsplit("/", 1)[-1], body, _headers(environ))
        return _json(start_response, status, answer)
