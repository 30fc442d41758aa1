"""The Cal.com API v2 operations the fake implements, one method each, named after the spec's
operation (``createBooking`` → :meth:`Operations.op_createBooking`).

Each gets the caller, the path parameters, the query (repeated values joined by commas) and
the JSON body already checked against the spec, and returns ``(status, data)`` (wrapped in the
success envelope unless it is an :class:`Envelope`) or raises :class:`ApiError`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tests.fakes.calcom.shapes import (
    ApiError,
    Envelope,
    booking_out,
    event_type_out,
    me_out,
    webhook_out,
)
from tests.fakes.calcom.state import (
    ACTIVE_STATUSES,
    ENDED_STATUSES,
    CalcomState,
    FakeBooking,
    FakeEventType,
    FakeUser,
    FakeWebhook,
)

Emit = Callable[[str, FakeBooking], None]

# What the real server lets anyone do by uid, with another user's key or with no key at all
# (recorded: 026, 038, 056, 057, 079, 081, 100). calbot has to decide who may act itself.
# Without a key: what a public booking page calls (event types by username show only the
# public ones, as to anyone but their owner).
OPEN_OPERATIONS = frozenset({"getBooking", "cancelBooking", "rescheduleBooking",
                             "createBooking", "getAvailableSlots", "getEventTypes"})
NOT_AUTHORIZED = "You are not authorized to access this resource"
BAD_REQUEST = "Bad request: Please check your request data and try again"


def parse_when(value: Any, *, end_of_day: bool = False) -> datetime:
    if not isinstance(value, str) or not value:
        raise ApiError(400, f"Invalid date {value!r}")
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        day = date.fromisoformat(text)
        moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
        return moment + timedelta(days=1, seconds=-1) if end_of_day else moment
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ApiError(400, f"Invalid ISO 8601 date {value!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def time_zone(name: Any) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ApiError(400, f"Invalid time zone {name!r}") from None


class Operations:
    """The operations over ``state``; ``emit(trigger, booking)`` queues a webhook."""

    def __init__(self, state: CalcomState, emit: Emit) -> None:
        self.state = state
        self.emit = emit

    def found(self, uid: str) -> FakeBooking:
        """Any booking by uid, whoever asks (the real server checks nothing here)."""
        booking = self.state.bookings.get(uid)
        if booking is None:
            raise ApiError(404, f"Booking with uid={uid} was not found in the database")
        return booking

    def hosted(self, user: FakeUser | None, uid: str) -> FakeBooking:
        """A booking only its host may act on (confirm, decline): the real server answers a
        non-host 401 (061, 062) and a request without a key 403 (063)."""
        booking = self.found(uid)
        if user is None:
            raise ApiError(403, "PermissionsGuard - no authentication provided")
        if booking.owner_key != user.api_key:
            raise ApiError(401, NOT_AUTHORIZED, code="TRPCError")
        return booking

    def named(self, uid: str) -> tuple[list[FakeBooking], bool]:
        """The bookings ``uid`` names, and whether it is a series uid (then: every
        occurrence, by start)."""
        series = self.state.series(uid)
        if uid in self.state.bookings or not series:
            return [self.found(uid)], False
        return sorted(series, key=lambda b: b.start), True

    def bookable(self, et: FakeEventType, starts: list[datetime],
                 ignore_uid: str | None = None) -> None:
        if starts[0] < self.state.now():
            raise ApiError(400, "Attempting to book a meeting in the past.")
        for start in starts:
            if not self.state.is_free(et, start, ignore_uid):
                raise ApiError(400, "User either already has booking at this time or is not "
                                    "available")

    def op_getMe(self, *, user: FakeUser, **_: Any) -> tuple[int, Any]:
        return 200, me_out(user)

    def op_getEventTypes(self, *, user: FakeUser | None, query: dict[str, str],
                         **_: Any) -> tuple[int, Any]:
        if "username" not in query:  # this build needs it (recorded 011; 012 works)
            raise ApiError(404, "Event types not found")
        found = [u for u in self.state.users.values() if u.username == query["username"]]
        if not found:
            raise ApiError(404, "Event types not found")
        owner_key = found[0].api_key
        types = [et for et in self.state.event_types.values() if et.owner_key == owner_key]
        if user is None or owner_key != user.api_key:  # not theirs: what their page shows
            types = [et for et in types if not et.hidden]
        if "eventSlug" in query:
            types = [et for et in types if et.slug == query["eventSlug"]]
        return 200, [event_type_out(self.state, et) for et in types]

    def op_getBookings(self, *, user: FakeUser, query: dict[str, str],
                       **_: Any) -> tuple[int, Any]:
        now = self.state.now()
        items = [b for b in self.state.bookings.values() if b.owner_key == user.api_key]
        statuses = [s for s in query.get("status", "").split(",") if s]
        if statuses:
            def keep(b: FakeBooking) -> bool:
                for s in statuses:
                    if s == "upcoming" and b.end >= now and b.status in ACTIVE_STATUSES:
                        return True
                    if s == "unconfirmed" and b.end >= now and b.status == "pending":
                        return True
                    if s == "past" and b.end <= now and b.status in ACTIVE_STATUSES:
                        return True
                    if s == "cancelled" and b.status in ENDED_STATUSES:
                        return True
                    if s == "recurring" and b.recurring_booking_uid and b.end >= now:
                        return True
                return False
            items = [b for b in items if keep(b)]
        if "attendeeEmail" in query:
            email = query["attendeeEmail"].lower()
            items = [b for b in items if any(a["email"].lower() == email for a in b.attendees)]
        if "attendeeName" in query:
            items = [b for b in items if any(a["name"] == query["attendeeName"]
                                             for a in b.attendees)]
        if "bookingUid" in query:
            items = [b for b in items if b.uid == query["bookingUid"]]
        ids = {int(x) for key in ("eventTypeId", "eventTypeIds")
               for x in query.get(key, "").split(",") if x.strip().isdigit()}
        if ids:
            items = [b for b in items if b.event_type_id in ids]
        bounds: list[tuple[str, Callable[[FakeBooking], datetime], bool]] = [
            ("afterStart", lambda b: b.start, True), ("beforeEnd", lambda b: b.end, False),
            ("afterCreatedAt", lambda b: b.created_at, True),
            ("beforeCreatedAt", lambda b: b.created_at, False),
            ("afterUpdatedAt", lambda b: b.updated_at, True),
            ("beforeUpdatedAt", lambda b: b.updated_at, False),
        ]
        for key, attr, after in bounds:
            if key in query:
                limit = parse_when(query[key])
                items = [b for b in items if (attr(b) >= limit if after else attr(b) <= limit)]
        sort_key: Callable[[FakeBooking], Any] = lambda b: (b.start, b.id)  # noqa: E731
        reverse = False
        for key, field_name in (("sortStart", "start"), ("sortEnd", "end"),
                                ("sortCreated", "created_at"), ("sortUpdatedAt", "updated_at")):
            if key in query:
                sort_key = functools.partial(lambda a, b: (getattr(b, a), b.id), field_name)
                reverse = query[key] == "desc"
        items.sort(key=sort_key, reverse=reverse)
        take = int(float(query.get("take", 100)))
        skip = int(float(query.get("skip", 0)))
        if not 1 <= take <= 250:  # recorded 050, 051
            raise ApiError(400, "Bad Request Exception")
        page = items[skip:skip + take]
        total = len(items)
        return 200, Envelope({
            "status": "success",
            "data": [booking_out(self.state, b) for b in page],
            "pagination": {
                "totalItems": total,
                "remainingItems": max(0, total - skip - len(page)),
                "returnedItems": len(page),
                "itemsPerPage": take,
                "currentPage": skip // take + 1,
                "totalPages": -(-total // take),
                "hasNextPage": skip + len(page) < total,
                "hasPreviousPage": skip > 0,
            },
        })

    def op_getBooking(self, *, params: dict[str, str], **_: Any) -> tuple[int, Any]:
        found, is_series = self.named(params["bookingUid"])
        if is_series:
            return 200, [booking_out(self.state, b) for b in found]
        return 200, booking_out(self.state, found[0])

    def op_createBooking(self, *, body: dict[str, Any],
                         **_: Any) -> tuple[int, Any]:
        if body.get("instant"):
            raise ApiError(400, "Instant bookings are only available for team event types")
        et: FakeEventType | None = None
        if "eventTypeId" in body:
            et = self.state.event_types.get(int(body["eventTypeId"]))
            if et is None:
                raise ApiError(404, f"Event type with id={body['eventTypeId']} not found")
        elif body.get("eventTypeSlug") and body.get("username"):
            et = self.state.event_type_by_slug(body["username"], body["eventTypeSlug"])
            if et is None:
                raise ApiError(404, "Event type not found")
        else:
            raise ApiError(400, "Either eventTypeId or eventTypeSlug + username is required")
        attendee = body["attendee"]
        if not attendee.get("email") and not attendee.get("phoneNumber"):
            raise ApiError(400, "Attendee email or phone number is required")
        time_zone(attendee["timeZone"])
        start = parse_when(body["start"])
        if not body["start"].endswith("Z"):
            raise ApiError(400, "start must be in UTC (ISO 8601 ending with Z)")
        occurrences = 1
        if et.recurrence_count:
            occurrences = int(body.get("recurrenceCount") or et.recurrence_count)
            if occurrences > et.recurrence_count:
                raise ApiError(400, "recurrenceCount can't be more than the event type's "
                                    f"maximum of {et.recurrence_count}")
        starts = [start + timedelta(weeks=i) for i in range(occurrences)]
        self.bookable(et, starts)
        status = "pending" if et.requires_confirmation else "accepted"
        person = {"name": attendee["name"], "email": attendee.get("email", ""),
                  "timeZone": attendee["timeZone"], "language": attendee.get("language", "en")}
        notes = (body.get("bookingFieldsResponses") or {}).get("notes")
        series_uid = self.state.new_uid() if occurrences > 1 or et.recurrence_count else None
        made = [self.state.new_booking(et, s, [dict(person)], status=status,
                                       guests=body.get("guests") or [], notes=notes,
                                       recurring_uid=series_uid) for s in starts]
        for booking in made:
            booking.metadata = dict(body.get("metadata") or {})
            # One webhook per occurrence, with no series id in it (recorded 007-009, 025-027).
            self.emit("BOOKING_REQUESTED" if status == "pending" else "BOOKING_CREATED",
                      booking)
        if series_uid:
            return 201, [booking_out(self.state, b) for b in made]
        return 201, booking_out(self.state, made[0])

    def op_cancelBooking(self, *, user: FakeUser | None, params: dict[str, str],
                         body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        uid = params["bookingUid"]
        if "seatUid" in body:
            raise ApiError(400, "Booking is not a seated booking")
        reason = (body.get("cancellationReason") or "").strip()
        targets, is_series = self.named(uid) if (
            uid in self.state.bookings or self.state.series(uid)) else ([], False)
        if not targets:
            raise ApiError(404, f"Booking with uid={uid} not found")
        if body.get("cancelSubsequentBookings") and targets[0].recurring_booking_uid:
            first = targets[0]
            targets = [b for b in self.state.bookings.values()
                       if b.recurring_booking_uid == first.recurring_booking_uid
                       and b.start >= first.start]
        if all(b.status in ENDED_STATUSES for b in targets):
            raise ApiError(400, f"Can't cancel booking with uid={uid} because it has been "
                                "cancelled already. Please provide uid of a booking that is "
                                "not cancelled.")
        is_host = user is not None and user.api_key == targets[0].owner_key
        if is_host and not reason:  # only a host must say why (recorded 074; 079, 081)
            raise ApiError(400, "Cancellation reason is required when you are the host",
                           bare=True)
        for b in targets:
            if b.status not in ENDED_STATUSES:
                self.state.cancel(b, reason or None, None)  # cancelledByEmail: null by key
        # A series' cancellation sends one webhook, for its first occurrence (020, 034).
        self.emit("BOOKING_CANCELLED", targets[0])
        if len(targets) > 1 or is_series:
            return 200, [booking_out(self.state, b) for b in targets]
        return 200, booking_out(self.state, targets[0])

    def op_rescheduleBooking(self, *, params: dict[str, str], body: dict[str, Any],
                             **_: Any) -> tuple[int, Any]:
        old = self.state.bookings.get(params["bookingUid"])
        if old is None:  # the real server crashes on an unknown uid (recorded 093)
            raise ApiError(500, "Internal server error")
        if old.rescheduled_to_uid:
            raise ApiError(400, f"Can't reschedule booking with uid={old.uid} because it has "
                                "been cancelled and rescheduled already")
        if old.status in ENDED_STATUSES:
            raise ApiError(400, f"Can't reschedule booking with uid={old.uid} because it has "
                                "been cancelled. Please provide uid of a booking that is not "
                                "cancelled.")
        start = parse_when(body["start"])
        self.bookable(self.state.event_types[old.event_type_id], [start], ignore_uid=old.uid)
        by = body.get("rescheduledBy")
        owner = self.state.owner(old.owner_key)
        new = self.state.reschedule(
            old, start, reason=body.get("reschedulingReason"), by=None,
            confirmed=isinstance(by, str) and by.lower() == owner.email.lower())
        self.emit("BOOKING_REQUESTED" if new.status == "pending" else "BOOKING_RESCHEDULED",
                  new)
        return 201, booking_out(self.state, new)

    def decided(self, user: FakeUser | None, uid: str, status: str,
                reason: str | None = None) -> tuple[int, Any]:
        """The host confirms (``accepted``) or declines (``rejected``), as the real server
        does: confirming a declined booking re-accepts it (070), declining twice succeeds
        (069), and confirming or declining an accepted one is a generic 400 (066, 067, 072)."""
        booking = self.hosted(user, uid)
        if booking.status == "accepted" or booking.status == "cancelled":
            raise ApiError(400, BAD_REQUEST)
        self.state.decide(booking, status, reason)
        self.emit("BOOKING_CREATED" if status == "accepted" else "BOOKING_REJECTED", booking)
        return 200, booking_out(self.state, booking)

    def op_confirmBooking(self, *, user: FakeUser | None, params: dict[str, str],
                         **_: Any) -> tuple[int, Any]:
        return self.decided(user, params["bookingUid"], "accepted")

    def op_declineBooking(self, *, user: FakeUser | None, params: dict[str, str],
                         body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        return self.decided(user, params["bookingUid"], "rejected", body.get("reason"))

    # ---- the whole booking ---------------------------------------------------------------

    def op_getEventTypeById(self, *, user: FakeUser, params: dict[str, str],
                            **_: Any) -> tuple[int, Any]:
        et = self.state.event_types.get(int(float(params["eventTypeId"])))
        if et is None or (et.owner_key != user.api_key and user.api_key not in et.hosts):
            raise ApiError(404, f"Event type with id={params['eventTypeId']} not found")
        return 200, event_type_out(self.state, et)

    def involved(self, user: FakeUser, uid: str) -> FakeBooking:
        """A booking its host acts on (the real server answers others 403)."""
        booking = self.found(uid)
        if booking.owner_key != user.api_key:
            raise ApiError(403, "You are not allowed to update this booking")
        return booking

    def op_getCalendarLinks(self, *, user: FakeUser, params: dict[str, str],
                            **_: Any) -> tuple[int, Any]:
        b = self.found(params["bookingUid"])
        title = b.title.replace(" ", "+")
        start, end = b.start.strftime("%Y%m%dT%H%M%SZ"), b.end.strftime("%Y%m%dT%H%M%SZ")
        return 200, [
            {"label": "Google", "link": "https://calendar.google.com/calendar/r/eventedit?"
                                        f"dates={start}/{end}&text={title}"},
            {"label": "Microsoft Outlook", "link": "https://outlook.live.com/calendar/0/"
                                                   f"deeplink/compose?subject={title}"},
            {"label": "Microsoft Office", "link": "https://outlook.office.com/calendar/0/"
                                                  f"deeplink/compose?subject={title}"},
            {"label": "ICS", "link": f"data:text/calendar,BEGIN:VCALENDAR%0AUID:{b.uid}"},
        ]

    def op_getBookingRecordings(self, *, user: FakeUser, params: dict[str, str],
                                **_: Any) -> tuple[int, Any]:
        b = self.found(params["bookingUid"])
        return 200, [dict(r) for r in b.recordings]

    def op_getBookingTranscripts(self, *, user: FakeUser, params: dict[str, str],
                                 **_: Any) -> tuple[int, Any]:
        b = self.found(params["bookingUid"])
        return 200, list(b.transcripts)

    def op_updateBookingLocation(self, *, user: FakeUser, params: dict[str, str],
                                 body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        b = self.involved(user, params["bookingUid"])
        if b.status in ENDED_STATUSES:
            raise ApiError(400, "Cannot update location of a cancelled booking")
        location = body.get("location")
        if not isinstance(location, dict):
            raise ApiError(400, "location must be an object")
        value = next((location[k] for k in ("link", "phone", "address", "location")
                      if k in location), None)
        if not isinstance(value, str) or not value.strip():
            raise ApiError(400, "location needs a value")
        b.location = value.strip()
        self.state.touch(b)
        return 200, booking_out(self.state, b)

    def op_addGuests(self, *, user: FakeUser, params: dict[str, str], body: dict[str, Any],
                     **_: Any) -> tuple[int, Any]:
        b = self.involved(user, params["bookingUid"])
        guests = body["guests"]
        if len(guests) > 10:
            raise ApiError(400, "You can add at most 10 guests at once")
        known = {a["email"].lower() for a in b.attendees} | {g.lower() for g in b.guests}
        for guest in guests:
            if guest["email"].lower() not in known:
                b.guests.append(guest["email"])
                known.add(guest["email"].lower())
        self.state.touch(b)
        return 200, booking_out(self.state, b)

    def op_markNoShow(self, *, user: FakeUser, params: dict[str, str], body: dict[str, Any],
                      **_: Any) -> tuple[int, Any]:
        b = self.involved(user, params["bookingUid"])
        if b.start > self.state.now():
            raise ApiError(400, "Cannot mark no-show before the booking has started")
        emails = {a["email"].lower() for a in b.attendees} | {g.lower() for g in b.guests}
        for item in body.get("attendees") or []:
            email = item["email"].lower()
            if email not in emails:
                raise ApiError(400, f"Attendee with email {item['email']} is not in the booking")
            if item["absent"]:
                b.absent.add(email)
            else:
                b.absent.discard(email)
        if "host" in body:
            b.absent_host = bool(body["host"])
        self.state.touch(b)
        return 200, booking_out(self.state, b)

    def reassigned(self, b: FakeBooking, to: FakeUser) -> tuple[int, Any]:
        b.owner_key = to.api_key
        self.state.touch(b)
        return 200, {"bookingId": b.id, "reassignedTo": {
            "id": to.id, "name": to.name, "email": to.email, "displayEmail": to.email}}

    def round_robin(self, user: FakeUser, uid: str) -> tuple[FakeBooking, FakeEventType]:
        b = self.involved(user, uid)
        et = self.state.event_types[b.event_type_id]
        if et.scheduling_type != "roundRobin":
            raise ApiError(400, "Booking is not a round robin booking")
        return b, et

    def op_reassignBooking(self, *, user: FakeUser, params: dict[str, str],
                           **_: Any) -> tuple[int, Any]:
        b, et = self.round_robin(user, params["bookingUid"])
        others = [k for k in et.hosts if k != b.owner_key and k in self.state.users]
        if not others:
            raise ApiError(400, "No available hosts to reassign to")
        return self.reassigned(b, self.state.users[others[0]])

    def op_reassignBookingToUser(self, *, user: FakeUser, params: dict[str, str],
                                 **_: Any) -> tuple[int, Any]:
        b, et = self.round_robin(user, params["bookingUid"])
        wanted = int(float(params["userId"]))
        to = next((self.state.users[k] for k in et.hosts
                   if k in self.state.users and self.state.users[k].id == wanted), None)
        if to is None:
            raise ApiError(400, f"User {wanted} is not a host of this event type")
        return self.reassigned(b, to)

    def op_getAvailableSlots(self, *, query: dict[str, str],
                             **_: Any) -> tuple[int, Any]:
        et: FakeEventType | None = None
        if "eventTypeId" in query:
            et = self.state.event_types.get(int(float(query["eventTypeId"])))
        elif "eventTypeSlug" in query and "username" in query:
            et = self.state.event_type_by_slug(query["username"], query["eventTypeSlug"])
        else:
            raise ApiError(400, "eventTypeId or eventTypeSlug + username is required")
        if et is None:
            raise ApiError(404, "Event type not found")
        for key in ("start", "end"):
            raw = query[key]
            if "T" in raw and not raw.endswith("Z"):
                raise ApiError(400, f"{key} must be in UTC timezone (ending with Z)")
        start = parse_when(query["start"])
        end = parse_when(query["end"], end_of_day=True)
        if end < start:
            raise ApiError(400, "end must be after start")
        zone = time_zone(query.get("timeZone", "UTC"))
        owner = self.state.owner(et.owner_key)
        free = self.state.free_starts(owner, et.length, start, end,
                                 ignore_uid=query.get("bookingUidToReschedule"))
        out: dict[str, list[dict[str, str]]] = {}
        for s in free:
            local = s.astimezone(zone)
            item = {"start": local.isoformat(timespec="milliseconds")}
            if query.get("format") == "range":
                item["end"] = (local + timedelta(minutes=et.length)).isoformat(
                    timespec="milliseconds")
            out.setdefault(local.date().isoformat(), []).append(item)
        return 200, out

    def op_createWebhook(self, *, user: FakeUser, body: dict[str, Any],
                         **_: Any) -> tuple[int, Any]:
        for hook in self.state.webhooks_of(user.api_key):
            if hook.subscriber_url == body["subscriberUrl"]:
                raise ApiError(409, "Webhook with this subscriber url already exists")
        hook = FakeWebhook(
            id=self.state.new_webhook_id(), owner_key=user.api_key,
            subscriber_url=body["subscriberUrl"], triggers=list(body["triggers"]),
            secret=body.get("secret"), active=bool(body["active"]),
            payload_template=body.get("payloadTemplate"),
        )
        self.state.webhooks[hook.id] = hook
        return 201, webhook_out(self.state, hook)

    def op_getWebhooks(self, *, user: FakeUser, query: dict[str, str],
                       **_: Any) -> tuple[int, Any]:
        take = int(float(query.get("take", 250)))
        skip = int(float(query.get("skip", 0)))
        if not 1 <= take <= 250:  # recorded 020
            raise ApiError(400, "Bad Request Exception")
        hooks = self.state.webhooks_of(user.api_key)  # in the order they were made
        return 200, [webhook_out(self.state, h) for h in hooks[skip:skip + take]]

    def hook(self, user: FakeUser, webhook_id: str) -> FakeWebhook:
        hook = self.state.webhooks.get(webhook_id)
        if hook is None or hook.owner_key != user.api_key:
            raise ApiError(404, f"Webhook ({webhook_id}) not found")
        return hook

    def op_getWebhook(self, *, user: FakeUser, params: dict[str, str],
                      **_: Any) -> tuple[int, Any]:
        return 200, webhook_out(self.state, self.hook(user, params["webhookId"]))

    def op_updateWebhook(self, *, user: FakeUser, params: dict[str, str],
                         body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        hook = self.hook(user, params["webhookId"])
        hook.subscriber_url = body.get("subscriberUrl", hook.subscriber_url)
        hook.triggers = list(body.get("triggers", hook.triggers))
        hook.active = bool(body.get("active", hook.active))
        hook.secret = body.get("secret", hook.secret)
        return 200, webhook_out(self.state, hook)

    def op_deleteWebhook(self, *, user: FakeUser, params: dict[str, str],
                         **_: Any) -> tuple[int, Any]:
        hook = self.hook(user, params["webhookId"])
        del self.state.webhooks[hook.id]
        return 200, webhook_out(self.state, hook)
