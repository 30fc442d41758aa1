"""The HTTP listener both fakes serve on: 127.0.0.1, an ephemeral port, a thread."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Server(ThreadingHTTPServer):
    """Listens with a real backlog (http.server's default is 5): a burst of 20 requests, as
    Slack and Cal.com take without blinking, must not meet "connection reset"."""

    request_queue_size = 128
    daemon_threads = True


class Listener:
    """``handler`` served in a background thread until :meth:`close`."""

    def __init__(self, handler: type[BaseHTTPRequestHandler], *, host: str = "127.0.0.1",
                 name: str = "fake") -> None:
        self.host = host
        self._server = _Server((host, 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, name=name, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class QuietHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 keep-alive, no request log on stderr."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass
