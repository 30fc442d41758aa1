"""Typed codecs for what calbot carries through Slack: button values and modal metadata.

Builders write these strings and listeners read them back through the same class, so the
format lives in one place. Only ids, times and texts the user typed go in here — never a key
or a secret. `decode` raises :class:`BadValue` for anything calbot did not write.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from typing import Any

MAX_METADATA = 3000  # Slack's limit for private_metadata


class BadValue(ValueError):
    """A button value or metadata that calbot did not write (tampered, truncated, old)."""


@dataclass(frozen=True)
class SlotPick:
    """A free slot's button: the event type and the start as local wall time."""

    event_type_id: int
    wall: str  # "2026-11-24 10:00" in the presser's zone

    def encode(self) -> str:
        return f"{self.event_type_id}|{self.wall}"

    @classmethod
    def decode(cls, text: str) -> SlotPick:
        head, sep, wall = (text or "").partition("|")
        if not sep or not head.isdigit() or not wall:
            raise BadValue("not a slot")
        return cls(int(head), wall)


@dataclass(frozen=True)
class TypeAndDay:
    """An event-type choice for `/cal slots` (the day asked for travels with it)."""

    event_type_id: int
    day: str | None = None

    def encode(self) -> str:
        return f"{self.event_type_id}|{self.day or ''}"

    @classmethod
    def decode(cls, text: str) -> TypeAndDay:
        head, sep, day = (text or "").partition("|")
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

    def encode(self) -> str:
        data = {k: v for k, v in asdict(self).items() if v is not None}
        text = json.dumps(data, separators=(",", ":"))
        if len(text) > MAX_METADATA:
            raise ValueError("private_metadata over Slack's 3000 characters")
        return text

    def replace(self, **changes: Any) -> FormState:
        return FormState(**{**asdict(self), **changes})

    @classmethod
    def decode(cls, text: str | None) -> FormState:
        if not text:
            return cls()
        if len(text) > MAX_METADATA:
            raise BadValue("metadata too long")
        try:
            data = json.loads(text)
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


__all__ = ["BadValue", "FormState", "SlotPick", "TypeAndDay"]
