"""What the store hands out: plain, immutable records (secrets decrypted, never in ``repr``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple


@dataclass(frozen=True)
class Connection:
    """A Slack user's Cal.com connection. Secrets are decrypted and never shown by ``repr``."""

    team_id: str
    user_id: str
    api_key: str = field(repr=False)
    api_url: str | None  # None: the deployment's default Cal.com API
    time_zone: str | None
    webhook_id: str | None
    webhook_public_id: str | None
    webhook_secret: str | None = field(repr=False)
    connected_at: float
    calcom_user_id: int | None = None  # who the key belongs to in Cal.com (None: not known)
    calcom_email: str | None = None


@dataclass(frozen=True)
class Subscription:
    team_id: str
    user_id: str
    channel: str
    events: frozenset[str]


class BookingMessage(NamedTuple):
    team_id: str
    uid: str
    channel: str
    ts: str
    kind: str


@dataclass(frozen=True)
class OutboxMessage:
    id: int
    team_id: str
    channel: str
    payload: dict[str, Any]
    key: str
    status: str  # queued | sent | failed
    attempts: int
    not_before: float
    sent_ts: str | None
    error: str | None
    user_id: str | None = None
    lease_owner: str | None = None  # the worker holding it until lease_until (None: nobody)
    lease_until: float | None = None


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(value: object) -> str:
    """JSON for a TEXT column: sorted keys, compact, dates as ISO-8601, sets as sorted lists."""
    return json.dumps(value, default=_json_default, sort_keys=True, separators=(",", ":"))
