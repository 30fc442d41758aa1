"""calbot's HTTP routes as one WSGI app, served by waitress (a production WSGI server).

POST /slack/events, GET /slack/install, GET /slack/oauth_redirect → Bolt (HTTP mode)
POST /calcom/webhooks/<id>                                        → Cal.com webhook intake
GET  /healthz                                                     → liveness + readiness
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

MAX_BODY = 1 << 20
SLACK_PATHS = ("/slack/events", "/slack/install", "/slack/oauth_redirect")
WebhookIntake = Callable[[str, bytes, dict[str, str]], tuple[int, dict[str, Any]]]


def _json(start_response: Callable[..., Any], status: int, body: dict[str, Any]) -> list[bytes]:
    reasons = {200: "OK", 202: "Accepted", 400: "Bad Request", 401: "Unauthorized",
               404: "Not Found", 405: "Method Not Allowed", 413: "Payload Too Large",
               503: "Service Unavailable"}
    data = json.dumps(body).encode()
    start_response(f"{status} {reasons.get(status, 'OK')}",
                   [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


class Web:
    def __init__(self, app: App | None, webhooks: WebhookIntake | None, *, mode: str):
        self.bolt = SlackRequestHandler(app) if app is not None else None
        self.webhooks = webhooks
        self.mode = mode
        self.ready = threading.Event()

    def __call__(self, environ: dict[str, Any],
                 start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz":
            status = 200 if self.ready.is_set() else 503
            return _json(start_response, status, {"ok": status == 200, "mode": self.mode})
        if path.startswith("/calcom/webhooks/"):
            if method != "POST":
                return _json(start_response, 405, {"ok": False})
            if self.webhooks is None:
                return _json(start_response, 404, {"ok": False, "error": "webhooks are off"})
            length = int(environ.get("CONTENT_LENGTH") or 0)
            if length > MAX_BODY:
                return _json(start_response, 413, {"ok": False})
            body = environ["wsgi.input"].read(length) if length else b""
            headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items()
                       if k.startswith("HTTP_")}
            status, answer = self.webhooks(path.rsplit("/", 1)[-1], body, headers)
            return _json(start_response, status, answer)
        if path in SLACK_PATHS and self.bolt is not None:
            return self.bolt(environ, start_response)
        return _json(start_response, 404, {"ok": False, "error": "not found"})
