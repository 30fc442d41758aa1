"""The fake Slack's HTTP side: ``/api/<method>`` and the ``/response/<token>`` sink.

Accepts GET query strings, form-encoded POST and JSON POST on every method, like Slack; the
token comes from ``Authorization: Bearer`` or a ``token`` parameter.
"""

from __future__ import annotations

import contextlib
import json
import time
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlsplit

from tests.fakes.listener import QuietHandler
from tests.fakes.slack.records import Call, Headers, ResponseUrlPost

# Fields that clients send JSON-encoded inside form posts.
JSON_FIELDS = ("blocks", "attachments", "view", "metadata")

Answer = tuple[int, dict[str, Any], dict[str, str]]


class WebApi(Protocol):
    def handle_api(self, method: str, call: Call) -> Answer: ...

    def handle_response_url(self, token: str, post: ResponseUrlPost) -> tuple[int, Any]: ...


def handler_for(api: WebApi) -> type[QuietHandler]:
    class Handler(_Handler):
        owner = api

    return Handler


class _Handler(QuietHandler):
    owner: WebApi

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def _read_params(self) -> tuple[dict[str, Any], Any]:
        url = urlsplit(self.path)
        params: dict[str, Any] = dict(parse_qsl(url.query, keep_blank_values=True))
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body: Any = None
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if raw:
            if ctype == "application/json":
                body = json.loads(raw)
                if isinstance(body, dict):
                    params.update(body)
            else:
                params.update(parse_qsl(raw.decode(), keep_blank_values=True))
        for name in JSON_FIELDS:
            if isinstance(params.get(name), str):
                # an undecodable string stays a string: the Block Kit check reports it
                with contextlib.suppress(ValueError):
                    params[name] = json.loads(params[name])
        return params, body

    def _serve(self, http_method: str) -> None:
        path = urlsplit(self.path).path
        headers = Headers(self.headers.items())
        try:
            params, body = self._read_params()
        except ValueError:
            self._send(400, {"ok": False, "error": "invalid_json"}, {})
            return
        if path.startswith("/response/"):
            sink = path[len("/response/"):]
            post = ResponseUrlPost(sink, body if body is not None else params, headers,
                                   time.time())
            status, answer = self.owner.handle_response_url(sink, post)
            self._send(status, answer, {})
            return
        if not path.startswith("/api/"):
            self._send(404, {"ok": False, "error": "not_found"}, {})
            return
        token: str | None = None
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            token = auth[7:].strip() or None
        token = token or params.pop("token", None)
        call = Call(path[len("/api/"):], params, headers, time.time(), http_method, token)
        self._send(*self.owner.handle_api(call.method, call))

    def _send(self, status: int, body: Any, headers: dict[str, str]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)
