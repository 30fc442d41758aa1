"""Typed codecs for booking someone else's page: button values and the form's metadata.

A host travels as its short form (``U123`` for a Slack user who connected calbot, ``@alice`` for
a Cal.com username); starts as UTC instants, shown in each presser's own zone. Only ids, times
and what was typed — never a key. ``decode`` raises :class:`BadValue` for anything else.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from typing import Any

from blockkit.values import MAX_METADATA, BadValue

_HOST = re.compile(r"^(?:[UW][A-Z0-9]{2,}|@[A-Za-z0-9][A-Za-z0-9._-]{0,63})$")
_INSTANT = "%Y-%m-%dT%H:%MZ"


def _host(text: str) -> str:
    if not _HOST.match(text or ""):
        raise BadValue("not a host")
    return text


@dataclass(frozen=True)
class HostSlot:
    """A free slot on someone's page: whose, which event type, when (UTC)."""

    host: str
    event_type_id: int
    start: datetime

    def encode(self) -> str:
        return f"{self.host}|{self.event_type_id}|{self.start.astimezone(UTC).strftime(_INSTANT)}"

    @classmethod
    def decode(cls, text: str) -> HostSlot:
        parts = (text or "").split("|")
        if len(parts) != 3 or not parts[1].isdigit():
            raise BadValue("not a slot")
        try:
            start = datetime.strptime(parts[2], _INSTANT).replace(tzinfo=UTC)
        except ValueError:
            raise BadValue("not a slot") from None
        return cls(_host(parts[0]), int(parts[1]), start)


@dataclass(frozen=True)
class HostPick:
    """Someone's page, maybe one event type of it, maybe a day (Book buttons, type choices)."""

    host: str
    event_type_id: int | None = None
    day: str | None = None

    def encode(self) -> str:
        return f"{self.host}|{self.event_type_id or ''}|{self.day or ''}"

    @classmethod
    def decode(cls, text: str) -> HostPick:
        parts = (text or "").split("|", 2)
        if len(parts) != 3 or (parts[1] and not parts[1].isdigit()):
            raise BadValue("not a page")
        return cls(_host(parts[0]), int(parts[1]) if parts[1] else None, parts[2] or None)


@dataclass(frozen=True)
class HostForm:
    """The booking form's ``private_metadata``: whose page, the presser's zone, the time text
    whose reading was shown back, and where to leave a record."""

    host: str
    tz: str | None = None
    p: str | None = None
    r: str | None = None  # response_url of what opened the form
    ch: str | None = None

    def encode(self) -> str:
        data = {k: v for k, v in asdict(self).items() if v is not None}
        text = json.dumps(data, separators=(",", ":"))
        if len(text) > MAX_METADATA:
            raise ValueError("private_metadata over Slack's 3000 characters")
        return text

    def replace(self, **changes: Any) -> HostForm:
        return HostForm(**{**asdict(self), **changes})

    @classmethod
    def decode(cls, text: str | None) -> HostForm:
        if not text or len(text) > MAX_METADATA:
            raise BadValue("no metadata")
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            raise BadValue("metadata is not JSON") from None
        if not isinstance(data, dict) or not isinstance(data.get("host"), str):
            raise BadValue("metadata names no host")
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if any(not isinstance(v, str) for v in values.values()):
            raise BadValue("metadata field is not text")
        _host(values["host"])
        return cls(**values)


__all__ = ["HostForm", "HostPick", "HostSlot"]
