"""Hostile bodies at the WSGI layer: limits before reading, 401 before parsing, 400 for shapes
that would break Bolt or a listener, one log line each and never the body."""

from __future__ import annotations

import io
import json
import logging
import urllib.parse
from typing import Any

import pytest

from bot.bodies import (
    MAX_BODY,
    MAX_DEPTH,
    TooLarge,
    Unreadable,
    loads,
    nesting,
    read_body,
    slack_payload,
)
from bot.guard import SlackGuard
from bot.web import Web
from tests.e2e.harness import signature

SECRET = "unit-signing-secret"
NOW = 1_800_000_000.0
KEY = "cal_live_0123456789abcdef0123456789abcdef"


class Stream(io.RawIOBase):
    """A request body that counts what was read from it."""

    def __init__(self, size: int, byte: bytes = b"x"):
        self.left = size
        self.byte = byte
        self.read_total = 0

    def read(self, n: int = -1) -> bytes:  # type: ignore[override]
        n = self.left if n is None or n < 0 else min(n, self.left)
        self.left -= n
        self.read_total += n
        return self.byte * n


class Recorder:
    """The app behind the guard: records what reached it."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        self.bodies.append(environ["wsgi.input"].read())
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b""]


def web_with(recorder: Recorder) -> Web:
    web = Web(None, None, mode="http", guard=SlackGuard(SECRET, wall=lambda: NOW))
    web.bolt = recorder  # type: ignore[assignment]  # stands in for Bolt's WSGI handler
    return web


def call(web: Web, path: str, body: bytes | Stream, *, length: int | None = -1,
         content_type: str = "application/json", ts: str | None = None,
         secret: str = SECRET) -> tuple[str, bytes]:
    data = body if isinstance(body, bytes) else b""
    stamp = ts if ts is not None else str(int(NOW))
    environ: dict[str, Any] = {
        "PATH_INFO": path, "REQUEST_METHOD": "POST", "CONTENT_TYPE": content_type,
        "wsgi.input": io.BytesIO(data) if isinstance(body, bytes) else body,
        "HTTP_X_SLACK_REQUEST_TIMESTAMP": stamp,
        "HTTP_X_SLACK_SIGNATURE": signature(secret, stamp, data),
    }
    if length == -1:
        environ["CONTENT_LENGTH"] = str(len(data))
    elif length is not None:
        environ["CONTENT_LENGTH"] = str(length)
    got: list[str] = []
    answer = b"".join(web(environ, lambda status, headers: got.append(status)))
    return got[0], answer


# --- limits -------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/slack/events", "/slack/install", "/calcom/webhooks/abc"])
def test_a_declared_oversized_body_is_refused_unread(path, caplog):
    recorder = Recorder()
    web = web_with(recorder)
    web.webhooks = lambda *a: (200, {"ok": True})
    stream = Stream(50 << 20)
    status, answer = call(web, path, stream, length=50 << 20)
    assert status.startswith("413") and stream.read_total == 0 and recorder.bodies == []
    assert b"Traceback" not in answer
    assert len(caplog.records) == 1 and "x" * 20 not in caplog.text


def test_a_chunked_body_is_read_only_up_to_the_limit():
    stream = Stream(20 << 20)
    with pytest.raises(TooLarge):
        read_body({"wsgi.input": stream})
    assert stream.read_total == MAX_BODY + 1
    assert read_body({"wsgi.input": Stream(10)}) == b"x" * 10


def test_a_bad_content_length_is_unreadable():
    with pytest.raises(Unreadable):
        read_body({"CONTENT_LENGTH": "12abc", "wsgi.input": Stream(10)})


# --- signature before parsing ---------------------------------------------------------------

FORM = urllib.parse.urlencode({"payload": json.dumps({
    "type": "view_submission", "user": {"id": "U1"},
    "view": {"id": "V1", "callback_id": "connect", "private_metadata": "",
             "state": {"values": {"api_key": {"api_key": {"type": "plain_text_input",
                                                          "value": KEY}}}}}})}).encode()


@pytest.mark.parametrize("ts,secret,why", [
    ("not-a-number", SECRET, "timestamp is not a number"),
    ("１２３", SECRET, "timestamp is not a number"),  # full-width digits
    (str(int(NOW) - 301), SECRET, "too old"),
    (str(int(NOW)), "rotated-secret", "bad signature"),
])
def test_unsigned_requests_get_401_in_one_line_without_the_body(ts, secret, why, caplog):
    caplog.set_level(logging.DEBUG)
    recorder = Recorder()
    status, answer = call(web_with(recorder), "/slack/events", FORM,
                          content_type="application/x-www-form-urlencoded", ts=ts, secret=secret)
    assert status.startswith("401") and recorder.bodies == []
    assert json.loads(answer) == {"ok": False, "error": "invalid request"}
    assert len(caplog.records) == 1 and why in caplog.text
    assert KEY not in caplog.text and "payload" not in caplog.text


def test_an_unsigned_body_that_does_not_parse_gets_401_not_500():
    status, _ = call(web_with(Recorder()), "/slack/events", b"[" * 50_000, ts="x")
    assert status.startswith("401")


# --- shapes after the signature -------------------------------------------------------------

def form(payload: Any) -> bytes:
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()


DEEP = "[" * 30_000 + "]" * 30_000
BAD = {
    "form sent as JSON": (b"command=%2Fcal&text=list", "application/json"),
    "JSON that does not parse": (b"{not json", "application/json"),
    "JSON nested deep": (('{"type":"event_callback","event":' + DEEP + "}").encode(),
                         "application/json"),
    "not UTF-8": (b"{\xff\xfe}", "application/json"),
    "unknown content type": (b"hello", "text/plain"),
    "payload is a list": (form([1, 2]), "application/x-www-form-urlencoded"),
    "payload is a string": (form("hi"), "application/x-www-form-urlencoded"),
    "payload does not parse": (b"payload=%7Bnope", "application/x-www-form-urlencoded"),
    "view without id": (form({"type": "view_submission", "view": {"callback_id": "c"}}),
                        "application/x-www-form-urlencoded"),
    "view not an object": (form({"type": "view_submission", "view": "v"}),
                           "application/x-www-form-urlencoded"),
    "state values a list": (form({"type": "view_submission", "view": {
        "id": "V1", "callback_id": "c", "state": {"values": [1]}}}),
        "application/x-www-form-urlencoded"),
    "deep private_metadata": (form({"type": "view_submission", "view": {
        "id": "V1", "callback_id": "c", "private_metadata": DEEP}}),
        "application/x-www-form-urlencoded"),
    "actions missing": (form({"type": "block_actions", "user": {"id": "U1"}}),
                        "application/x-www-form-urlencoded"),
    "event not an object": (b'{"type":"event_callback","event":[1]}', "application/json"),
    "home event without user": (b'{"type":"event_callback","event":{"type":"app_home_opened"}}',
                                "application/json"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_signed_but_malformed_bodies_get_400_in_one_line(name, caplog):
    caplog.set_level(logging.DEBUG)
    body, content_type = BAD[name]
    recorder = Recorder()
    status, answer = call(web_with(recorder), "/slack/events", body, content_type=content_type)
    assert status.startswith("400") and recorder.bodies == []
    assert json.loads(answer) == {"ok": False, "error": "unreadable request"}
    assert len(caplog.records) == 1 and caplog.records[0].exc_info is None
    assert "[[[[" not in caplog.text


def test_good_bodies_reach_bolt_byte_for_byte():
    recorder = Recorder()
    good = form({"type": "view_submission", "user": {"id": "U1"}, "view": {
        "id": "V1", "callback_id": "c", "private_metadata": '{"a":[1]}',
        "state": {"values": {"b": {"b": {"selected_option": {"value": "1"}}}}}}})
    status, _ = call(web_with(recorder), "/slack/events", good,
                     content_type="application/x-www-form-urlencoded")
    assert status.startswith("200") and recorder.bodies == [good]


def test_a_webhook_nested_deep_gets_400_before_the_intake():
    seen: list[bytes] = []
    web = web_with(Recorder())
    web.webhooks = lambda public_id, body, headers: (seen.append(body), (200, {"ok": True}))[1]
    status, _ = call(web, "/calcom/webhooks/abc", DEEP.encode())
    assert status.startswith("400") and seen == []
    status, _ = call(web, "/calcom/webhooks/abc", b'{"triggerEvent":"PING"}')
    assert status.startswith("200") and len(seen) == 1


# --- the pieces -----------------------------------------------------------------------------

def test_nesting_skips_brackets_inside_strings():
    assert nesting('{"a": "[[[\\"[[", "b": [[1]]}') == 3
    assert nesting(b"[" * 100 + b"]" * 100) == 100
    assert nesting("") == 0


def test_loads_refuses_deep_json_and_reads_normal_json():
    assert loads('{"a": [1, {"b": 2}]}') == {"a": [1, {"b": 2}]}
    with pytest.raises(Unreadable, match="too deep"):
        loads("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))


def test_slack_payload_reads_like_bolt():
    assert slack_payload(b"command=%2Fcal&text=list", "application/x-www-form-urlencoded") == {
        "command": "/cal", "text": "list"}
    assert slack_payload(b'{"type":"url_verification","challenge":"c"}', "text/plain")[
        "challenge"] == "c"  # Bolt reads a body starting with { as JSON whatever the type
    assert slack_payload(b"", None) == {}
