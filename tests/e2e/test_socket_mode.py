"""Socket Mode end to end: with SLACK_APP_TOKEN set, Slack's traffic comes over a websocket.

The real app (`bot.runtime.build` + `Runtime.start`) runs slack_sdk's builtin Socket Mode client.
It asks the fake Slack's `apps.connections.open` for a URL (with the app-level token), which
points at a tiny websocket server on 127.0.0.1 playing Slack's side of the socket: it says
`hello`, sends the captured `slash_commands` envelope and reads calbot's ack. The HTTP server
still answers /healthz and Cal.com webhooks, but not /slack/events.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import hashlib
import json
import socket
import struct
import threading
import time
from typing import Any

import pytest
from cryptography.fernet import Fernet
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.errors import SlackApiError

from blockkit import ids
from bot.runtime import build
from bot.settings import load_settings
from notices.changes import sign
from tests.e2e.harness import PAYLOADS, SIGNING_SECRET, USER, CalbotUnderTest, signature
from tests.fakes.calcom import ALICE_KEY
from tests.fakes.slack import Call, FakeSlack, SlackError

APP_TOKEN = "xapp-1-A111-1-e2etestappleveltoken"
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


# ---- Slack's side of the socket -----------------------------------------------------------


def _recv_exactly(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def _frame(opcode: int, payload: bytes) -> bytes:
    """A server frame: final, unmasked."""
    size = len(payload)
    if size < 126:
        head = struct.pack("!BB", 0x80 | opcode, size)
    elif size < 1 << 16:
        head = struct.pack("!BBH", 0x80 | opcode, 126, size)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 127, size)
    return head + payload


class FakeSocketModeServer:
    """One websocket connection at a time on 127.0.0.1: RFC 6455 handshake and framing, just
    what slack_sdk's builtin client needs. Client text frames are kept in :attr:`received`.

    It pings every 50 ms, as Slack pings too (less often): the builtin client reads under a
    lock with a 3 s socket timeout and `close()` waits for that lock, so a chatty server lets a
    closing client go at once instead of after up to 3 s.
    """

    PING_EVERY = 0.05

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)  # accept() wakes up to see `closed`
        self.closed = False
        self.received: list[dict[str, Any]] = []
        self.handshakes: list[str] = []
        self.connected = threading.Event()
        self._conn: socket.socket | None = None
        self._send_lock = threading.Lock()
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._serve, name="FakeSocketMode", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.listener.getsockname()[1]}/link/?ticket=e2e&app_id=A111"

    def _serve(self) -> None:
        while not self.closed:
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # listener closed
            conn.settimeout(None)
            try:
                self._session(conn)
            except (ConnectionError, OSError):
                pass
            finally:
                conn.close()
                self._conn = None
                self.connected.clear()

    def _session(self, conn: socket.socket) -> None:
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = conn.recv(1024)
            if not chunk:
                return
            request += chunk
        text = request.decode()
        self.handshakes.append(text)
        key = next(line.split(":", 1)[1].strip() for line in text.split("\r\n")
                   if line.lower().startswith("sec-websocket-key:"))
        accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
        conn.sendall(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                      f"Connection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n").encode())
        self._conn = conn
        self.send(json.loads((PAYLOADS / "socket_mode" / "hello.json").read_text()))
        self.connected.set()
        threading.Thread(target=self._heartbeat, args=(conn,), daemon=True).start()
        while True:
            b1, b2 = _recv_exactly(conn, 2)
            opcode, size = b1 & 0x0F, b2 & 0x7F
            if size == 126:
                (size,) = struct.unpack("!H", _recv_exactly(conn, 2))
            elif size == 127:
                (size,) = struct.unpack("!Q", _recv_exactly(conn, 8))
            mask = _recv_exactly(conn, 4) if b2 & 0x80 else b"\0\0\0\0"
            data = bytes(b ^ mask[i % 4] for i, b in enumerate(_recv_exactly(conn, size)))
            if opcode == 0x9:  # ping → pong
                with self._send_lock:
                    conn.sendall(_frame(0xA, data))
            elif opcode == 0x8:  # close → close
                with self._send_lock:
                    conn.sendall(_frame(0x8, data[:2]))
                return
            elif opcode == 0x1:
                with self._changed:
                    self.received.append(json.loads(data))
                    self._changed.notify_all()

    def _heartbeat(self, conn: socket.socket) -> None:
        while self._conn is conn:
            try:
                with self._send_lock:
                    conn.sendall(_frame(0x9, b"hb"))
            except OSError:
                return
            time.sleep(self.PING_EVERY)

    def send(self, message: dict[str, Any]) -> None:
        assert self._conn is not None, "no websocket client connected"
        with self._send_lock:
            self._conn.sendall(_frame(0x1, json.dumps(message).encode()))

    def ack_for(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [m for m in self.received if m.get("envelope_id") == envelope_id]
                if found:
                    assert len(found) == 1, found
                    return found[0]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no ack for envelope {envelope_id}: {self.received}")
                self._changed.wait(left)

    def close(self) -> None:
        self.closed = True
        self.listener.close()
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=2)


class SocketFakeSlack(FakeSlack):
    """The fake Slack Web API plus `apps.connections.open` (app-level token → websocket URL)."""

    ws_url = ""

    def _authenticate(self, call: Call) -> None:
        if call.method == "apps.connections.open":
            if not (call.token or "").startswith("xapp-"):
                raise SlackError("invalid_auth" if call.token else "not_authed")
            return
        super()._authenticate(call)

    def _m_apps_connections_open(self, params: dict, call: Call) -> dict:
        return {"ok": True, "url": self.ws_url}


# ---- fixtures ---------------------------------------------------------------------------


@pytest.fixture
def socket_slack():
    server = FakeSocketModeServer()
    with SocketFakeSlack() as fake:
        fake.ws_url = server.url
        fake.socket_server = server
        yield fake
    server.close()
    assert fake.violations == [], fake.violations


@pytest.fixture
def socket_calbot(tmp_path, socket_slack, cal):
    # Socket Mode needs no signing secret: nothing comes in over HTTP from Slack.
    app = CalbotUnderTest(tmp_path, socket_slack, cal, cal.url, SLACK_APP_TOKEN=APP_TOKEN,
                          SLACK_SIGNING_SECRET=None)
    yield app
    if not getattr(app, "stopped", False):
        app.stop()


def envelope(slack: FakeSlack, text: str, *, token: str) -> dict[str, Any]:
    """The captured slash_commands envelope, as `/cal <text>` from the fake's workspace."""
    frame = copy.deepcopy(json.loads(
        (PAYLOADS / "socket_mode" / "slash_commands.envelope.json").read_text()))
    frame["envelope_id"] = f"env-{time.monotonic_ns()}"
    frame["payload"].update(team_id=slack.team_id, user_id=USER, command="/cal", text=text,
                            response_url=slack.response_url(token),
                            trigger_id=slack.trigger_id())
    return frame


# ---- tests ----------------------------------------------------------------------------------


def test_commands_arrive_over_the_socket_and_are_acked_with_the_answer(
        socket_calbot, socket_slack, cal):
    runtime = socket_calbot.runtime
    server = socket_slack.socket_server
    # build() wired a SocketModeHandler around the one Bolt app; HTTP has no Bolt handler.
    assert socket_calbot.settings.socket_mode
    assert isinstance(runtime.socket_handler, SocketModeHandler)
    assert runtime.socket_handler.app is runtime.app
    assert runtime.socket_handler.client.app_token == APP_TOKEN
    assert runtime.web.mode == "socket" and runtime.web.bolt is None
    # start() connected: the URL came from apps.connections.open with the app-level token.
    assert [c.token for c in socket_slack.calls_to("apps.connections.open")] == [APP_TOKEN]
    assert server.connected.wait(5) and runtime.socket_handler.client.is_connected()
    assert server.handshakes[0].startswith("GET /link/?ticket=e2e&app_id=A111 HTTP/1.1")

    helped = envelope(socket_slack, "help", token="help")
    server.send(helped)
    ack = server.ack_for(helped["envelope_id"])
    assert "/cal connect" in ack["payload"]["text"] and "/cal notify" in ack["payload"]["text"]
    assert ack["payload"].get("response_type", "ephemeral") == "ephemeral"

    listed = envelope(socket_slack, "list", token="list")
    server.send(listed)
    assert "/cal connect" in server.ack_for(listed["envelope_id"])["payload"]["text"]
    assert cal.requests == []

    # A Web API call from a socket-delivered command: the bot token, the fake's API URL.
    connect = envelope(socket_slack, "connect", token="connect")
    server.send(connect)
    server.ack_for(connect["envelope_id"])
    call = socket_slack.wait_for("views.open")[0]
    assert call.ok and call.token == socket_slack.bot_token
    assert call.params["view"]["callback_id"] == ids.CONNECT_VIEW

    # Stopping closes the socket and doesn't reconnect (how fast: bench/bench_socket.py).
    socket_calbot.stop()
    socket_calbot.stopped = True
    assert not runtime.socket_handler.client.is_connected()
    deadline = time.monotonic() + 2
    while server.connected.is_set() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not server.connected.is_set(), "the websocket is still open"
    assert len(socket_slack.calls_to("apps.connections.open")) == 1


def test_http_serves_health_and_webhooks_but_not_slack(socket_calbot, socket_slack):
    http = socket_calbot.side.http
    health = http.get("/healthz")
    assert health.status_code == 200 and health.json() == {"ok": True, "mode": "socket"}
    ready = http.get("/readyz")  # ready: the database answers and the socket is connected
    assert ready.status_code == 200 and ready.json()["not_ready"] == []

    body = b'{"type":"url_verification","challenge":"c"}'
    ts = str(int(time.time()))
    events = http.post("/slack/events", content=body, headers={
        "Content-Type": "application/json", "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature(SIGNING_SECRET, ts, body)})
    assert events.status_code == 404
    assert http.get("/slack/install").status_code == 404
    assert http.get("/slack/oauth_redirect", params={"code": "x", "state": "y"}).status_code == 404

    store = socket_calbot.store
    store.save_connection(socket_calbot.team, USER, ALICE_KEY, None)
    assert store.set_webhook(socket_calbot.team, USER, "77", "pub-e2e-socket", "whsec-e2e")
    ping = json.dumps({"triggerEvent": "PING", "createdAt": "2026-03-09T12:00:00Z",
                       "payload": {}}).encode()
    good = http.post("/calcom/webhooks/pub-e2e-socket", content=ping, headers={
        "Content-Type": "application/json", "X-Cal-Signature-256": sign(ping, "whsec-e2e")})
    assert good.status_code == 200 and good.json()["ok"] is True
    forged = http.post("/calcom/webhooks/pub-e2e-socket", content=ping, headers={
        "Content-Type": "application/json", "X-Cal-Signature-256": sign(ping, "wrong")})
    assert forged.status_code == 401
    unknown = http.post("/calcom/webhooks/nobody", content=ping, headers={
        "Content-Type": "application/json", "X-Cal-Signature-256": sign(ping, "whsec-e2e")})
    assert unknown.status_code == 401 and unknown.json()["error"] == "unknown webhook"
    assert socket_slack.calls_to("chat.postMessage") == []


def test_a_refused_app_token_fails_start_at_once(tmp_path, socket_slack, cal):
    """apps.connections.open refusing the token makes start() raise, not hang (how fast:
    bench/bench_socket.py)."""
    socket_slack.fail_next("apps.connections.open", "invalid_auth")
    settings = load_settings(
        env_file=None, SLACK_BOT_TOKEN=socket_slack.bot_token, SLACK_APP_TOKEN=APP_TOKEN,
        SLACK_API_URL=socket_slack.api_url, CALCOM_API_URL=cal.url,
        CALBOT_DATABASE=str(tmp_path / "calbot.db"),
        CALBOT_SECRET_KEY=Fernet.generate_key().decode())
    runtime = build(settings, host="127.0.0.1", port=0)
    try:
        with pytest.raises(SlackApiError, match="invalid_auth"):
            runtime.start()
    finally:
        runtime.stop()
    assert not socket_slack.socket_server.connected.is_set()
