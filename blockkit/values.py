"""Typed codecs for what calbot carries through Slack: button values and modal metadata.

Builders write these strings and listeners read them back through the same class, so the
format lives in one place. Only ids, times and texts the user typed go in here — never a key
or a secret. Each is authenticated: ``encode(signer)`` appends an HMAC with a server key over
the codec's kind and the text, and ``decode(text, signer)`` raises :class:`BadValue` for
anything calbot did not write (tampered, truncated, another codec's, old).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import asdict, dataclass, fields
from typing import Any

MAX_METADATA = 3000  # Slack's limit for private_metadata
_SEPARATOR = "."
_MAC_BYTES = 16


class BadValue(ValueError):
    """A button value or metadata that calbot did not write (tampered, truncated, old)."""


class Signer:
    """Authenticates what calbot puts in button values and ``private_metadata``: an HMAC-SHA256
    with a server key (``Store.value_key()``), truncated to 128 bits, over the kind and text."""

    def __init__(self, key: bytes):
        if len(key) < 16:
            raise ValueError("a signing key needs at least 16 bytes")
        self._key = key

    def _mac(self, kind: str, text: str) -> str:
        digest = hmac.new(self._key, f"{kind}\x00{text}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:_MAC_BYTES]).rstrip(b"=").decode()

    def sign(self, kind: str, text: str) -> str:
        return f"{text}{_SEPARATOR}{self._mac(kind, text)}"

    def open(self, kind: str, signed: str) -> str:
        """The text calbot signed, or BadValue."""
        text, sep, mac = (signed or "").rpartition(_SEPARATOR)
        if not sep or not hmac.compare_digest(mac.encode(), self._mac(kind, text).encode()):
            raise BadValue(f"{kind} not signed by calbot")
        return text


@dataclass(frozen=True)
class SlotPick:
    """A free slot's button: the event type and the start as local wall time."""

    event_type_id: int
    wall: str  # "2026-11-24 10:00" in the presser's zone

    def encode(self, signer: Signer) -> str:
        return signer.sign("slot", f"{self.event_type_id}|{self.wall}")

    @classmethod
    def decode(cls, text: str, signer: Signer) -> SlotPick:
        head, sep, wall = signer.open("slot", text).partition("|")
        if not sep or not head.isdigit() or not wall:
            raise BadValue("not a slot")
        return cls(int(head), wall)


@dataclass(frozen=True)
class TypeAndDay:
    """An event-type choice for `/cal slots` (the day asked for travels with it)."""

    event_type_id: int
    day: str | None = None

    def encode(self, signer: Signer) -> str:
        return signer.sign("type", f"{self.event_type_id}|{self.day or ''}")

    @classmethod
    def decode(cls, text: str, signer: Signer) -> TypeAndDay:
        head, sep, day = signer.open("type", text).partition("|")
        if not sep or not head.isdigit():
            raise BadValue("not an event type choice")
        return cls(int(head), day or None)


@dataclass(frozen=True)
class FormState:
    """A modal's ``private_metadata``: which booking, where its message is, the user's zone,
    the text whose reading was shown back, and where to report the outcome."""

    uid: str | None = None
    ch: str | None = None  # channel of the message holding the button
    ts: str | None = None  # that message's ts
    r: str | None = None  # response_url of the request that opened the modal
    home: bool | None = None  # opened from the Home tab
    tz: str | None = None
    p: str | None = None  # the "when" text whose reading was shown back

    def encode(self, signer: Signer) -> str:
        data = {k: v for k, v in asdict(self).items() if v is not None}
        text = signer.sign("form", json.dumps(data, separators=(",", ":")))
        if len(text) > MAX_METADATA:
            raise ValueError("private_metadata over Slack's 3000 characters")
        return text

    def replace(self, **changes: Any) -> FormState:
        return FormState(**{**asdict(self), **changes})

    @classmethod
    def decode(cls, text: str | None, signer: Signer) -> FormState:
        """The metadata calbot wrote; empty metadata is an empty state (nothing to trust)."""
        if not text:
            return cls()
        if len(text) > MAX_METADATA:
            raise BadValue("metadata too long")
        try:
            data = json.loads(signer.open("form", text))
        except (ValueError, RecursionError):
            raise BadValue("metadata is not JSON") from None
        if not isinstance(data, dict):
            raise BadValue("metadata is not an object")
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                continue
            if key == "home":
                values[key] = bool(value) or None
            elif isinstance(value, str):
                values[key] = value
            elif value is not None:
                raise BadValue(f"metadata field {key} is not text")
        return cls(**values)


@dataclass(frozen=True)
class BookingChoice:
    """A per-booking control's value: the booking uid alone (a button), or what to do with it
    and the uid (an overflow menu's option, ``cancel|uid``)."""

    verb: str
    uid: str

    def encode(self) -> str:
        return f"{self.verb}|{self.uid}" if self.verb else self.uid

    @classmethod
    def decode(cls, text: str) -> BookingChoice:
        verb, sep, uid = (text or "").partition("|")
        if not sep:
            return cls("", verb)
        if not uid:
            raise BadValue("not a booking choice")
        return cls(verb, uid)


__all__ = ["BadValue", "BookingChoice", "FormState", "Signer", "SlotPick", "TypeAndDay"]
