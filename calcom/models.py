"""Pydantic models for the parts of Cal.com API v2 calbot uses.

All models ignore unknown fields, accept both Cal.com's camelCase and our snake_case names, and
tolerate missing optional fields. Datetimes are aware and in UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_camel

# Booking statuses as the API writes them (webhooks write them UPPERCASE; models lower them).
PENDING_STATUSES = frozenset({"pending", "awaiting_host"})
DONE_STATUSES = frozenset({"cancelled", "rejected"})
ACCEPTED = "accepted"
# Booking metadata key: the Slack user who made the booking through calbot.
SLACK_USER_KEY = "calbot_slack_user"
_SLACK_USER_ID = re.compile(r"[UW][A-Z0-9]{2,20}")


class ChangeKind(StrEnum):
    """What happened to a booking: the one vocabulary of commands, notices and Block Kit."""

    CREATED = "created"
    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    RESCHEDULED = "rescheduled"


def parse_instant(value: str) -> datetime:
    """An ISO-8601 instant (``Z`` or an offset; naive means UTC) as an aware UTC datetime."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def iso_z(instant: datetime) -> str:
    """An aware instant as UTC ISO-8601 with ``Z`` (what Cal.com wants for ``start``)."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("naive datetime: pass an aware instant (UTC)")
    instant = instant.astimezone(UTC)
    if instant.microsecond:
        return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ")


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
        populate_by_name=True,
        alias_generator=to_camel,
        frozen=False,
    )


def _utc(value: Any) -> Any:
    """Parse ISO strings (``Z`` or offsets) and make every datetime aware UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return parse_instant(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
    return value


def _none_if_blank(value: Any) -> Any:
    return None if value == "" else value


class Attendee(_Model):
    """A booking attendee; also the input to ``create_booking``."""

    name: str
    email: str = ""
    time_zone: str = "UTC"
    language: str | None = None
    phone_number: str | None = None
    absent: bool = False


class Host(_Model):
    id: int | None = None
    name: str | None = None
    email: str = ""
    username: str | None = None
    time_zone: str | None = None


class Recurrence(_Model):
    """A recurring booking's rule as Cal.com's webhooks carry it (RRULE frequency numbers:
    0 yearly, 1 monthly, 2 weekly, 3 daily); ``count`` only on a series' cancellation."""

    freq: int
    interval: int = 1
    count: int | None = None

    @property
    def period(self) -> timedelta | None:
        """The time between occurrences, when it is a fixed length (weekly, daily)."""
        days = {2: 7, 3: 1}.get(self.freq)
        return timedelta(days=days * max(1, self.interval)) if days else None

    @property
    def words(self) -> str:
        unit = {0: "yearly", 1: "monthly", 2: "weekly", 3: "daily"}.get(self.freq, "recurring")
        return unit if self.interval <= 1 else f"every {self.interval} ({unit})"


class Booking(_Model):
    uid: str
    id: int | None = None
    title: str = ""
    status: str = "unknown"
    start: datetime
    end: datetime | None = None
    duration: int | None = None
    event_type_id: int | None = None
    event_type_slug: str | None = None
    attendees: list[Attendee] = Field(default_factory=list)
    hosts: list[Host] = Field(default_factory=list)
    guests: list[str] = Field(default_factory=list)
    description: str | None = None
    cancellation_reason: str | None = None
    cancelled_by_email: str | None = None
    rescheduled_by_email: str | None = None
    rescheduling_reason: str | None = None
    rescheduled_from_uid: str | None = None
    rescheduled_to_uid: str | None = None
    recurring_booking_uid: str | None = None
    location: str | None = None
    meeting_url: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    recurrence: Recurrence | None = None
    absent_host: bool = False

    @model_validator(mode="before")
    @classmethod
    def _flatten_event_type(cls, data: Any) -> Any:
        if isinstance(data, dict):
            event_type = data.get("eventType")
            if isinstance(event_type, dict):
                data = dict(data)
                if data.get("eventTypeId") is None and data.get("event_type_id") is None:
                    data["eventTypeId"] = event_type.get("id")
                if data.get("eventTypeSlug") is None and data.get("event_type_slug") is None:
                    data["eventTypeSlug"] = event_type.get("slug")
            for key in ("attendees", "hosts", "guests"):
                if key in data and data[key] is None:
                    data = {**data, key: []}
            if "metadata" in data and not isinstance(data["metadata"], dict):
                data = {**data, "metadata": {}}
        return data

    @field_validator("status", mode="before")
    @classmethod
    def _lower_status(cls, value: Any) -> Any:
        if value is None:
            return "unknown"
        return str(value).strip().lower()

    @field_validator("start", "end", "created_at", "updated_at", mode="before")
    @classmethod
    def _to_utc(cls, value: Any) -> Any:
        return _utc(value)

    @field_validator("duration", "id", "event_type_id", mode="before")
    @classmethod
    def _int(cls, value: Any) -> Any:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    @field_validator(
        "cancellation_reason", "rescheduled_from_uid", "rescheduled_to_uid", "location",
        "meeting_url", "recurring_booking_uid", "description", "cancelled_by_email",
        "rescheduled_by_email", "rescheduling_reason", mode="before",
    )
    @classmethod
    def _blank(cls, value: Any) -> Any:
        return _none_if_blank(value)

    @model_validator(mode="after")
    def _guests_once(self) -> Booking:
        """Cal.com lists guests among the attendees too, with an empty name: keep them once,
        as guests; an attendee with no name otherwise is shown by their email."""
        guests = {g.lower() for g in self.guests}
        kept = []
        for attendee in self.attendees:
            if not attendee.name.strip():
                if attendee.email.lower() in guests:
                    continue
                attendee = attendee.model_copy(update={"name": attendee.email or "someone"})
            kept.append(attendee)
        self.attendees = kept
        return self

    @property
    def attendee_emails(self) -> list[str]:
        return [a.email.lower() for a in self.attendees if a.email]

    @property
    def is_pending(self) -> bool:
        """Awaiting the host's approval."""
        return self.status in PENDING_STATUSES

    @property
    def is_done(self) -> bool:
        """Cancelled or declined: nothing more can happen to it."""
        return self.status in DONE_STATUSES

    @property
    def is_accepted(self) -> bool:
        return self.status == ACCEPTED

    @property
    def slack_user(self) -> str | None:
        """The Slack user calbot noted in the booking's metadata when it made it (if any)."""
        value = self.metadata.get(SLACK_USER_KEY)
        return value if isinstance(value, str) and _SLACK_USER_ID.fullmatch(value) else None


class EventType(_Model):
    id: int
    slug: str = ""
    title: str = ""
    description: str | None = None
    length: int = Field(default=0, alias="lengthInMinutes")
    requires_confirmation: bool = False
    recurring: bool = False
    recurrence_count: int | None = None
    hidden: bool = False
    scheduling_type: str | None = None  # team event types: roundRobin, collective, managed
    locations: list[dict[str, Any]] = Field(default_factory=list)

    @property
    def is_round_robin(self) -> bool:
        return (self.scheduling_type or "").lower().replace("_", "") == "roundrobin"

    @model_validator(mode="before")
    @classmethod
    def _derive(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if "lengthInMinutes" not in data and "length" in data:
            data["lengthInMinutes"] = data.pop("length")
        if "requiresConfirmation" in data and "requires_confirmation" not in data:
            data["requires_confirmation"] = bool(data["requiresConfirmation"])
        policy = data.get("confirmationPolicy")
        if "requires_confirmation" not in data and isinstance(policy, dict):
            data["requires_confirmation"] = bool(policy) and not policy.get("disabled", False)
        if "recurring" not in data and "recurrence" in data:
            recurrence = data.get("recurrence")
            active = isinstance(recurrence, dict) and bool(recurrence) and not recurrence.get(
                "disabled", False
            )
            data["recurring"] = active
            if active and isinstance(recurrence, dict) and "recurrence_count" not in data:
                data["recurrence_count"] = recurrence.get("occurrences")
        return data

    @field_validator("id", "length", "recurrence_count", mode="before")
    @classmethod
    def _int(cls, value: Any) -> Any:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value


class Me(_Model):
    id: int
    email: str = ""
    username: str | None = None
    name: str | None = None
    time_zone: str = "UTC"

    @field_validator("time_zone", mode="before")
    @classmethod
    def _tz(cls, value: Any) -> Any:
        return value or "UTC"


class CalendarLink(_Model):
    """An "add to calendar" link of a booking (Google, Outlook, ICS …)."""

    label: str
    link: str


class Recording(_Model):
    """A Cal Video recording of a booking."""

    id: str = ""
    status: str = ""
    duration: float | None = None
    download_link: str | None = None


class Reassigned(_Model):
    """Who a round-robin booking was handed to."""

    id: int | None = None
    name: str | None = None
    email: str = ""
    booking_uid: str | None = None


class Webhook(_Model):
    id: int | str
    subscriber_url: str = ""
    triggers: list[str] = Field(default_factory=list)
    active: bool = True
    secret: str | None = None
    payload_template: str | None = None
    user_id: int | None = None

    @field_validator("id", "user_id", mode="before")
    @classmethod
    def _int(cls, value: Any) -> Any:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value


__all__ = [
    "ACCEPTED", "DONE_STATUSES", "PENDING_STATUSES", "SLACK_USER_KEY", "Attendee", "Booking",
    "CalendarLink", "ChangeKind", "EventType", "Host", "Me", "Reassigned", "Recording",
    "Recurrence", "Webhook", "iso_z", "parse_instant",
]
