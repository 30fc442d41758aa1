"""What the fake Cal.com holds: users (one per API key), event types, bookings and webhooks,
and the rules that act on them (working hours, free slots, rescheduling).

Not thread-safe by itself: FakeCalcom holds its lock around every use.
"""

from __future__ import annotations

import copy
import random
import string
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from typing import Any
from zoneinfo import ZoneInfo

from tests.clock import START

ACTIVE_STATUSES = frozenset({"accepted", "pending", "awaiting_host"})
ENDED_STATUSES = frozenset({"cancelled", "rejected"})


@dataclass
class FakeUser:
    api_key: str
    id: int
    username: str
    email: str
    name: str
    time_zone: str
    work_start: dtime = dtime(9, 0)
    work_end: dtime = dtime(17, 0)
    work_days: frozenset[int] = frozenset({0, 1, 2, 3, 4})


@dataclass
class FakeEventType:
    id: int
    owner_key: str
    slug: str
    title: str
    length: int
    requires_confirmation: bool = False
    recurrence_count: int | None = None  # weekly, this many occurrences
    hidden: bool = False
    description: str = ""
    scheduling_type: str | None = None  # "roundRobin" / "collective": a team event type
    hosts: list[str] = field(default_factory=list)  # a team event type's hosts (API keys)
    locations: list[dict[str, Any]] = field(
        default_factory=lambda: [{"type": "integration", "integration": "cal-video"}])


@dataclass
class FakeBooking:
    id: int
    uid: str
    owner_key: str
    event_type_id: int
    title: str
    status: str
    start: datetime
    end: datetime
    attendees: list[dict[str, Any]]
    guests: list[str] = field(default_factory=list)
    notes: str | None = None
    description: str = ""
    location: str = "integrations:daily"
    absent_host: bool = False
    absent: set[str] = field(default_factory=set)  # attendees' and guests' emails, lowered
    recordings: list[dict[str, Any]] = field(default_factory=list)
    transcripts: list[str] = field(default_factory=list)
    cancellation_reason: str | None = None
    cancelled_by: str | None = None
    rejection_reason: str | None = None
    rescheduling_reason: str | None = None
    rescheduled_by: str | None = None
    rescheduled_from_uid: str | None = None
    rescheduled_to_uid: str | None = None
    recurring_booking_uid: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    created_at: datetime = START
    updated_at: datetime = START
    ical_sequence: int = 0

    @property
    def video_url(self) -> str:
        """The Cal Video room (only when the server has a video app)."""
        return f"https://app.cal.com/video/{self.uid}"


@dataclass
class FakeWebhook:
    id: str  # Cal.com's webhook ids are UUID strings
    owner_key: str
    subscriber_url: str
    triggers: list[str]
    secret: str | None
    active: bool = True
    payload_template: str | None = None


class CalcomState:
    """The accounts and their data; ``now`` stamps what changes."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        self.now = now
        self.users: dict[str, FakeUser] = {}  # API key -> user ("revoked:<key>" once revoked)
        self.event_types: dict[int, FakeEventType] = {}
        self.bookings: dict[str, FakeBooking] = {}
        self.webhooks: dict[str, FakeWebhook] = {}
        self.video_app = False  # like the recorded server: no video app installed
        self._rng = random.Random(1234)
        self._next_ids = {"user": 1, "event_type": 1001, "booking": 5001, "webhook": 701}

    def new_webhook_id(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def next_id(self, kind: str) -> int:
        value = self._next_ids[kind]
        self._next_ids[kind] += 1
        return value

    def new_uid(self) -> str:
        alphabet = string.ascii_letters + string.digits
        while True:
            uid = "".join(self._rng.choice(alphabet) for _ in range(22))
            if uid not in self.bookings:
                return uid

    # ---- lookups -------------------------------------------------------------------------

    def owner(self, key: str) -> FakeUser:
        """The user an API key belongs (or belonged, if revoked) to."""
        if key in self.users:
            return self.users[key]
        return self.users["revoked:" + key]

    def event_type_id(self, api_key: str, slug: str) -> int:
        for et in self.event_types.values():
            if et.owner_key == api_key and et.slug == slug:
                return et.id
        raise KeyError(slug)

    def event_type_by_slug(self, username: str, slug: str) -> FakeEventType | None:
        return next((et for et in self.event_types.values()
                     if et.slug == slug and self.owner(et.owner_key).username == username), None)

    def webhooks_of(self, api_key: str) -> list[FakeWebhook]:
        return [w for w in self.webhooks.values() if w.owner_key == api_key]

    def series(self, uid: str) -> list[FakeBooking]:
        """The occurrences of a recurring booking, by the series uid."""
        return [b for b in self.bookings.values() if b.recurring_booking_uid == uid]

    # ---- changes -------------------------------------------------------------------------

    def touch(self, booking: FakeBooking) -> None:
        booking.updated_at = max(self.now(), booking.updated_at + timedelta(milliseconds=1))

    def new_booking(
        self,
        et: FakeEventType,
        start: datetime,
        attendees: list[dict[str, Any]],
        *,
        status: str,
        guests: list[str] | None = None,
        notes: str | None = None,
        recurring_uid: str | None = None,
    ) -> FakeBooking:
        owner = self.owner(et.owner_key)
        booking = FakeBooking(
            id=self.next_id("booking"), uid=self.new_uid(), owner_key=et.owner_key,
            event_type_id=et.id,
            title=f"{et.title} between {owner.name} and {attendees[0]['name']}",
            status=status, start=start, end=start + timedelta(minutes=et.length),
            attendees=attendees, guests=list(guests or []), notes=notes,
            description=notes or "", recurring_booking_uid=recurring_uid,
            created_at=self.now(), updated_at=self.now(),
        )
        self.bookings[booking.uid] = booking
        return booking

    def cancel(self, booking: FakeBooking, reason: str | None, by: str | None) -> None:
        booking.status = "cancelled"
        booking.cancellation_reason = reason
        booking.cancelled_by = by
        booking.ical_sequence += 1
        self.touch(booking)

    def decide(self, booking: FakeBooking, status: str, reason: str | None = None) -> None:
        """A pending booking confirmed (``accepted``) or declined (``rejected``)."""
        booking.status = status
        if status == "rejected":
            booking.rejection_reason = reason
        self.touch(booking)

    def reschedule(
        self, old: FakeBooking, start: datetime, *, reason: str | None, by: str | None,
        confirmed: bool,
    ) -> FakeBooking:
        """Cal.com's reschedule: a new booking (new uid), the old one cancelled."""
        et = self.event_types[old.event_type_id]
        new = self.new_booking(
            et, start, copy.deepcopy(old.attendees),
            status="pending" if (et.requires_confirmation and not confirmed) else "accepted",
            guests=old.guests, notes=old.notes,
        )
        new.title = old.title
        new.rescheduled_from_uid = old.uid
        new.rescheduling_reason = reason
        new.rescheduled_by = by
        new.ical_sequence = old.ical_sequence + 1
        old.status = "cancelled"
        old.rescheduled_to_uid = new.uid
        old.rescheduling_reason = reason
        old.rescheduled_by = by
        self.touch(old)
        return new

    # ---- availability --------------------------------------------------------------------

    def free_starts(
        self, user: FakeUser, length: int, start: datetime, end: datetime,
        ignore_uid: str | None = None,
    ) -> list[datetime]:
        """Slot starts in [start, end], inside working hours, not in the past, not taken."""
        zone = ZoneInfo(user.time_zone)
        busy = [
            (b.start, b.end) for b in self.bookings.values()
            if b.owner_key == user.api_key and b.status in ACTIVE_STATUSES
            and b.uid != ignore_uid
        ]
        now = self.now()
        out: list[datetime] = []
        day = start.astimezone(zone).date() - timedelta(days=1)
        last = end.astimezone(zone).date() + timedelta(days=1)
        while day <= last:
            if day.weekday() in user.work_days:
                slot = datetime.combine(day, user.work_start, tzinfo=zone)
                close = datetime.combine(day, user.work_end, tzinfo=zone)
                while slot + timedelta(minutes=length) <= close:
                    s = slot.astimezone(UTC)
                    e = s + timedelta(minutes=length)
                    if start <= s <= end and s >= now and not any(
                        s < be and bs < e for bs, be in busy
                    ):
                        out.append(s)
                    slot += timedelta(minutes=length)
            day += timedelta(days=1)
        return out

    def is_free(self, et: FakeEventType, start: datetime, ignore_uid: str | None = None) -> bool:
        user = self.owner(et.owner_key)
        return start in self.free_starts(user, et.length, start, start, ignore_uid)
