"""Judging a change as it arrives, before it is announced: who really did it, whether it is
news or a late echo, and whether it is one more occurrence of a series already announced.
Pure functions of the change and what calbot already knew of the booking."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from calcom.models import DONE_STATUSES, ChangeKind
from notices.changes import Change

ACTING_KEY = "acting"  # in a booking's snapshot: who is acting on it from Slack, right now
ACTING_FOR_S = 600.0  # a note of who is acting credits changes arriving within this window
_LATE_CREATIONS = (ChangeKind.CREATED, ChangeKind.REQUESTED)


def acting_note(actor: str, kind: ChangeKind, reason: str | None, at: float) -> dict[str, Any]:
    return {"user": actor, "kind": kind.value, "reason": reason, "at": at}


def credited(change: Change, previous: dict[str, Any] | None, now: float) -> Change:
    """A change Cal.com tells us of (webhook, poll) that a Slack user is making right now
    names that user, and their reason when Cal.com's body has none (its webhooks carry no
    `cancelledBy` or reschedule reason)."""
    if change.source == "slack" or not previous:
        return change
    note = previous.get(ACTING_KEY)
    if not isinstance(note, dict) or now - float(note.get("at") or 0) > ACTING_FOR_S:
        return change
    kinds = {note.get("kind")}
    if note.get("kind") == ChangeKind.CONFIRMED:
        kinds.add(ChangeKind.CREATED)  # Cal.com announces a confirmation as BOOKING_CREATED
    if change.kind not in kinds:
        return change
    user = note.get("user")
    reason = note.get("reason") if isinstance(note.get("reason"), str) else None
    return replace(change, by_user=user if isinstance(user, str) else change.by_user,
                   reason=change.reason or reason)


def stale(change: Change, previous: dict[str, Any] | None) -> bool:
    """A late echo that would contradict what calbot already knows: a creation or a request
    for a booking known as cancelled or declined, a request for one already confirmed."""
    if not previous or change.old_uid:
        return False
    status = previous.get("status")
    if change.kind in _LATE_CREATIONS and status in DONE_STATUSES:
        return True
    return bool(change.kind == ChangeKind.REQUESTED and status == "accepted"
                and previous.get("pending_seen"))


def series_marks(change: Change) -> tuple[str, str] | None:
    """For a new occurrence of a weekly or daily series (Cal.com sends one BOOKING_CREATED per
    occurrence, with no series id): this occurrence's mark, and the one its predecessor
    would have left. None when the change is not such an occurrence."""
    booking = change.booking
    rule = booking.recurrence
    if change.kind not in _LATE_CREATIONS or rule is None or rule.period is None:
        return None
    who = ",".join(sorted(booking.attendee_emails))
    base = f"series:{booking.event_type_id}:{who}:{rule.freq}:{rule.interval}"
    return f"{base}:{_at(booking.start)}", f"{base}:{_at(booking.start - rule.period)}"


def _at(instant: datetime) -> int:
    return int(instant.timestamp())
