"""The check in front of Bolt on `/slack/events`: signed by Slack, and readable, or refused.

Bolt parses a body before it checks the signature (so an unsigned body that doesn't parse got
HTTP 500 with a traceback), lets a non-numeric timestamp raise, and logs the whole body of a
request that fails verification (request bodies can hold a Cal.com key). Here, in order and
before anything is parsed: the signature over the exact bytes (401), then the body's shape
(400, `bot.bodies.slack_payload`). Each refusal is one log line with a reason and a size, never
the body. Bolt verifies again behind this (it is cheap), so nothing is weakened.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable

from bot.bodies import Unreadable, slack_payload

log = logging.getLogger(__name__)
MAX_SKEW_S = 300  # Slack's own rule: refuse requests older (or newer) than five minutes


class Refused(Exception):
    """The request is refused with ``status``; ``reason`` is for the log."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


class SlackGuard:
    def __init__(self, signing_secret: str, *, wall: Callable[[], float]):
        """``wall``: the Unix time now (Slack's timestamps are wall-clock seconds)."""
        self._secret = signing_secret.encode()
        self._wall = wall

    def signature_problem(self, body: bytes, timestamp: str | None,
                          signature: str | None) -> str | None:
        """None when Slack signed ``body``; else why not (a short phrase)."""
        if not timestamp or not signature:
            return "no signature"
        if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
            return "timestamp is not a number"
        if abs(self._wall() - int(timestamp)) > MAX_SKEW_S:
            return "timestamp too old or too new"
        base = b"v0:" + timestamp.encode() + b":" + body
        expected = "v0=" + hmac.new(self._secret, base, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
            return "bad signature"
        return None

    def check(self, body: bytes, headers: dict[str, str]) -> None:
        """Raise Refused unless the request is signed and readable. ``headers``: lower-case."""
        problem = self.signature_problem(body, headers.get("x-slack-request-timestamp"),
                                         headers.get("x-slack-signature"))
        if problem is not None:
            log.warning("slack: refused a request (%s; %d bytes)", problem, len(body))
            raise Refused(401, problem)
        try:
            slack_payload(body, headers.get("content-type"))
        except Unreadable as error:
            log.warning("slack: refused a signed request (%s; %d bytes)", error.reason,
                        len(body))
            raise Refused(400, error.reason) from None
