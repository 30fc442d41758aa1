"""Request bodies, read within a limit and checked before anything trusts their shape.

`read_body` refuses a body over the limit before reading it (Content-Length), and reads at most
limit + 1 bytes of one with no length (chunked). `slack_payload` parses a Slack body the way Bolt
will (JSON, form, or a form's `payload` field) and refuses what would break Bolt or a listener:
text that does not parse, JSON nested deeper than `MAX_DEPTH`, a payload that is not an object,
or views, actions and events missing the fields the listeners read.
"""

from __future__ import annotations

import json
import re
from typing import Any, BinaryIO
from urllib.parse import parse_qsl

MAX_BODY = 1 << 20  # Slack's own payloads are far smaller
MAX_DEPTH = 64
_STRINGS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")


class TooLarge(Exception):
    """The body is over the limit (nothing past the limit was read)."""


class Unreadable(Exception):
    """The body can't be used; ``reason`` is a short phrase for the log (never the body)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def read_body(environ: dict[str, Any], limit: int = MAX_BODY) -> bytes:
    stream: BinaryIO | None = environ.get("wsgi.input")
    raw = str(environ.get("CONTENT_LENGTH") or "").strip()
    if raw:
        if not raw.isdigit():
            raise Unreadable("Content-Length is not a number")
        length = int(raw)
        if length > limit:
            raise TooLarge()
        return stream.read(length) if (stream is not None and length) else b""
    if stream is None:
        return b""
    body = stream.read(limit + 1)  # no length given (chunked): never more than the limit
    if len(body) > limit:
        raise TooLarge()
    return bytes(body)


def nesting(text: str | bytes) -> int:
    """How deeply JSON arrays/objects nest in ``text`` (strings skipped; no parsing)."""
    data = text.encode() if isinstance(text, str) else text
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub(b'""', data)):
        if bracket in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def loads(text: str | bytes, what: str = "JSON") -> Any:
    """json.loads, refusing nesting deeper than MAX_DEPTH. Raises Unreadable."""
    if nesting(text) > MAX_DEPTH:
        raise Unreadable(f"{what} nested too deep")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise Unreadable(f"{what} does not parse") from None


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Unreadable(f"{what} is not an object")
    return value


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise Unreadable(f"{what} is missing")
    return value


def _check_view(view: Any) -> None:
    view = _object(view, "view")
    _text(view.get("id"), "view id")
    _text(view.get("callback_id", ""), "view callback_id")
    meta = view.get("private_metadata")
    if meta is not None and nesting(_text(meta, "view private_metadata")) > MAX_DEPTH:
        raise Unreadable("private_metadata nested too deep")
    state = view.get("state")
    if state is None:
        return
    values = _object(_object(state, "view state").get("values", {}), "view state values")
    for block in values.values():
        for element in _object(block, "view state block").values():
            element = _object(element, "view state element")
            if element.get("selected_option"):
                _object(element["selected_option"], "selected option")


def _check_interactive(payload: dict[str, Any]) -> None:
    kind = payload.get("type")
    if "user" in payload:
        _object(payload["user"], "user")
    if kind in ("view_submission", "view_closed"):
        _check_view(payload.get("view"))
    elif kind == "block_actions":
        actions = payload.get("actions")
        if not isinstance(actions, list) or not actions:
            raise Unreadable("actions are missing")
        for action in actions:
            _object(action, "action")
        if payload.get("view") is not None:
            _check_view(payload["view"])


def _check_event(body: dict[str, Any]) -> None:
    if body.get("type") != "event_callback":
        return
    event = _object(body.get("event"), "event")
    _text(event.get("type"), "event type")
    if event["type"] == "app_home_opened":
        _text(event.get("user"), "event user")


def slack_payload(body: bytes, content_type: str | None) -> dict[str, Any]:
    """The body as Bolt will read it; raises Unreadable for anything Bolt or a listener would
    trip on. Bolt reads JSON when the type is exactly application/json or the body starts
    with '{', else a form, whose `payload` field (when present) is JSON."""
    if not body:
        return {}
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable("body is not UTF-8") from None
    kind = (content_type or "").strip().lower()
    if kind == "application/json" or text.startswith("{"):
        data = _object(loads(text, "JSON body"), "JSON body")
        _check_event(data)
        return data
    if not kind.startswith("application/x-www-form-urlencoded"):
        raise Unreadable(f"content type {kind[:40]!r} is not a Slack one")
    form = dict(parse_qsl(text, keep_blank_values=True))
    if "payload" not in text:
        return form
    raw = form.get("payload")
    if raw is None:
        return {}
    payload = _object(loads(raw, "payload"), "payload")
    _check_interactive(payload)
    return payload
