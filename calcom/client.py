"""Cal.com API v2 client.

One pooled :class:`httpx.Client` per process (:func:`new_http_client`) is shared by light
per-user :class:`CalcomClient` wrappers. Every request carries the ``cal-api-version`` its
endpoint family needs; every failure is a :class:`calcom.errors.CalcomError`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx
from pydantic import ValidationError

from calcom.errors import (
    Busy,
    CalcomError,
    Forbidden,
    NotFound,
    RateLimited,
    Rejected,
    Unauthorized,
    Unavailable,
    UnsafeUrl,
)
from calcom.models import (
    Attendee,
    Booking,
    CalendarLink,
    EventType,
    Me,
    Reassigned,
    Recording,
    Webhook,
    iso_z,
    parse_instant,
)
from calcom.origins import OriginBusy, OriginPolicy, UnsafeOrigin
from calcom.transport import DEFAULT_DEADLINE_S, GuardedTransport

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.cal.com"
DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)

# cal-api-version per endpoint family. A missing or unknown value silently falls back to an old
# API version, so every request of these families must carry it. /v2/me and /v2/webhooks are not
# versioned (the published spec declares no cal-api-version header for them).
VERSION_BOOKINGS = "2024-08-13"
VERSION_SLOTS = "2024-09-04"
VERSION_EVENT_TYPES = "2024-06-14"

#: statuses Cal.com's GET /v2/bookings accepts in ``status``
BOOKING_FILTERS = ("upcoming", "recurring", "past", "cancelled", "unconfirmed")



@dataclass(frozen=True)
class RateLimit:
    """Cal.com's ``X-RateLimit-{Limit,Remaining,Reset}-Default`` headers (reset: seconds left
    in the current block)."""

    limit: int
    remaining: int
    reset_s: float

    @classmethod
    def of(cls, headers: httpx.Headers) -> RateLimit | None:
        try:
            return cls(int(headers["x-ratelimit-limit-default"]),
                       int(headers["x-ratelimit-remaining-default"]),
                       float(headers.get("x-ratelimit-reset-default") or 60))
        except (KeyError, ValueError):
            return None


def new_http_client(
    transport: httpx.BaseTransport | None = None,
    timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
    *,
    max_connections: int = 50,
    policy: OriginPolicy | None = None,
    deadline_s: float = DEFAULT_DEADLINE_S,
    on_response: Callable[[httpx.Response], None] | None = None,
) -> httpx.Client:
    """The process-wide pooled HTTP client. Create it ONCE and share it among all users.

    Every call goes through :class:`calcom.transport.GuardedTransport`: one total deadline
    (``deadline_s``, however slowly the answer trickles), and ``policy``'s rules for user-given
    origins (default: :meth:`OriginPolicy.open`, no address checks; production passes its own).
    ``on_response`` sees every answer's status (the app's metrics).
    """
    limits = httpx.Limits(
        max_connections=max_connections, max_keepalive_connections=max_connections // 2
    )
    guarded = GuardedTransport(policy or OriginPolicy.open(), inner=transport,
                               deadline_s=deadline_s, limits=limits)
    return httpx.Client(
        transport=guarded,
        timeout=timeout,
        limits=limits,
        headers={"User-Agent": "calbot/0.1", "Accept": "application/json"},
        follow_redirects=False,
        event_hooks={"response": [on_response]} if on_response is not None else None,
    )




class CalcomClient:
    """Per-user Cal.com API v2 client (cheap to create; shares the pooled ``http`` client).

    Retries: a 429 is waited out once (``X-RateLimit-Reset-Default`` seconds, at most
    ``max_wait``) for any method, because Cal.com did not process it. 5xx answers and network
    errors are retried with backoff only for GETs. A create that times out or gets a 5xx is
    never re-sent: the booking is looked up first so nothing is booked twice.
    """

    def __init__(
        self,
        http: httpx.Client,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        sleep: Callable[[float], None] = time.sleep,
        max_wait: float = 10.0,
        read_retries: int = 2,
        backoff: float = 0.5,
        timeout: httpx.Timeout | float | None = None,
        max_pages: int = 50,
    ) -> None:
        self._http = http
        self._api_key = api_key
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self._sleep = sleep
        self.max_wait = max_wait
        self.read_retries = read_retries
        self.backoff = backoff
        self._timeout = timeout
        self.max_pages = max_pages
        self.rate_limit: RateLimit | None = None  # from the last answer's headers

    def __repr__(self) -> str:  # never show the key
        return f"CalcomClient(base_url={self.base_url!r}, api_key='{mask_key(self._api_key)}')"

    # ------------------------------------------------------------------ transport
    def _headers(self, version: str | None) -> dict[str, str]:
        # No key: an anonymous call, as a booking page makes (public event types, slots, and
        # bookings made by their attendee — recorded 026, 038).
        headers = {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}
        if version:
            headers["cal-api-version"] = version
        return headers

    def _scrub(self, text: str) -> str:
        if self._api_key and self._api_key in text:
            text = text.replace(self._api_key, mask_key(self._api_key))
        return text

    def _request(
        self,
        method: str,
        path: str,
        *,
        version: str | None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        send_body: bool = False,
    ) -> Any:
        """Send one logical request; returns the decoded JSON body. Raises CalcomError only."""
        url = self.base_url + path
        is_read = method == "GET"
        attempt = 0
        rate_limit_waits = 0
        clean_params = {k: v for k, v in (params or {}).items() if v is not None}
        while True:
            attempt += 1
            try:
                kwargs: dict[str, Any] = {
                    "params": clean_params or None,
                    "headers": self._headers(version),
                }
                if json is not None or send_body:
                    kwargs["json"] = json if json is not None else {}
                if self._timeout is not None:
                    kwargs["timeout"] = self._timeout
                response = self._http.request(method, url, **kwargs)
            except UnsafeOrigin as exc:
                log.warning("cal.com %s %s: refused a user-given API URL (%s)", method, path,
                            exc.reason)
                raise UnsafeUrl(exc.reason) from None
            except OriginBusy:
                log.warning("cal.com %s %s: too many calls to this origin at once", method, path)
                raise Busy("This Cal.com server already has as many calls as it may") from None
            except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as exc:
                kind = "timed out" if isinstance(exc, httpx.TimeoutException) else "network error"
                log.warning("cal.com %s %s: %s (%s)", method, path, kind, type(exc).__name__)
                if is_read and attempt <= self.read_retries:
                    self._sleep(self.backoff * (2 ** (attempt - 1)))
                    continue
                raise Unavailable(
                    f"Cal.com could not be reached ({kind}: {type(exc).__name__})"
                ) from None

            self.rate_limit = RateLimit.of(response.headers) or self.rate_limit
            status = response.status_code
            if status == 429:
                retry_after = _rate_limit_wait(response.headers)
                if rate_limit_waits == 0 and retry_after <= self.max_wait:
                    rate_limit_waits += 1
                    log.info("cal.com rate limited; waiting %.1fs", retry_after)
                    self._sleep(retry_after)
                    continue
                message, code, details = _error_info(response)
                raise RateLimited(
                    self._scrub(message or "Too many requests to Cal.com"),
                    retry_after=retry_after, status=429, code=code, details=details,
                )
            if status >= 500:
                log.warning("cal.com %s %s: HTTP %s", method, path, status)
                if is_read and attempt <= self.read_retries:
                    self._sleep(self.backoff * (2 ** (attempt - 1)))
                    continue
                message, code, details = _error_info(response)
                raise Unavailable(
                    self._scrub(message or f"Cal.com answered HTTP {status}"),
                    status=status, code=code, details=details,
                )
            if status >= 400:
                message, code, details = _error_info(response)
                message = self._scrub(message or f"Cal.com answered HTTP {status}")
                cls: type[CalcomError] = {
                    401: Unauthorized, 403: Forbidden, 404: NotFound,
                }.get(status, Rejected)
                raise cls(message, status=status, code=code, details=details)
            if status >= 300:
                raise Unavailable(f"Cal.com answered HTTP {status} (redirect)", status=status)
            try:
                body = response.json()
            except ValueError:
                raise Unavailable(
                    f"Cal.com answered HTTP {status} with a body that is not JSON "
                    "(is the API URL right?)", status=status,
                ) from None
            if isinstance(body, dict) and body.get("status") == "error":
                message, code, details = _envelope_error(body)
                raise Rejected(
                    self._scrub(message or "Cal.com reported an error"),
                    status=status, code=code, details=details,
                )
            return body

    def _data(self, body: Any) -> Any:
        if isinstance(body, dict) and "data" in body:
            return body["data"]
        raise Unavailable("Cal.com sent a response without data")

    # ------------------------------------------------------------------ parsing helpers
    @staticmethod
    def _parse(model: Any, raw: Any) -> Any:
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            raise Unavailable(
                f"Cal.com sent a {model.__name__} calbot could not read "
                f"({exc.error_count()} problem(s))"
            ) from None

    def _bookings_from(self, data: Any) -> list[Booking]:
        items = data if isinstance(data, list) else [data]
        return [self._parse(Booking, item) for item in items if isinstance(item, dict)]

    # ------------------------------------------------------------------ me / event types
    def me(self) -> Me:
        me: Me = self._parse(Me, self._data(self._request("GET", "/v2/me", version=None)))
        return me

    def event_types(self, username: str | None = None) -> list[EventType]:
        """The user's event types. Send ``username`` (from ``/v2/me``): some builds answer
        404 "Event types not found" without it, and a user with none gets that 404 too."""
        try:
            body = self._request("GET", "/v2/event-types", version=VERSION_EVENT_TYPES,
                                 params={"username": username})
        except NotFound:
            return []
        data = self._data(body)
        if isinstance(data, dict):  # older shapes: {"eventTypeGroups": ...} / {"eventTypes": [...]}
            data = data.get("eventTypes", [])
        if not isinstance(data, list):
            raise Unavailable("Cal.com sent event types calbot could not read")
        return [self._parse(EventType, item) for item in data if isinstance(item, dict)]

    # ------------------------------------------------------------------ bookings
    def bookings(
        self,
        status: str | None = None,
        *,
        take: int = 100,
        after_updated_at: datetime | None = None,
        attendee_email: str | None = None,
        event_type_id: int | None = None,
        after_start: datetime | None = None,
        before_end: datetime | None = None,
        limit: int | None = None,
    ) -> list[Booking]:
        """All bookings matching the filters, following take/skip pages until exhausted.

        ``take`` is the page size; at most ``max_pages`` pages (and ``limit`` items) are read.
        """
        if status is not None and status not in BOOKING_FILTERS:
            raise ValueError(f"unknown booking status filter {status!r}")
        take = max(1, min(int(take), 250))
        params: dict[str, Any] = {
            "status": status,
            "attendeeEmail": attendee_email,
            "eventTypeId": str(event_type_id) if event_type_id is not None else None,
            "afterStart": iso_z(after_start) if after_start else None,
            "beforeEnd": iso_z(before_end) if before_end else None,
            "afterUpdatedAt": iso_z(after_updated_at) if after_updated_at else None,
        }
        if after_updated_at is not None:
            params["sortUpdatedAt"] = "asc"
        else:
            params["sortStart"] = "asc"
        found: list[Booking] = []
        seen: set[str] = set()
        skip = 0
        for _page in range(self.max_pages):
            body = self._request(
                "GET", "/v2/bookings", version=VERSION_BOOKINGS,
                params={**params, "take": take, "skip": skip},
            )
            data = self._data(body)
            if not isinstance(data, list):
                raise Unavailable("Cal.com sent a booking list calbot could not read")
            fresh = 0
            for booking in self._bookings_from(data):
                if booking.uid not in seen:
                    seen.add(booking.uid)
                    found.append(booking)
                    fresh += 1
            if limit is not None and len(found) >= limit:
                return found[:limit]
            pagination = body.get("pagination") if isinstance(body, dict) else None
            has_next = (
                pagination.get("hasNextPage") if isinstance(pagination, dict) else None
            )
            if not data or len(data) < take or has_next is False or fresh == 0:
                break
            skip += len(data)
        else:
            log.warning("cal.com booking list truncated after %d pages", self.max_pages)
        return found

    def booking(self, uid: str) -> Booking:
        data = self._data(
            self._request("GET", f"/v2/bookings/{_seg(uid)}", version=VERSION_BOOKINGS)
        )
        bookings = self._bookings_from(data)
        if not bookings:
            raise NotFound(f"Booking {uid} not found", status=404)
        for booking in bookings:  # recurring uid -> list of occurrences
            if booking.uid == uid:
                return booking
        return bookings[0]

    def create_booking(
        self,
        event_type_id: int,
        start_utc: datetime,
        attendee: Attendee,
        guests: Iterable[str] = (),
        notes: str | None = None,
        *,
        length_minutes: int | None = None,
        metadata: dict[str, str] | None = None,
    ) -> list[Booking]:
        """Book ``event_type_id`` at ``start_utc``. A list: recurring event types make several.
        ``metadata`` is kept by Cal.com on the booking and comes back in its webhooks.

        Never re-sent blindly: after a timeout / 5xx the booking is looked up (same event type,
        attendee and start) and returned if Cal.com made it; otherwise Unavailable is raised.
        """
        start = iso_z(start_utc)
        attendee_body: dict[str, Any] = {"name": attendee.name, "timeZone": attendee.time_zone}
        if attendee.email:
            attendee_body["email"] = attendee.email
        if attendee.language:
            attendee_body["language"] = attendee.language
        if attendee.phone_number:
            attendee_body["phoneNumber"] = attendee.phone_number
        body: dict[str, Any] = {
            "start": start,
            "eventTypeId": int(event_type_id),
            "attendee": attendee_body,
        }
        guest_list = [g for g in guests if g]
        if guest_list:
            body["guests"] = guest_list
        if notes:
            body["bookingFieldsResponses"] = {"notes": notes}
        if length_minutes:
            body["lengthInMinutes"] = int(length_minutes)
        if metadata:
            body["metadata"] = dict(metadata)
        try:
            data = self._data(
                self._request("POST", "/v2/bookings", version=VERSION_BOOKINGS, json=body)
            )
        except Unavailable as exc:
            found = self._find_created(event_type_id, start_utc, attendee)
            if found:
                log.info("cal.com create answered badly but the booking exists; not re-sent")
                return found
            raise Unavailable(
                "Cal.com did not confirm the booking and it was not found; it was not made "
                f"({exc.message})", status=exc.status,
            ) from None
        return self._bookings_from(data)

    def _find_created(
        self, event_type_id: int, start_utc: datetime, attendee: Attendee
    ) -> list[Booking]:
        """Look for a booking a failed create may have made anyway."""
        if not attendee.email:
            return []
        self._sleep(self.backoff)  # give a slow commit a moment
        try:
            candidates = self.bookings(
                attendee_email=attendee.email,
                event_type_id=event_type_id,
                after_start=start_utc - timedelta(minutes=1),
                before_end=start_utc + timedelta(days=1),
                limit=500,
            )
        except CalcomError as exc:
            log.warning("cal.com lookup after failed create failed: %s", type(exc).__name__)
            return []
        want = start_utc.astimezone(UTC)
        email = attendee.email.lower()
        matches = [
            b for b in candidates
            if b.start == want
            and email in b.attendee_emails
            and (b.event_type_id is None or b.event_type_id == int(event_type_id))
            and not b.is_done
        ]
        if not matches:
            return []
        first = matches[0]
        if first.recurring_booking_uid:  # return every occurrence the create made
            try:
                data = self._data(self._request(
                    "GET", f"/v2/bookings/{_seg(first.recurring_booking_uid)}",
                    version=VERSION_BOOKINGS,
                ))
                occurrences = self._bookings_from(data)
                if occurrences:
                    return sorted(occurrences, key=lambda b: b.start)
            except CalcomError:
                pass
        return matches

    def cancel_booking(self, uid: str, reason: str | None = None) -> None:
        """Cancel; a booking that is already cancelled (or declined) counts as done."""
        body: dict[str, Any] = {}
        if reason:
            body["cancellationReason"] = reason
        try:
            self._request(
                "POST", f"/v2/bookings/{_seg(uid)}/cancel", version=VERSION_BOOKINGS,
                json=body,
            )
        except (Rejected, Unavailable) as exc:
            if self._is_cancelled(uid):
                log.info("cal.com cancel: booking already cancelled; counted as done")
                return
            raise exc from None

    def _is_cancelled(self, uid: str) -> bool:
        try:
            return self.booking(uid).is_done
        except CalcomError:
            return False

    def reschedule_booking(
        self,
        uid: str,
        start_utc: datetime,
        reason: str | None = None,
        *,
        rescheduled_by: str | None = None,
    ) -> Booking:
        """Move a booking; Cal.com makes a NEW booking (new uid) and returns it."""
        body: dict[str, Any] = {"start": iso_z(start_utc)}
        if reason:
            body["reschedulingReason"] = reason
        if rescheduled_by:
            body["rescheduledBy"] = rescheduled_by
        try:
            data = self._data(self._request(
                "POST", f"/v2/bookings/{_seg(uid)}/reschedule", version=VERSION_BOOKINGS,
                json=body,
            ))
        except Unavailable:
            moved = self._find_rescheduled(uid, start_utc)
            if moved is not None:
                return moved
            raise
        bookings = self._bookings_from(data)
        if not bookings:
            raise Unavailable("Cal.com sent a reschedule answer without the new booking")
        new = bookings[0]
        if new.rescheduled_from_uid is None and new.uid != uid:
            new.rescheduled_from_uid = uid
        return new

    def _find_rescheduled(self, uid: str, start_utc: datetime) -> Booking | None:
        try:
            old = self.booking(uid)
            if old.rescheduled_to_uid:
                new = self.booking(old.rescheduled_to_uid)
                if new.start == start_utc.astimezone(UTC):
                    if new.rescheduled_from_uid is None:
                        new.rescheduled_from_uid = uid
                    return new
        except CalcomError:
            return None
        return None

    def confirm_booking(self, uid: str) -> Booking:
        data = self._data(self._request(
            "POST", f"/v2/bookings/{_seg(uid)}/confirm", version=VERSION_BOOKINGS,
        ))
        return self._one(data, uid)

    def decline_booking(self, uid: str, reason: str | None = None) -> Booking:
        body: dict[str, Any] = {}
        if reason:
            body["reason"] = reason
        data = self._data(self._request(
            "POST", f"/v2/bookings/{_seg(uid)}/decline", version=VERSION_BOOKINGS, json=body,
        ))
        return self._one(data, uid)

    def _one(self, data: Any, uid: str) -> Booking:
        bookings = self._bookings_from(data)
        if not bookings:
            raise Unavailable("Cal.com sent an answer without the booking")
        return next((b for b in bookings if b.uid == uid), bookings[0])

    # ------------------------------------------------------------------ the whole booking
    def event_type(self, event_type_id: int) -> EventType:
        """One event type by id (a team's too: its ``schedulingType`` says round-robin)."""
        data = self._data(self._request(
            "GET", f"/v2/event-types/{int(event_type_id)}", version=VERSION_EVENT_TYPES))
        event_type: EventType = self._parse(EventType, data)
        return event_type

    def calendar_links(self, uid: str) -> list[CalendarLink]:
        data = self._data(self._request(
            "GET", f"/v2/bookings/{_seg(uid)}/calendar-links", version=VERSION_BOOKINGS))
        if not isinstance(data, list):
            raise Unavailable("Cal.com sent calendar links calbot could not read")
        return [self._parse(CalendarLink, item) for item in data if isinstance(item, dict)]

    def recordings(self, uid: str) -> list[Recording]:
        """Cal Video recordings of the booking (none for other meeting apps)."""
        data = self._data(self._request(
            "GET", f"/v2/bookings/{_seg(uid)}/recordings", version=VERSION_BOOKINGS))
        if not isinstance(data, list):
            raise Unavailable("Cal.com sent recordings calbot could not read")
        return [self._parse(Recording, item) for item in data if isinstance(item, dict)]

    def transcripts(self, uid: str) -> list[str]:
        """Links to the Cal Video transcripts of the booking."""
        data = self._data(self._request(
            "GET", f"/v2/bookings/{_seg(uid)}/transcripts", version=VERSION_BOOKINGS))
        if not isinstance(data, list):
            raise Unavailable("Cal.com sent transcripts calbot could not read")
        return [item for item in data if isinstance(item, str)]

    def update_location(self, uid: str, location: Mapping[str, str]) -> Booking:
        """``location`` is one of the spec's update shapes, e.g. ``{"type": "link", "link":
        "https://…"}``, ``{"type": "phone", "phone": "+1…"}``, ``{"type": "address", …}``."""
        data = self._data(self._request(
            "PATCH", f"/v2/bookings/{_seg(uid)}/location", version=VERSION_BOOKINGS,
            json={"location": dict(location)}))
        return self._one(data, uid)

    def add_guests(self, uid: str, emails: Iterable[str]) -> Booking:
        """At most 10 at once (Cal.com's limit)."""
        guests = [{"email": e} for e in emails if e]
        if not 1 <= len(guests) <= 10:
            raise ValueError("add 1 to 10 guests at once")
        data = self._data(self._request(
            "POST", f"/v2/bookings/{_seg(uid)}/guests", version=VERSION_BOOKINGS,
            json={"guests": guests}))
        return self._one(data, uid)

    def mark_absent(self, uid: str, *, host: bool | None = None,
                    attendees: Mapping[str, bool] | None = None) -> Booking:
        """Mark the host and/or attendees (email -> absent) absent, or present again."""
        body: dict[str, Any] = {}
        if host is not None:
            body["host"] = bool(host)
        if attendees:
            body["attendees"] = [{"email": e, "absent": bool(a)} for e, a in attendees.items()]
        data = self._data(self._request(
            "POST", f"/v2/bookings/{_seg(uid)}/mark-absent", version=VERSION_BOOKINGS,
            json=body))
        return self._one(data, uid)

    def reassign(self, uid: str, to_user_id: int | None = None,
                 reason: str | None = None) -> Reassigned:
        """Hand a round-robin booking to another host (``to_user_id``), or let Cal.com pick."""
        if to_user_id is None:
            body = self._request("POST", f"/v2/bookings/{_seg(uid)}/reassign",
                                 version=VERSION_BOOKINGS)
        else:
            payload: dict[str, Any] = {"reason": reason} if reason else {}
            body = self._request(
                "POST", f"/v2/bookings/{_seg(uid)}/reassign/{int(to_user_id)}",
                version=VERSION_BOOKINGS, json=payload, send_body=True)
        data = self._data(body)
        if not isinstance(data, dict):
            raise Unavailable("Cal.com sent a reassignment calbot could not read")
        to = data.get("reassignedTo")
        found: Reassigned = self._parse(Reassigned, {
            **(to if isinstance(to, dict) else {}),
            "bookingUid": data.get("bookingUid") or uid})
        return found

    # ------------------------------------------------------------------ slots
    def slots(self, event_type_id: int, day: date, time_zone: str) -> list[datetime]:
        """Free start instants (aware UTC, sorted) on ``day`` as seen in ``time_zone``."""
        try:
            zone = ZoneInfo(time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise Rejected(f"Unknown time zone {time_zone!r}") from None
        day_start = datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)
        next_day = day + timedelta(days=1)
        day_end = datetime(next_day.year, next_day.month, next_day.day, tzinfo=zone).astimezone(
            UTC
        )
        body = self._request(
            "GET", "/v2/slots", version=VERSION_SLOTS,
            params={
                "eventTypeId": int(event_type_id),
                "start": iso_z(day_start),
                "end": iso_z(day_end - timedelta(seconds=1)),
                "timeZone": time_zone,
            },
        )
        data = self._data(body)
        if isinstance(data, dict) and isinstance(data.get("slots"), dict):  # old 2024-04-15 shape
            data = data["slots"]
        if not isinstance(data, dict):
            raise Unavailable("Cal.com sent slots calbot could not read")
        starts: set[datetime] = set()
        for items in data.values():
            if not isinstance(items, list):
                continue
            for item in items:
                raw = item.get("start") if isinstance(item, dict) else item
                if not isinstance(raw, str):
                    continue
                try:
                    instant = parse_instant(raw)
                except ValueError:
                    continue
                if day_start <= instant < day_end:
                    starts.add(instant)
        return sorted(starts)

    # ------------------------------------------------------------------ webhooks
    def create_webhook(
        self, subscriber_url: str, secret: str, triggers: Iterable[str]
    ) -> Webhook:
        body = {
            "active": True,
            "subscriberUrl": subscriber_url,
            "triggers": [t.upper() for t in triggers],
            "secret": secret,
        }
        try:
            data = self._data(self._request("POST", "/v2/webhooks", version=None, json=body))
        except Unavailable:
            # Like a booking, a webhook is never created twice: a lost answer is looked up.
            try:
                made = next((w for w in self.webhooks() if w.subscriber_url == subscriber_url),
                            None)
            except CalcomError:
                made = None
            if made is None:
                raise
            made.secret = made.secret or secret
            return made
        webhook: Webhook = self._parse(Webhook, data)
        if not webhook.secret:
            webhook.secret = secret
        return webhook

    def webhooks(self) -> list[Webhook]:
        found: list[Webhook] = []
        take, skip = 250, 0
        for _page in range(self.max_pages):
            data = self._data(self._request(
                "GET", "/v2/webhooks", version=None, params={"take": take, "skip": skip},
            ))
            if not isinstance(data, list):
                raise Unavailable("Cal.com sent webhooks calbot could not read")
            found.extend(self._parse(Webhook, item) for item in data if isinstance(item, dict))
            if len(data) < take:
                break
            skip += len(data)
        return found

    def delete_webhook(self, webhook_id: int | str) -> None:
        """Remove a webhook; one that is already gone counts as done."""
        try:
            self._request("DELETE", f"/v2/webhooks/{_seg(str(webhook_id))}", version=None)
        except NotFound:
            log.info("cal.com webhook already gone; counted as done")


# ---------------------------------------------------------------------- helpers
def mask_key(api_key: str) -> str:
    """``cal_live_…a1b2``: safe to show and log."""
    if not api_key:
        return ""
    prefix = ""
    for candidate in ("cal_live_", "cal_test_", "cal_"):
        if api_key.startswith(candidate):
            prefix = candidate
            break
    return f"{prefix}…{api_key[-4:]}" if len(api_key) > len(prefix) + 8 else f"{prefix}…"


def _seg(value: str) -> str:
    """A path segment, percent-encoded so a uid can never change the path."""
    from urllib.parse import quote

    return quote(str(value), safe="")


def _rate_limit_wait(headers: httpx.Headers) -> float:
    """Seconds to wait after a 429. Cal.com sends X-RateLimit-Reset-<name>, no Retry-After."""
    candidates = [headers.get("x-ratelimit-reset-default"), headers.get("retry-after")]
    candidates += [v for k, v in headers.items() if k.lower().startswith("x-ratelimit-reset")]
    for raw in candidates:
        if raw is None:
            continue
        try:
            value = float(raw)
        except ValueError:
            continue
        if value > 1_000_000_000_000:  # epoch milliseconds
            value = value / 1000 - time.time()
        elif value > 1_000_000_000:  # epoch seconds
            value = value - time.time()
        return max(0.0, value)
    return 1.0


def _envelope_error(body: Mapping[str, Any]) -> tuple[str | None, str | None, Any]:
    error = body.get("error")
    if isinstance(error, dict):
        message = error.get("message")
        if isinstance(message, list):
            message = "; ".join(str(m) for m in message)
        return (str(message) if message else None), error.get("code"), error.get("details")
    message = body.get("message")
    if isinstance(message, list):
        message = "; ".join(str(m) for m in message)
    code = error if isinstance(error, str) else None
    return (str(message) if message else None), code, None


def _error_info(response: httpx.Response) -> tuple[str | None, str | None, Any]:
    """Cal.com's message from an error envelope, a bare NestJS body, or nothing (non-JSON)."""
    try:
        body = response.json()
    except ValueError:
        return None, None, None
    if not isinstance(body, dict):
        return None, None, None
    message, code, details = _envelope_error(body)
    if message and len(message) > 500:
        message = message[:500] + "…"
    return message, code, details
