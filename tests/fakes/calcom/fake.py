"""FakeCalcom: a stateful fake Cal.com API v2 that checks every request against Cal.com's
published spec.

Use it in-process (``fake.transport()`` for ``calcom.new_http_client(transport=...)``) or over
real HTTP on 127.0.0.1 (``with fake.serve() as base_url: ...``). Every request is validated
against ``openapi-v2.json`` (:mod:`.spec`); a violation is answered with a 400 Cal.com error
envelope AND recorded in ``fake.violations``, which the fixtures in ``tests/conftest.py``
assert empty at teardown.

Quick reference (see the method docstrings):

* users / state: ``add_user``, ``add_event_type``, ``event_type_id``, ``add_booking``,
  ``booking_json``, ``bookings_json``, ``set_now`` / ``now``, ``revoke_key``
* changes made outside Slack: ``cancel_elsewhere``, ``reschedule_elsewhere``,
  ``confirm_elsewhere``, ``decline_elsewhere`` (each delivers webhooks when registered)
* webhooks: ``webhooks_of``, ``add_webhook``, ``webhook_body``, ``deliver_webhooks``,
  ``deliveries``, ``wait_deliveries``, ``auto_deliver``
* faults: ``inject``, ``fail_next``, ``rate_limit_next``, ``drop_next``, ``timeout_next``,
  ``slow``, ``clear_faults``
* records: ``requests``, ``calls`` (Counter by operation), ``count``, ``requests_for``,
  ``last_request``, ``violations``, ``take_violations``, ``assert_no_violations``
* serving: ``transport``, ``serve``
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.clock import TestClock
from tests.fakes.calcom import faults
from tests.fakes.calcom.faults import Fault
from tests.fakes.calcom.operations import OPEN_OPERATIONS, Operations
from tests.fakes.calcom.ratelimit import RateLimit
from tests.fakes.calcom.shapes import (
    ApiError,
    Envelope,
    Outcome,
    booking_out,
    error_outcome,
    json_outcome,
    server_error,
)
from tests.fakes.calcom.spec import Operation, spec_checker
from tests.fakes.calcom.state import CalcomState, FakeBooking, FakeEventType, FakeUser, FakeWebhook
from tests.fakes.calcom.transport import FakeTransport, serve
from tests.fakes.calcom.webhooks import Delivery, WebhookOutbox

ALICE_KEY = "cal_test_alice_00000000000000000000a11ce"
BOB_KEY = "cal_test_bob_000000000000000000000000b0b"
ALL_BOOKING_TRIGGERS = ("BOOKING_CREATED", "BOOKING_REQUESTED", "BOOKING_CANCELLED",
                        "BOOKING_RESCHEDULED", "BOOKING_REJECTED")


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names; Authorization removed
    body: Any  # parsed JSON, raw text, or None
    operation: str | None  # short operation name, e.g. "createBooking"
    user: str | None  # username of the key's owner (None: unknown key)
    status: int | None = None  # status the fake answered (None: dropped / timed out)
    # time.time() on arrival, for measuring durations (benches); not a time Cal.com shows
    time: float = field(default_factory=time.time)


def _decode_body(body: bytes) -> Any:
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return body.decode("utf-8", "replace")


class FakeCalcom:
    """Stateful, spec-checked fake of Cal.com API v2 (thread-safe).

    ``seed=True`` creates two users, alice (``ALICE_KEY``, Europe/Rome) and bob (``BOB_KEY``,
    America/New_York), each with event types ``30min`` (plain), ``intro-call`` (requires
    confirmation) and ``weekly-sync`` (recurring weekly, 4 occurrences); working hours are
    09:00-17:00 Mon-Fri in the user's time zone.
    """

    def __init__(
        self,
        *,
        seed: bool = True,
        auto_deliver: bool = True,
        async_delivery: bool = False,
        check_responses: bool = True,
        check_requests: bool = True,
        clock: Callable[[], datetime] | None = None,
        delivery_transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.spec = spec_checker()
        self._lock = threading.RLock()
        self._clock: Callable[[], datetime] = clock or TestClock()
        self._frozen: datetime | None = None
        self.state = CalcomState(self.now)
        self.outbox = WebhookOutbox(self.state, self._lock)
        self.operations = Operations(self.state, self._emit)
        self.rate_limit = RateLimit(self.now)
        self._faults: list[Fault] = []
        self.auto_deliver = auto_deliver
        self.async_delivery = async_delivery
        self.check_responses = check_responses
        self.check_requests = check_requests  # off only in benchmarks: the check costs CPU
        self.delivery_transport = delivery_transport
        self.delivery_timeout = 5.0
        self.requests: list[RecordedRequest] = []
        self.calls: Counter[str] = Counter()
        self.violations: list[str] = []
        if seed:
            self.add_user(ALICE_KEY, username="alice", name="Alice Example",
                          email="alice@example.com", time_zone="Europe/Rome")
            self.add_user(BOB_KEY, username="bob", name="Bob Example",
                          email="bob@example.com", time_zone="America/New_York")

    # ------------------------------------------------------------------ clock
    def now(self) -> datetime:
        return self._frozen if self._frozen is not None else self._clock()

    def set_now(self, instant: datetime | None) -> None:
        """Freeze the fake's clock at `instant` (None: back to its clock). Affects
        upcoming/past, past slots and the times it stamps."""
        self._frozen = instant.astimezone(UTC) if instant else None

    # ------------------------------------------------------------------ setup helpers
    def add_user(
        self,
        api_key: str,
        *,
        username: str,
        email: str | None = None,
        name: str | None = None,
        time_zone: str = "UTC",
        default_event_types: bool = True,
    ) -> FakeUser:
        """A Cal.com account reachable with ``api_key`` (plus the default event types)."""
        with self._lock:
            user = FakeUser(
                api_key=api_key, id=self.state.next_id("user"), username=username,
                email=email or f"{username}@example.com", name=name or username.title(),
                time_zone=time_zone,
            )
            self.state.users[api_key] = user
            if default_event_types:
                self.add_event_type(api_key, "30min", title="30 Min Meeting", length=30)
                self.add_event_type(api_key, "intro-call", title="Intro call", length=30,
                                    requires_confirmation=True)
                self.add_event_type(api_key, "weekly-sync", title="Weekly sync", length=30,
                                    recurrence_count=4)
            return user

    def user(self, api_key: str) -> FakeUser:
        return self.state.users[api_key]

    def revoke_key(self, api_key: str) -> None:
        """Make ``api_key`` unknown (later calls get 401); its data stays."""
        with self._lock:
            self.state.users["revoked:" + api_key] = self.state.users.pop(api_key)

    def add_event_type(
        self,
        api_key: str,
        slug: str,
        *,
        title: str | None = None,
        length: int = 30,
        requires_confirmation: bool = False,
        recurrence_count: int | None = None,
        hidden: bool = False,
        scheduling_type: str | None = None,
        hosts: list[str] | None = None,
        locations: list[dict[str, Any]] | None = None,
    ) -> int:
        """``scheduling_type`` ("roundRobin", "collective") makes it a team event type whose
        ``hosts`` (API keys; the owner first) share its bookings."""
        with self._lock:
            et = FakeEventType(
                id=self.state.next_id("event_type"), owner_key=api_key, slug=slug,
                title=title or slug, length=length,
                requires_confirmation=requires_confirmation,
                recurrence_count=recurrence_count, hidden=hidden,
                scheduling_type=scheduling_type, hosts=list(hosts or []),
            )
            if locations is not None:
                et.locations = [dict(location) for location in locations]
            self.state.event_types[et.id] = et
            return et.id

    def event_type_id(self, api_key: str, slug: str) -> int:
        return self.state.event_type_id(api_key, slug)

    def add_booking(
        self,
        api_key: str,
        start: datetime,
        *,
        event_type: int | str = "30min",
        attendee_email: str = "guest@example.com",
        attendee_name: str = "Guest Person",
        attendee_time_zone: str = "UTC",
        status: str = "accepted",
        notify: bool = True,
        created_at: datetime | None = None,
    ) -> str:
        """A booking made outside Slack (e.g. on the booking page). Returns its uid.

        ``status`` may be anything (``pending``, ``accepted``, ``awaiting_host`` …). With
        ``notify`` the usual webhook (BOOKING_CREATED / BOOKING_REQUESTED) is delivered.
        """
        with self._lock:
            et_id = event_type if isinstance(event_type, int) else self.event_type_id(
                api_key, event_type)
            booking = self.state.new_booking(
                self.state.event_types[et_id], start.astimezone(UTC),
                [{"name": attendee_name, "email": attendee_email,
                  "timeZone": attendee_time_zone, "language": "en"}],
                status=status.lower(),
            )
            if created_at is not None:
                booking.created_at = booking.updated_at = created_at
            if notify:
                trigger = "BOOKING_REQUESTED" if booking.status == "pending" else "BOOKING_CREATED"
                self._emit(trigger, booking)
        self._flush()
        return booking.uid

    def add_series(self, api_key: str, start: datetime, *, event_type: str = "weekly-sync",
                   attendee_email: str = "guest@example.com",
                   attendee_name: str = "Guest Person") -> list[str]:
        """A recurring series booked on the booking page (through the API, as the real server
        makes it: one booking per occurrence, one webhook each). Returns the uids by start."""
        body = {"start": start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "eventTypeId": self.event_type_id(api_key, event_type),
                "attendee": {"name": attendee_name, "email": attendee_email,
                             "timeZone": "UTC"}}
        outcome = self.dispatch("POST", "/v2/bookings", {
            "authorization": f"Bearer {api_key}", "cal-api-version": "2024-08-13",
            "content-type": "application/json"}, json.dumps(body).encode())
        made = json.loads(outcome.body)["data"]
        return [b["uid"] for b in (made if isinstance(made, list) else [made])]

    def cancel_series(self, uid: str, reason: str) -> None:
        """The host cancels a whole series in Cal.com (by its series uid)."""
        series = self.state.bookings[uid].recurring_booking_uid or uid
        owner = self.state.bookings[uid].owner_key
        self.dispatch("POST", f"/v2/bookings/{series}/cancel", {
            "authorization": f"Bearer {owner}", "cal-api-version": "2024-08-13",
            "content-type": "application/json"},
            json.dumps({"cancellationReason": reason}).encode())

    def cancel_elsewhere(self, uid: str, reason: str = "", by: str | None = None) -> None:
        """Cancelled outside Slack (booking page / email link). Delivers BOOKING_CANCELLED."""
        with self._lock:
            booking = self.state.bookings[uid]
            self.state.cancel(booking, reason or None,
                              by or self.state.owner(booking.owner_key).email)
            self._emit("BOOKING_CANCELLED", booking)
        self._flush()

    def reschedule_elsewhere(
        self, uid: str, new_start: datetime, *, by: str | None = None, reason: str | None = None
    ) -> str:
        """Rescheduled outside Slack: new uid, old one cancelled. Returns the new uid."""
        with self._lock:
            old = self.state.bookings[uid]
            new = self.state.reschedule(old, new_start.astimezone(UTC), reason=reason,
                                        by=by or old.attendees[0]["email"], confirmed=True)
            self._emit("BOOKING_RESCHEDULED", new)
        self._flush()
        return new.uid

    def confirm_elsewhere(self, uid: str) -> None:
        """The host confirmed a pending booking in Cal.com. Delivers BOOKING_CREATED."""
        with self._lock:
            booking = self.state.bookings[uid]
            self.state.decide(booking, "accepted")
            self._emit("BOOKING_CREATED", booking)
        self._flush()

    def decline_elsewhere(self, uid: str, reason: str | None = None) -> None:
        """The host declined a pending booking in Cal.com. Delivers BOOKING_REJECTED."""
        with self._lock:
            booking = self.state.bookings[uid]
            self.state.decide(booking, "rejected", reason)
            self._emit("BOOKING_REJECTED", booking)
        self._flush()

    def booking(self, uid: str) -> FakeBooking:
        return self.state.bookings[uid]

    def booking_json(self, uid: str) -> dict[str, Any]:
        """The booking as Cal.com's API shows it (BookingOutput_2024_08_13)."""
        with self._lock:
            return booking_out(self.state, self.state.bookings[uid])

    def bookings_json(self, api_key: str) -> list[dict[str, Any]]:
        with self._lock:
            return [booking_out(self.state, b) for b in self.state.bookings.values()
                    if b.owner_key == api_key]

    def webhooks_of(self, api_key: str) -> list[FakeWebhook]:
        return self.state.webhooks_of(api_key)

    def add_webhook(self, api_key: str, subscriber_url: str, secret: str,
                    triggers: tuple[str, ...] = ALL_BOOKING_TRIGGERS) -> int:
        """Register a webhook directly (as if done in Cal.com's settings)."""
        with self._lock:
            hook = FakeWebhook(id=self.state.new_webhook_id(), owner_key=api_key,
                               subscriber_url=subscriber_url, triggers=list(triggers),
                               secret=secret)
            self.state.webhooks[hook.id] = hook
            return hook.id

    # ------------------------------------------------------------------ faults
    def inject(
        self,
        kind: str,
        *,
        times: int | None = 1,
        path: str | None = None,
        method: str | None = None,
        status: int | None = None,
        seconds: float | None = None,
        after: bool = False,
        message: str | None = None,
    ) -> Fault:
        """Make the next ``times`` matching calls (None: all) misbehave.

        kinds: ``latency`` (sleep ``seconds`` first), ``rate_limit`` (429 with
        ``X-RateLimit-Reset-Default: seconds``), ``error`` (``status``, default 500 with
        Cal.com's bare ``{"statusCode":500,...}`` body; other statuses get the envelope),
        ``html`` (``status`` default 502, a non-JSON body), ``drop`` (connection closed with no
        answer), ``timeout`` (in-process: httpx.ReadTimeout; over HTTP: sleep ``seconds`` then
        close). ``path`` is a regex searched in the URL path; ``method`` e.g. "POST".
        ``after=True`` handles the request first (state changes, webhooks) and then fails.
        """
        fault = faults.make_fault(kind, times=times, path=path, method=method, status=status,
                                  seconds=seconds, after=after, message=message)
        with self._lock:
            self._faults.append(fault)
        return fault

    def fail_next(self, n: int = 1, *, status: int = 500, path: str | None = None,
                  method: str | None = None, after: bool = False) -> Fault:
        return self.inject("error", times=n, status=status, path=path, method=method,
                           after=after)

    def rate_limit_next(self, n: int = 1, *, reset: float = 2, path: str | None = None,
                        method: str | None = None) -> Fault:
        return self.inject("rate_limit", times=n, seconds=reset, path=path, method=method)

    def drop_next(self, n: int = 1, *, path: str | None = None, method: str | None = None,
                  after: bool = False) -> Fault:
        return self.inject("drop", times=n, path=path, method=method, after=after)

    def timeout_next(self, n: int = 1, *, path: str | None = None, method: str | None = None,
                     after: bool = False, seconds: float = 1.0) -> Fault:
        return self.inject("timeout", times=n, path=path, method=method, after=after,
                           seconds=seconds)

    def slow(self, seconds: float, *, path: str | None = None, times: int | None = None) -> Fault:
        return self.inject("latency", times=times, seconds=seconds, path=path)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    # ------------------------------------------------------------------ records
    @property
    def deliveries(self) -> list[Delivery]:
        return self.outbox.deliveries

    def count(self, operation: str) -> int:
        """Calls received for an operation (short spec name, e.g. ``createBooking``)."""
        return self.calls[operation]

    def requests_for(self, operation: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.operation == operation]

    def last_request(self, operation: str | None = None) -> RecordedRequest:
        found = self.requests if operation is None else self.requests_for(operation)
        if not found:
            raise AssertionError(f"no {operation or ''} request recorded")
        return found[-1]

    def reset_records(self) -> None:
        with self._lock:
            self.requests.clear()
            self.calls.clear()
            self.deliveries.clear()

    def take_violations(self) -> list[str]:
        """Return and forget the recorded violations (for tests that cause them on purpose)."""
        with self._lock:
            found = list(self.violations)
            self.violations.clear()
            return found

    def assert_no_violations(self) -> None:
        if self.violations:
            lines = "\n  ".join(self.violations)
            raise AssertionError(f"requests that break Cal.com's API spec:\n  {lines}")

    # ------------------------------------------------------------------ serving
    def transport(self) -> httpx.BaseTransport:
        """An httpx transport answering in-process, for ``new_http_client(transport=...)``."""
        return FakeTransport(self)

    @contextlib.contextmanager
    def serve(self, host: str = "127.0.0.1") -> Iterator[str]:
        """Serve over real HTTP on an ephemeral port; yields the base URL."""
        with serve(self, host) as url:
            yield url

    # ------------------------------------------------------------------ webhooks out
    def webhook_body(
        self,
        trigger: str,
        uid: str | FakeBooking,
        *,
        webhook_id: str | None = None,
        secret: str | None = None,
    ) -> tuple[bytes, dict[str, str]]:
        """(raw body, headers) of the webhook Cal.com would send now for ``uid``.

        Signed with ``secret``, else the given webhook's secret, else the secret of the first
        webhook the booking's owner registered (unsigned if none). Re-send the same bytes to
        test duplicate handling.
        """
        with self._lock:
            booking = self.state.bookings[uid if isinstance(uid, str) else uid.uid]
            raw = self.outbox.raw(trigger.upper(), booking)
            if secret is None:
                hooks = ([self.state.webhooks[webhook_id]] if webhook_id
                         else self.webhooks_of(booking.owner_key))
                secret = hooks[0].secret if hooks else None
        return raw, self.outbox.headers(raw, secret)

    def deliver_webhooks(self, trigger: str, uid: str | FakeBooking) -> list[Delivery]:
        """POST the webhook for ``uid`` now to every matching webhook of its owner."""
        with self._lock:
            booking = self.state.bookings[uid if isinstance(uid, str) else uid.uid]
            raw = self.outbox.raw(trigger.upper(), booking)
            jobs = self.outbox.jobs(trigger.upper(), booking, raw)
        return [self.outbox.post(job, self.delivery_transport, self.delivery_timeout)
                for job in jobs]

    def wait_deliveries(self, timeout: float = 5.0) -> None:
        """Wait for deliveries running in background threads (``async_delivery=True``)."""
        self.outbox.wait(timeout)

    def _emit(self, trigger: str, booking: FakeBooking) -> None:
        """Queue a webhook (sent after the lock is released); caller holds the lock."""
        if self.auto_deliver:
            self.outbox.queue(trigger, booking)

    def _flush(self) -> None:
        self.outbox.flush(background=self.async_delivery, transport=self.delivery_transport,
                          timeout=self.delivery_timeout)

    # ------------------------------------------------------------------ request handling
    def dispatch(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Outcome:
        """Handle one HTTP request (shared by the transport and the HTTP server)."""
        method = method.upper()
        split = urlsplit(target)
        path = split.path
        query = parse_qs(split.query, keep_blank_values=True)
        headers = {k.lower(): v for k, v in headers.items()}
        with self._lock:
            op, path_params, path_exists = self.spec.match(method, path)
            user = self._auth(headers)
            record = RecordedRequest(
                method=method, path=path, query=query,
                headers={k: v for k, v in headers.items() if k != "authorization"},
                body=_decode_body(body), operation=op.name if op else None,
                user=user.username if user else None,
            )
            self.requests.append(record)
            if op is not None:
                self.calls[op.name] += 1
                problems = (self.spec.check_request(op, path_params, query, headers, body)
                            if self.check_requests else [])
            else:
                problems = [f"{'method not allowed' if path_exists else 'no such path'} in spec"]
            for problem in problems:
                self.violations.append(f"{method} {path}: {problem}")
            latency, fault = faults.take(self._faults, method, path)
        if latency:
            time.sleep(latency)
        if fault is not None and not fault.after:
            return self._finish(record, faults.fault_outcome(fault, path, self.now()))
        with self._lock:
            limits, refused = self.rate_limit.count(headers.get("authorization", ""))
        if refused:
            return self._finish(record, self.rate_limit.refusal(path, limits))
        if op is None:
            outcome = error_outcome(self.now(), path, 404, f"Cannot {method} {path}")
        elif user is None and not (op.name in OPEN_OPERATIONS and "authorization" not in headers):
            outcome = error_outcome(self.now(), path, 401, "Invalid Access Token.",
                                    code="UnauthorizedException")
        elif problems:
            outcome = error_outcome(self.now(), path, 400, "; ".join(problems))
        else:
            with self._lock:
                outcome = self._handle(op, path, path_params, query, body, user)
            self._flush()
        if fault is not None:
            return self._finish(record, faults.fault_outcome(fault, path, self.now()))
        outcome.headers = {**limits, **outcome.headers}
        return self._finish(record, outcome)

    @staticmethod
    def _finish(record: RecordedRequest, outcome: Outcome) -> Outcome:
        record.status = outcome.status if outcome.action == "respond" else None
        return outcome

    def _auth(self, headers: dict[str, str]) -> FakeUser | None:
        value = headers.get("authorization", "")
        if not value.startswith("Bearer "):
            return None
        return self.state.users.get(value[len("Bearer "):].strip())

    def _handle(self, op: Operation, path: str, params: dict[str, str],
                query: dict[str, list[str]], body: bytes, user: FakeUser | None) -> Outcome:
        handler: Callable[..., tuple[int, Any]] | None = getattr(
            self.operations, f"op_{op.name}", None)
        if handler is None:
            self.violations.append(f"{op.method} {path}: fake does not implement {op.name}")
            return server_error()
        payload = json.loads(body) if body else {}
        q = {k: ",".join(v) for k, v in query.items()}
        try:
            status, data = handler(user=user, params=params, query=q, body=payload)
        except ApiError as exc:
            if exc.bare:
                return json_outcome(exc.status, {"statusCode": exc.status,
                                                 "message": exc.message})
            if exc.status == 500:
                return server_error(exc.message)
            return error_outcome(self.now(), path, exc.status, exc.message, exc.code)
        except Exception as exc:  # the fake's own bug: a bare 500, recorded so the test fails
            self.violations.append(f"{op.method} {path}: fake crashed: {exc!r}")
            return server_error()
        envelope = data if isinstance(data, Envelope) else {"status": "success", "data": data}
        if self.check_responses:
            for problem in self.spec.check_response(op, status, envelope):
                self.violations.append(f"{op.method} {path}: fake {problem}")
        return json_outcome(status, envelope)
