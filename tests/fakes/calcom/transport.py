"""How requests reach the fake Cal.com: an in-process httpx transport, or real HTTP on
127.0.0.1. Both hand the raw request to :meth:`FakeCalcom.dispatch` and act out its Outcome
(an answer, a dropped connection, a timeout)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Protocol

import httpx

from tests.fakes.calcom.shapes import Outcome
from tests.fakes.listener import Listener, QuietHandler


class Dispatcher(Protocol):
    def dispatch(self, method: str, target: str, headers: dict[str, str],
                 body: bytes) -> Outcome: ...


class FakeTransport(httpx.BaseTransport):
    def __init__(self, fake: Dispatcher) -> None:
        self.fake = fake

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        target = request.url.raw_path.decode("ascii")
        outcome = self.fake.dispatch(request.method, target, dict(request.headers), body)
        if outcome.action == "drop":
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request)
        if outcome.action == "timeout":
            raise httpx.ReadTimeout("timed out", request=request)
        return httpx.Response(outcome.status, headers=outcome.headers, content=outcome.body,
                              request=request)


class _HTTPHandler(QuietHandler):
    fake: Dispatcher

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        outcome = self.fake.dispatch(self.command, self.path, dict(self.headers.items()), body)
        if outcome.action in ("drop", "timeout"):
            if outcome.action == "timeout":
                time.sleep(outcome.seconds)
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(2)
            return
        self.send_response(outcome.status)
        for name, value in outcome.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(outcome.body)))
        self.end_headers()
        self.wfile.write(outcome.body)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _any


@contextlib.contextmanager
def serve(fake: Dispatcher, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve ``fake`` over real HTTP on an ephemeral port; yields the base URL."""

    class Handler(_HTTPHandler):
        pass

    Handler.fake = fake
    listener = Listener(Handler, host=host, name="fake-calcom")
    try:
        yield listener.url
    finally:
        listener.close()
