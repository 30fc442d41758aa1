"""Booking changes, however calbot learns of them: the one ``Change`` type, its dedupe key,
Cal.com webhook parsing and signature checking. Pure functions, no I/O.

Dedupe keys (identical whether a change came by webhook, by the poller or from a Slack button):

    created:<uid>  requested:<uid>  confirmed:<uid>  rejected:<uid>  cancelled:<uid>
    rescheduled:<old_uid>:<new_uid>
    (a move that keeps its uid: rescheduled:<uid>:<uid>@<start epoch>)
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from calcom.models import Attendee, Booking, ChangeKind, Host, parse_instant

# The webhook triggers calbot subscribes to, and the change each announces.
TRIGGERS: dict[str, ChangeKind] = {
    "BOOKING_CREATED": ChangeKind.CREATED,
    "BOOKING_REQUESTED": ChangeKind.REQUESTED,
    "BOOKING_RESCHEDULED": ChangeKind.RESCHEDULED,
    "BOOKING_CANCELLED": ChangeKind.CANCELLED,
    "BOOKING_REJECTED": ChangeKind.REJECTED,
}

# Which `/cal notify` events a change is posted under. Decisions (see docs in notices/__init__):
# a declined request is posted to `requested` (the request's outcome, in its thread) and to
# `cancelled` (the meeting won't happen); a confirmation to `requested` and `created` (a meeting
# now exists); a reschedule that awaits approval to `requested` and `rescheduled`.
EVENTS_FOR: dict[ChangeKind, frozenset[str]] = {
    ChangeKind.CREATED: frozenset({"created"}),
    ChangeKind.REQUESTED: frozenset({"requested"}),
    ChangeKind.CONFIRMED: frozenset({"requested", "created"}),
    ChangeKind.REJECTED: frozenset({"requested", "cancelled"}),
    ChangeKind.CANCELLED: frozenset({"cancelled"}),
    ChangeKind.RESCHEDULED: frozenset({"rescheduled"}),
}

# The approval DM's outcome line per change kind (None: the DM is not settled by it).
OUTCOME = {ChangeKind.CONFIRMED: "Confirmed", ChangeKind.REJECTED: "Declined",
           ChangeKind.CANCELLED: "Cancelled", ChangeKind.RESCHEDULED: "Rescheduled"}


def dedupe_key(kind: ChangeKind | str, uid: str, old_uid: str | None = None,
               start: datetime | None = None) -> str:
    kind = ChangeKind(kind)  # ValueError for an unknown kind
    if kind == ChangeKind.RESCHEDULED:
        old = old_uid or uid
        if old == uid:
            epoch = int(start.timestamp()) if start is not None else 0
            return f"rescheduled:{uid}:{uid}@{epoch}"
        return f"rescheduled:{old}:{uid}"
    return f"{kind.value}:{uid}"


@dataclass(frozen=True)
class Change:
    """Something that happened to a booking. ``booking`` is its state after the change (for a
    reschedule, the NEW booking; ``old_uid``/``old_start`` describe the old one)."""

    kind: ChangeKind
    booking: Booking
    old_uid: str | None = None
    old_start: datetime | None = None
    by_user: str | None = None  # Slack user id, when done from Slack
    by_name: str | None = None  # the Cal.com side (organizer / attendee name or email)
    reason: str | None = None
    notes: str | None = None
    requires_confirmation: bool = False
    source: str = "webhook"  # webhook | poll | slack

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ChangeKind(self.kind))  # ValueError for a bad kind

    @property
    def uid(self) -> str:
        return self.booking.uid

    @property
    def key(self) -> str:
        return dedupe_key(self.kind, self.booking.uid, self.old_uid, self.booking.start)

    @property
    def events(self) -> frozenset[str]:
        if self.kind == ChangeKind.REQUESTED and self.old_uid:
            return frozenset({"requested", "rescheduled"})
        return EVENTS_FOR[self.kind]

    @property
    def thread_uids(self) -> list[str]:
        """The uids whose channel thread this change continues (a reschedule: new then old)."""
        uids = [self.booking.uid]
        if self.old_uid and self.old_uid != self.booking.uid:
            uids.append(self.old_uid)
        return uids

    def as_kind(self, kind: ChangeKind) -> Change:
        return replace(self, kind=ChangeKind(kind))


# ---- signatures -----------------------------------------------------------------------------


def sign(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_ok(body: bytes, secret: str | None, header: str | None) -> bool:
    """``X-Cal-Signature-256`` is the hex HMAC-SHA256 of the raw body (no prefix; a
    ``sha256=`` prefix is tolerated). Constant-time comparison."""
    if not secret or not header:
        return False
    given = header.strip().lower().removeprefix("sha256=")
    return hmac.compare_digest(given.encode(), sign(body, secret).encode())


# ---- webhook payloads -----------------------------------------------------------------------


class BadPayload(ValueError):
    pass


def _instant(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return parse_instant(value)
    except ValueError:
        return None


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _response_value(payload: dict[str, Any], name: str) -> Any:
    responses = payload.get("responses")
    if isinstance(responses, dict):
        item = responses.get(name)
        if isinstance(item, dict):
            return item.get("value")
    return None


def booking_from_payload(payload: dict[str, Any]) -> Booking:
    """A ``calcom.models.Booking`` from a webhook ``payload`` (Cal.com's CalendarEvent shape)."""
    uid = _text(payload.get("uid"))
    if not uid:
        raise BadPayload("no uid")
    attendees = []
    for a in payload.get("attendees") or []:
        if isinstance(a, dict):
            name = _text(a.get("name")) or ""  # a guest: no name (Booking drops the copy)
            attendees.append(Attendee(name=name, email=_text(a.get("email")) or "",
                                      time_zone=_text(a.get("timeZone")) or "UTC"))
    hosts = []
    organizer = payload.get("organizer")
    if isinstance(organizer, dict):
        hosts.append(Host(id=organizer.get("id") if isinstance(organizer.get("id"), int) else None,
                          name=_text(organizer.get("name")),
                          email=_text(organizer.get("email")) or "",
                          username=_text(organizer.get("username")),
                          time_zone=_text(organizer.get("timeZone"))))
    guests = _response_value(payload, "guests")
    video = payload.get("videoCallData")
    meta = payload.get("metadata")
    meeting_url = (video.get("url") if isinstance(video, dict) else None) or (
        meta.get("videoCallUrl") if isinstance(meta, dict) else None)
    try:
        return Booking.model_validate(dict(
            uid=uid,
            id=payload.get("bookingId") if isinstance(payload.get("bookingId"), int) else None,
            title=_text(payload.get("title")) or _text(payload.get("eventTitle")) or "",
            status=payload.get("status") or "unknown",
            start=payload.get("startTime"),
            end=payload.get("endTime"),
            duration=payload.get("length") if isinstance(payload.get("length"), int) else None,
            event_type_id=(payload.get("eventTypeId")
                           if isinstance(payload.get("eventTypeId"), int) else None),
            event_type_slug=_text(payload.get("type")),
            attendees=attendees,
            hosts=hosts,
            guests=[g for g in guests if isinstance(g, str)] if isinstance(guests, list) else [],
            description=_text(payload.get("description")),
            cancellation_reason=_text(payload.get("cancellationReason")),
            rescheduled_from_uid=_text(payload.get("rescheduleUid")),
            recurring_booking_uid=_text(payload.get("recurringEventId")),
            location=_text(payload.get("location")),
            meeting_url=_text(meeting_url),
            metadata=meta if isinstance(meta, dict) else {},
            recurrence=_recurrence(payload.get("recurringEvent")),
        ))
    except ValidationError as error:
        raise BadPayload(f"unreadable booking ({error.error_count()} problem(s))") from None


def _recurrence(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict) or not isinstance(value.get("freq"), int):
        return None
    count = value.get("count")
    interval = value.get("interval")
    return {"freq": value["freq"], "interval": interval if isinstance(interval, int) else 1,
            "count": count if isinstance(count, int) else None}


def _person(email: str | None, booking: Booking) -> str | None:
    """The name behind an email, from the booking's organizer and attendees; else the email."""
    if not email:
        return None
    lowered = email.lower()
    for host in booking.hosts:
        if host.email and host.email.lower() == lowered:
            return host.name or host.email
    for attendee in booking.attendees:
        if attendee.email and attendee.email.lower() == lowered:
            return attendee.name or attendee.email
    return email


def _organizer(booking: Booking) -> str | None:
    return next((h.name or h.email for h in booking.hosts if h.name or h.email), None)


def _attendee(booking: Booking) -> str | None:
    return next((a.name or a.email for a in booking.attendees if a.name or a.email), None)


def change_from_webhook(body: dict[str, Any]) -> Change | None:
    """The change a Cal.com webhook body announces; None for triggers calbot doesn't handle
    (e.g. PING). Raises BadPayload for an unreadable body.

    * BOOKING_CREATED → ``created`` (Notices upgrades it to ``confirmed`` when the booking was
      known as pending, or the event type requires confirmation: Cal.com sends BOOKING_CREATED
      when a host confirms).
    * BOOKING_REQUESTED → ``requested``; with ``rescheduleUid`` it is a reschedule awaiting
      approval (``old_uid`` set).
    * BOOKING_RESCHEDULED → ``rescheduled`` (``uid`` is the new booking, ``rescheduleUid`` the
      old one); if the new booking is PENDING it is a ``requested`` reschedule instead.
    * BOOKING_CANCELLED → ``cancelled`` (``cancelledBy``, ``cancellationReason``).
    * BOOKING_REJECTED → ``rejected`` (``rejectionReason``).
    """
    if not isinstance(body, dict):
        raise BadPayload("not an object")
    trigger = str(body.get("triggerEvent") or "").upper()
    kind = TRIGGERS.get(trigger)
    if kind is None:
        return None
    payload = body.get("payload")
    if not isinstance(payload, dict):
        raise BadPayload("no payload")
    booking = booking_from_payload(payload)
    old_uid = booking.rescheduled_from_uid
    old_start = _instant(payload.get("rescheduleStartTime"))
    requires = bool(payload.get("requiresConfirmation"))
    notes = _text(payload.get("additionalNotes")) or _text(_response_value(payload, "notes"))
    if kind == ChangeKind.RESCHEDULED and booking.is_pending:
        kind = ChangeKind.REQUESTED
    booked_in_slack = booking.slack_user  # made through calbot: credit the Slack user
    if kind == ChangeKind.REQUESTED:
        return Change(ChangeKind.REQUESTED, booking, old_uid=old_uid, old_start=old_start,
                      by_user=booked_in_slack, by_name=_attendee(booking), notes=notes,
                      requires_confirmation=True)
    if kind == ChangeKind.CREATED:
        return Change(ChangeKind.CREATED, booking, by_user=booked_in_slack,
                      by_name=_attendee(booking), notes=notes, requires_confirmation=requires)
    if kind == ChangeKind.RESCHEDULED:
        reason = _text(_response_value(payload, "rescheduleReason")) or _text(
            payload.get("reschedulingReason"))
        by = _person(_text(payload.get("rescheduledBy")), booking)
        return Change(ChangeKind.RESCHEDULED, booking, old_uid=old_uid or booking.uid,
                      old_start=old_start, by_name=by, reason=reason, notes=notes,
                      requires_confirmation=requires)
    if kind == ChangeKind.CANCELLED:
        by = _person(_text(payload.get("cancelledBy")), booking)
        return Change(ChangeKind.CANCELLED, booking.model_copy(update={"status": "cancelled"}),
                      by_name=by, reason=booking.cancellation_reason, notes=notes,
                      requires_confirmation=requires)
    reason = _text(payload.get("rejectionReason")) or booking.cancellation_reason
    return Change(ChangeKind.REJECTED, booking.model_copy(update={"status": "rejected"}),
                  by_name=_organizer(booking), reason=reason, notes=notes,
                  requires_confirmation=requires)


__all__ = [
    "EVENTS_FOR",
    "OUTCOME",
    "TRIGGERS",
    "BadPayload",
    "Change",
    "booking_from_payload",
    "change_from_webhook",
    "dedupe_key",
    "sign",
    "signature_ok",
]
