"""A stateful fake Cal.com API v2 that checks every request against Cal.com's published spec.

Use it in-process (``fake.transport()`` for ``calcom.new_http_client(transport=...)``) or over
real HTTP on 127.0.0.1 (``with fake.serve() as base_url: ...``). Every request is validated
against ``openapi-v2.json`` (path, query, JSON body, ``cal-api-version`` per family); a
violation is answered with a 400 Cal.com error envelope AND recorded in ``fake.violations``,
which the fixtures in ``tests/conftest.py`` assert empty at teardown.

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
import copy
import functools
import hashlib
import hmac
import json
import random
import re
import string
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx
import jsonschema
from jsonschema.exceptions import best_match

from tests.clock import START, TestClock
from tests.data import data_path

# --------------------------------------------------------------------------- constants

ALICE_KEY = "cal_test_alice_00000000000000000000a11ce"
BOB_KEY = "cal_test_bob_000000000000000000000000b0b"

VERSIONS = {"bookings": "2024-08-13", "slots": "2024-09-04", "event-types": "2024-06-14"}
WEBHOOK_SIGNATURE_HEADER = "X-Cal-Signature-256"
ACTIVE_STATUSES = frozenset({"accepted", "pending", "awaiting_host"})
_METHODS = ("get", "post", "put", "patch", "delete")


def spec_path() -> Path:
    """Cal.com's published openapi-v2.json, kept in tests/data."""
    return data_path("calcom", "openapi-v2.json")


# --------------------------------------------------------------------------- spec checking


def _prepare(node: Any) -> Any:
    """Deep copy of an OpenAPI 3.0 schema made JSON-Schema friendly.

    ``oneOf`` becomes ``anyOf`` (Cal.com's variants overlap, so oneOf would reject valid
    bodies) and ``nullable: true`` becomes a ``null`` type alternative.
    """
    if isinstance(node, list):
        return [_prepare(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {("anyOf" if key == "oneOf" else key): _prepare(value) for key, value in node.items()}
    if out.get("nullable") is True:
        out.pop("nullable")
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
            if isinstance(out.get("enum"), list):
                out["enum"] = [*out["enum"], None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


class _Server(ThreadingHTTPServer):
    """Listens with a real backlog (http.server's default is 5): a burst of 20 requests, as
    Slack and Cal.com take without blinking, must not meet "connection reset"."""

    request_queue_size = 128


@dataclass
class Operation:
    method: str
    template: str
    regex: re.Pattern[str]
    literal_segments: int
    operation_id: str
    name: str  # short name, e.g. "createBooking"
    params: list[dict[str, Any]]
    version: str | None  # required cal-api-version, if the spec declares one
    body_schema: dict[str, Any] | None
    body_required: bool
    responses: dict[str, dict[str, Any]]


class SpecChecker:
    """Cal.com's OpenAPI spec, prepared once per process; validators are cached."""

    def __init__(self, document: dict[str, Any]) -> None:
        prepared = _prepare(document)
        self.components = prepared.get("components", {})
        # Known spec gap: Cal.com answers "payloadTemplate": null for webhooks made without one.
        hook_out = self.components.get("schemas", {}).get("UserWebhookOutputDto", {})
        if "payloadTemplate" in hook_out.get("properties", {}):
            hook_out["properties"]["payloadTemplate"] = {"type": ["string", "null"]}
        self.operations: list[Operation] = []
        for template, item in prepared["paths"].items():
            shared = item.get("parameters", [])
            for method, op in item.items():
                if method not in _METHODS:
                    continue
                params = [*shared, *op.get("parameters", [])]
                version = None
                for param in params:
                    if param.get("in") == "header" and param["name"].lower() == "cal-api-version":
                        version = param.get("schema", {}).get("default")
                body = op.get("requestBody") or {}
                body_schema = (
                    body.get("content", {}).get("application/json", {}).get("schema")
                )
                responses = {
                    code: (r.get("content", {}).get("application/json", {}).get("schema") or {})
                    for code, r in op.get("responses", {}).items()
                }
                pattern = "^" + re.sub(
                    r"\\\{([^}]+?)\\\}",
                    lambda m: f"(?P<{_group(m[1])}>[^/]+)",
                    re.escape(template),
                )
                operation_id = op.get("operationId", f"{method}_{template}")
                self.operations.append(Operation(
                    method=method.upper(),
                    template=template,
                    regex=re.compile(pattern + "$"),
                    literal_segments=sum(
                        1 for s in template.split("/") if s and not s.startswith("{")
                    ),
                    operation_id=operation_id,
                    name=operation_id.rsplit("_", 1)[-1],
                    params=params,
                    version=version,
                    body_schema=body_schema,
                    body_required=bool(body.get("required")),
                    responses=responses,
                ))
        # literal paths beat templated ones (/v2/bookings/by-seat/{x} vs /v2/bookings/{uid})
        self.operations.sort(key=lambda o: (-o.literal_segments, o.template))
        self._validators: dict[int, jsonschema.protocols.Validator] = {}
        self._lock = threading.Lock()

    def validator(self, schema: dict[str, Any]) -> jsonschema.protocols.Validator:
        key = id(schema)
        with self._lock:
            found = self._validators.get(key)
            if found is None:
                found = jsonschema.Draft4Validator({**schema, "components": self.components})
                self._validators[key] = found
            return found

    def errors(self, schema: dict[str, Any], instance: Any) -> list[str]:
        validator = self.validator(schema)
        errors = list(validator.iter_errors(instance))
        if not errors:
            return []
        return [_describe(best_match(errors))]

    def match(self, method: str, path: str) -> tuple[Operation | None, dict[str, str], bool]:
        """(operation, path params, path_exists)."""
        path_exists = False
        for op in self.operations:
            m = op.regex.match(path)
            if not m:
                continue
            path_exists = True
            if op.method == method:
                params = {_ungroup(k): unquote(v) for k, v in m.groupdict().items()}
                return op, params, True
        return None, {}, path_exists

    def check_request(
        self,
        op: Operation,
        path_params: dict[str, str],
        query: dict[str, list[str]],
        headers: dict[str, str],
        body: bytes,
    ) -> list[str]:
        problems: list[str] = []
        declared_query = {p["name"]: p for p in op.params if p.get("in") == "query"}
        for name, param in declared_query.items():
            if param.get("required") and name not in query:
                problems.append(f"query parameter {name!r} is required")
        for name, values in query.items():
            declared = declared_query.get(name)
            if declared is None:
                problems.append(f"query parameter {name!r} is not in the spec for {op.name}")
                continue
            schema = declared.get("schema", {})
            value = _coerce_query(values, schema)
            if value is _REPEATED:
                problems.append(f"query parameter {name!r} given more than once")
                continue
            problems += [f"query {name}={values!r}: {e}" for e in self.errors(schema, value)]
        for param in op.params:
            if param.get("in") != "path":
                continue
            value = path_params.get(param["name"])
            if value is None:
                problems.append(f"path parameter {param['name']!r} missing")
                continue
            schema = param.get("schema", {})
            coerced = _coerce_query([value], schema)
            problems += [f"path {param['name']}: {e}" for e in self.errors(schema, coerced)]
        if op.version is not None:
            sent = headers.get("cal-api-version")
            if sent is None:
                problems.append(f"header cal-api-version missing (must be {op.version})")
            elif sent != op.version:
                problems.append(f"header cal-api-version is {sent!r} (must be {op.version})")
        if body:
            if op.body_schema is None:
                problems.append(f"{op.name} takes no request body")
            else:
                content_type = headers.get("content-type", "")
                if "json" not in content_type:
                    problems.append(f"body sent with content-type {content_type!r}, not JSON")
                try:
                    parsed = json.loads(body)
                except ValueError:
                    problems.append("request body is not valid JSON")
                else:
                    problems += [f"body {e}" for e in self.errors(op.body_schema, parsed)]
        elif op.body_schema is not None and op.body_required:
            problems.append(f"{op.name} requires a JSON body")
        return problems

    def check_response(self, op: Operation, status: int, body: Any) -> list[str]:
        schema = op.responses.get(str(status))
        if not schema or op.name == "getAvailableSlots":
            # the slots schema contradicts its own example (and Cal.com's real answers)
            return []
        return [f"response {e}" for e in self.errors(schema, body)]


def _describe(error: jsonschema.ValidationError, depth: int = 0) -> str:
    """One readable line; for anyOf failures, the reasons of the closest alternative."""
    if error.validator == "anyOf" and error.context and depth < 5:
        branches: dict[Any, list[jsonschema.ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        closest = min(branches.values(), key=len)
        return "; ".join(_describe(sub, depth + 1) for sub in closest[:3])
    where = "/".join(str(p) for p in error.absolute_path) or "(root)"
    return f"{where}: {error.message}"


def _group(name: str) -> str:
    return "p_" + re.sub(r"\W", "_", name)


def _ungroup(name: str) -> str:
    return name[2:]


_REPEATED = object()


def _coerce_query(values: list[str], schema: dict[str, Any]) -> Any:
    kind = schema.get("type")
    if kind == "array":
        items: list[Any] = []
        for v in values:
            items += [part for part in v.split(",")]
        item_schema = schema.get("items", {})
        return [_coerce_scalar(i, item_schema) for i in items]
    if len(values) > 1:
        return _REPEATED
    return _coerce_scalar(values[0], schema)


def _coerce_scalar(value: str, schema: dict[str, Any]) -> Any:
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    if "number" in kinds or "integer" in kinds:
        try:
            return int(value)
        except ValueError:
            try:
                return float(value)
            except ValueError:
                return value
    if "boolean" in kinds and value in ("true", "false"):
        return value == "true"
    return value


@functools.lru_cache(maxsize=1)
def spec_checker() -> SpecChecker:
    """The process-wide prepared spec (loaded once)."""
    with open(spec_path(), encoding="utf-8") as fh:
        return SpecChecker(json.load(fh))


# --------------------------------------------------------------------------- records


def _wall_clock() -> float:
    return time.time()


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
    time: float = field(default_factory=lambda: _wall_clock())  # time.time() when received


@dataclass
class Delivery:
    webhook_id: int
    url: str
    trigger: str
    uid: str
    body: bytes
    headers: dict[str, str]
    status: int | None = None
    error: str | None = None


@dataclass
class Fault:
    kind: str  # latency | rate_limit | error | html | drop | timeout
    times: int | None = 1  # None: forever
    path: re.Pattern[str] | None = None
    method: str | None = None
    status: int = 500
    seconds: float = 0.0
    after: bool = False  # handle the request (change state) first, then fail
    message: str | None = None

    def matches(self, method: str, path: str) -> bool:
        if self.times is not None and self.times <= 0:
            return False
        if self.method and self.method.upper() != method:
            return False
        return not (self.path and not self.path.search(path))


@dataclass
class Outcome:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    action: str = "respond"  # respond | drop | timeout
    seconds: float = 0.0


class Envelope(dict[str, Any]):
    """A handler result that is already a whole response body (not wrapped in data)."""


class ApiError(Exception):
    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


# --------------------------------------------------------------------------- state


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
    def meeting_url(self) -> str:
        return f"https://app.cal.com/video/{self.uid}"


@dataclass
class FakeWebhook:
    id: int
    owner_key: str
    subscriber_url: str
    triggers: list[str]
    secret: str | None
    active: bool = True
    payload_template: str | None = None


def _iso_ms(instant: datetime) -> str:
    instant = instant.astimezone(UTC)
    return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"


def _iso_s(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_when(value: Any, *, end_of_day: bool = False) -> datetime:
    if not isinstance(value, str) or not value:
        raise ApiError(400, f"Invalid date {value!r}")
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        day = date.fromisoformat(text)
        moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
        return moment + timedelta(days=1, seconds=-1) if end_of_day else moment
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ApiError(400, f"Invalid ISO 8601 date {value!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def sign(body: bytes, secret: str) -> str:
    """Cal.com's ``X-Cal-Signature-256``: hex HMAC-SHA256 of the raw body, no prefix."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


# --------------------------------------------------------------------------- the fake


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
        self._rng = random.Random(1234)
        self._users: dict[str, FakeUser] = {}
        self._event_types: dict[int, FakeEventType] = {}
        self._bookings: dict[str, FakeBooking] = {}
        self._webhooks: dict[int, FakeWebhook] = {}
        self._faults: list[Fault] = []
        self._outbox: list[tuple[str, FakeBooking, bytes]] = []
        self._threads: list[threading.Thread] = []
        self._next_ids = {"user": 1, "event_type": 1001, "booking": 5001, "webhook": 701}
        self._clock: Callable[[], datetime] = clock or TestClock()
        self._frozen: datetime | None = None
        self.auto_deliver = auto_deliver
        self.async_delivery = async_delivery
        self.check_responses = check_responses
        self.check_requests = check_requests  # off only in benchmarks: the check costs CPU
        self.delivery_transport = delivery_transport
        self.delivery_timeout = 5.0
        self.requests: list[RecordedRequest] = []
        self.calls: Counter[str] = Counter()
        self.violations: list[str] = []
        self.deliveries: list[Delivery] = []
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
                api_key=api_key, id=self._next("user"), username=username,
                email=email or f"{username}@example.com", name=name or username.title(),
                time_zone=time_zone,
            )
            self._users[api_key] = user
            if default_event_types:
                self.add_event_type(api_key, "30min", title="30 Min Meeting", length=30)
                self.add_event_type(api_key, "intro-call", title="Intro call", length=30,
                                    requires_confirmation=True)
                self.add_event_type(api_key, "weekly-sync", title="Weekly sync", length=30,
                                    recurrence_count=4)
            return user

    def user(self, api_key: str) -> FakeUser:
        return self._users[api_key]

    def revoke_key(self, api_key: str) -> None:
        """Make ``api_key`` unknown (later calls get 401); its data stays."""
        with self._lock:
            user = self._users.pop(api_key)
            self._users["revoked:" + api_key] = user

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
    ) -> int:
        with self._lock:
            et = FakeEventType(
                id=self._next("event_type"), owner_key=api_key, slug=slug,
                title=title or slug, length=length,
                requires_confirmation=requires_confirmation,
                recurrence_count=recurrence_count, hidden=hidden,
            )
            self._event_types[et.id] = et
            return et.id

    def event_type_id(self, api_key: str, slug: str) -> int:
        for et in self._event_types.values():
            if et.owner_key == api_key and et.slug == slug:
                return et.id
        raise KeyError(slug)

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
            et = self._event_types[et_id]
            booking = self._new_booking(
                et, start.astimezone(UTC),
                [{"name": attendee_name, "email": attendee_email,
                  "timeZone": attendee_time_zone, "language": "en"}],
                status=status.lower(),
            )
            if created_at is not None:
                booking.created_at = booking.updated_at = created_at
            if notify:
                trigger = "BOOKING_REQUESTED" if booking.status == "pending" else "BOOKING_CREATED"
                self._emit(trigger, booking)
        self._flush_outbox()
        return booking.uid

    def cancel_elsewhere(self, uid: str, reason: str = "", by: str | None = None) -> None:
        """Cancelled outside Slack (booking page / email link). Delivers BOOKING_CANCELLED."""
        with self._lock:
            booking = self._bookings[uid]
            booking.status = "cancelled"
            booking.cancellation_reason = reason or None
            booking.cancelled_by = by or self._users_by_key(booking.owner_key).email
            booking.ical_sequence += 1
            self._touch(booking)
            self._emit("BOOKING_CANCELLED", booking)
        self._flush_outbox()

    def reschedule_elsewhere(
        self, uid: str, new_start: datetime, *, by: str | None = None, reason: str | None = None
    ) -> str:
        """Rescheduled outside Slack: new uid, old one cancelled. Returns the new uid."""
        with self._lock:
            old = self._bookings[uid]
            new = self._reschedule(old, new_start.astimezone(UTC), reason=reason,
                                   by=by or old.attendees[0]["email"], confirmed=True)
            self._emit("BOOKING_RESCHEDULED", new)
        self._flush_outbox()
        return new.uid

    def confirm_elsewhere(self, uid: str) -> None:
        """The host confirmed a pending booking in Cal.com. Delivers BOOKING_CREATED."""
        with self._lock:
            booking = self._bookings[uid]
            booking.status = "accepted"
            self._touch(booking)
            self._emit("BOOKING_CREATED", booking)
        self._flush_outbox()

    def decline_elsewhere(self, uid: str, reason: str | None = None) -> None:
        """The host declined a pending booking in Cal.com. Delivers BOOKING_REJECTED."""
        with self._lock:
            booking = self._bookings[uid]
            booking.status = "rejected"
            booking.rejection_reason = reason
            self._touch(booking)
            self._emit("BOOKING_REJECTED", booking)
        self._flush_outbox()

    def booking(self, uid: str) -> FakeBooking:
        return self._bookings[uid]

    def booking_json(self, uid: str) -> dict[str, Any]:
        """The booking as Cal.com's API shows it (BookingOutput_2024_08_13)."""
        with self._lock:
            return self._booking_out(self._bookings[uid])

    def bookings_json(self, api_key: str) -> list[dict[str, Any]]:
        with self._lock:
            return [self._booking_out(b) for b in self._bookings.values()
                    if b.owner_key == api_key]

    def webhooks_of(self, api_key: str) -> list[FakeWebhook]:
        return [w for w in self._webhooks.values() if w.owner_key == api_key]

    def add_webhook(
        self, api_key: str, subscriber_url: str, secret: str,
        triggers: tuple[str, ...] = ("BOOKING_CREATED", "BOOKING_REQUESTED",
                                     "BOOKING_CANCELLED", "BOOKING_RESCHEDULED",
                                     "BOOKING_REJECTED"),
    ) -> int:
        """Register a webhook directly (as if done in Cal.com's settings)."""
        with self._lock:
            hook = FakeWebhook(id=self._next("webhook"), owner_key=api_key,
                               subscriber_url=subscriber_url, triggers=list(triggers),
                               secret=secret)
            self._webhooks[hook.id] = hook
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
        ``after=True`` handles the request first (state changes, webhooks) and then fails:
        the "Cal.com made the booking but the answer was lost" case.
        """
        defaults = {"latency": 0.05, "rate_limit": 2.0, "timeout": 1.0}
        fault = Fault(
            kind=kind, times=times, path=re.compile(path) if path else None, method=method,
            status=status or (502 if kind == "html" else 500),
            seconds=seconds if seconds is not None else defaults.get(kind, 0.0),
            after=after, message=message,
        )
        if kind not in ("latency", "rate_limit", "error", "html", "drop", "timeout"):
            raise ValueError(kind)
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
        return _FakeTransport(self)

    @contextlib.contextmanager
    def serve(self, host: str = "127.0.0.1") -> Iterator[str]:
        """Serve over real HTTP on an ephemeral port; yields the base URL."""
        fake = self

        class Handler(_HTTPHandler):
            pass

        Handler.fake = fake
        server = _Server((host, 0), Handler)
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                  daemon=True, name="fake-calcom")
        thread.start()
        try:
            yield f"http://{host}:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)

    # ------------------------------------------------------------------ webhooks out
    def webhook_body(
        self,
        trigger: str,
        uid: str | FakeBooking,
        *,
        webhook_id: int | None = None,
        secret: str | None = None,
    ) -> tuple[bytes, dict[str, str]]:
        """(raw body, headers) of the webhook Cal.com would send now for ``uid``.

        Signed with ``secret``, else the given webhook's secret, else the secret of the first
        webhook the booking's owner registered (unsigned if none). Re-send the same bytes to
        test duplicate handling.
        """
        with self._lock:
            booking = self._bookings[uid if isinstance(uid, str) else uid.uid]
            raw = self._webhook_raw(trigger.upper(), booking)
            if secret is None:
                hooks = [self._webhooks[webhook_id]] if webhook_id else self.webhooks_of(
                    booking.owner_key)
                secret = hooks[0].secret if hooks else None
        return raw, self._webhook_headers(raw, secret)

    def deliver_webhooks(self, trigger: str, uid: str | FakeBooking) -> list[Delivery]:
        """POST the webhook for ``uid`` now to every matching webhook of its owner."""
        with self._lock:
            booking = self._bookings[uid if isinstance(uid, str) else uid.uid]
            raw = self._webhook_raw(trigger.upper(), booking)
            jobs = self._delivery_jobs(trigger.upper(), booking, raw)
        return [self._post(job) for job in jobs]

    def wait_deliveries(self, timeout: float = 5.0) -> None:
        """Wait for deliveries running in background threads (``async_delivery=True``)."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                threads = list(self._threads)
                self._threads.clear()
            if not threads:
                return
            for t in threads:
                t.join(max(0.0, deadline - time.monotonic()))

    # ================================================================== internals
    def _next(self, kind: str) -> int:
        value = self._next_ids[kind]
        self._next_ids[kind] += 1
        return value

    def _uid(self) -> str:
        alphabet = string.ascii_letters + string.digits
        while True:
            uid = "".join(self._rng.choice(alphabet) for _ in range(22))
            if uid not in self._bookings:
                return uid

    def _users_by_key(self, key: str) -> FakeUser:
        if key in self._users:
            return self._users[key]
        return self._users["revoked:" + key]

    def _touch(self, booking: FakeBooking) -> None:
        booking.updated_at = max(self.now(), booking.updated_at + timedelta(milliseconds=1))

    def _new_booking(
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
        owner = self._users_by_key(et.owner_key)
        booking = FakeBooking(
            id=self._next("booking"), uid=self._uid(), owner_key=et.owner_key,
            event_type_id=et.id,
            title=f"{et.title} between {owner.name} and {attendees[0]['name']}",
            status=status, start=start, end=start + timedelta(minutes=et.length),
            attendees=attendees, guests=list(guests or []), notes=notes,
            description=notes or "", recurring_booking_uid=recurring_uid,
            created_at=self.now(), updated_at=self.now(),
        )
        self._bookings[booking.uid] = booking
        return booking

    def _free_starts(
        self, user: FakeUser, length: int, start: datetime, end: datetime,
        ignore_uid: str | None = None,
    ) -> list[datetime]:
        zone = ZoneInfo(user.time_zone)
        busy = [
            (b.start, b.end) for b in self._bookings.values()
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

    def _is_free(self, et: FakeEventType, start: datetime, ignore_uid: str | None = None) -> bool:
        user = self._users_by_key(et.owner_key)
        return start in self._free_starts(user, et.length, start, start, ignore_uid)

    def _reschedule(
        self, old: FakeBooking, start: datetime, *, reason: str | None, by: str | None,
        confirmed: bool,
    ) -> FakeBooking:
        et = self._event_types[old.event_type_id]
        new = self._new_booking(
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
        self._touch(old)
        return new

    # ------------------------------------------------------------------ output shapes
    def _booking_out(self, b: FakeBooking) -> dict[str, Any]:
        owner = self._users_by_key(b.owner_key)
        et = self._event_types[b.event_type_id]
        out: dict[str, Any] = {
            "id": b.id,
            "uid": b.uid,
            "title": b.title,
            "description": b.description,
            "hosts": [{
                "id": owner.id, "name": owner.name, "email": owner.email,
                "displayEmail": owner.email, "username": owner.username,
                "timeZone": owner.time_zone,
            }],
            "status": b.status,
            "start": _iso_ms(b.start),
            "end": _iso_ms(b.end),
            "duration": int((b.end - b.start).total_seconds() // 60),
            "eventTypeId": et.id,
            "eventType": {"id": et.id, "slug": et.slug},
            "meetingUrl": b.meeting_url,
            "location": b.meeting_url,
            "absentHost": False,
            "createdAt": _iso_ms(b.created_at),
            "updatedAt": _iso_ms(b.updated_at),
            "metadata": dict(b.metadata),
            "icsUid": f"{b.uid}@Cal.com",
            "attendees": [{
                "name": a["name"], "email": a["email"], "displayEmail": a["email"],
                "timeZone": a.get("timeZone", "UTC"), "language": a.get("language") or "en",
                "absent": False,
            } for a in b.attendees],
            "guests": list(b.guests),
            "bookingFieldsResponses": {
                "name": b.attendees[0]["name"], "email": b.attendees[0]["email"],
                **({"notes": b.notes} if b.notes else {}),
                **({"guests": list(b.guests)} if b.guests else {}),
            },
        }
        optional = {
            "cancellationReason": b.cancellation_reason,
            "cancelledByEmail": b.cancelled_by,
            "reschedulingReason": b.rescheduling_reason,
            "rescheduledByEmail": b.rescheduled_by,
            "rescheduledFromUid": b.rescheduled_from_uid,
            "rescheduledToUid": b.rescheduled_to_uid,
            "recurringBookingUid": b.recurring_booking_uid,
        }
        out.update({k: v for k, v in optional.items() if v})
        return out

    def _event_type_out(self, et: FakeEventType) -> dict[str, Any]:
        owner = self._users_by_key(et.owner_key)
        out: dict[str, Any] = {
            "id": et.id, "lengthInMinutes": et.length, "title": et.title, "slug": et.slug,
            "description": et.description,
            "locations": [{"type": "integration", "integration": "cal-video"}],
            "bookingFields": [], "disableGuests": False,
            "recurrence": (
                {"frequency": "weekly", "interval": 1, "occurrences": et.recurrence_count}
                if et.recurrence_count else None
            ),
            "metadata": {}, "price": 0, "currency": "usd",
            "lockTimeZoneToggleOnBookingPage": False, "forwardParamsSuccessRedirect": None,
            "successRedirectUrl": None, "isInstantEvent": False, "scheduleId": None,
            "hidden": et.hidden, "bookingRequiresAuthentication": False,
            "ownerId": owner.id, "users": [owner.username],
            "bookingUrl": f"https://cal.com/{owner.username}/{et.slug}",
            "minimumBookingNotice": 0, "beforeEventBuffer": 0, "afterEventBuffer": 0,
        }
        if et.requires_confirmation:
            out["confirmationPolicy"] = {"type": "always", "blockUnconfirmedBookingsInBooker": True}
        return out

    def _me_out(self, user: FakeUser) -> dict[str, Any]:
        return {
            "id": user.id, "username": user.username, "email": user.email, "name": user.name,
            "avatarUrl": None, "bio": None, "timeFormat": 24, "defaultScheduleId": user.id * 10,
            "weekStart": "Monday", "timeZone": user.time_zone, "organizationId": None,
        }

    def _webhook_out(self, hook: FakeWebhook) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": hook.id, "userId": self._users_by_key(hook.owner_key).id,
            "subscriberUrl": hook.subscriber_url, "triggers": list(hook.triggers),
            "active": hook.active, "payloadTemplate": hook.payload_template,
        }
        if hook.secret:
            out["secret"] = hook.secret
        return out

    # ------------------------------------------------------------------ webhook payloads
    def _webhook_raw(self, trigger: str, b: FakeBooking) -> bytes:
        return json.dumps(self._webhook_payload(trigger, b), separators=(",", ":")).encode()

    def _webhook_payload(self, trigger: str, b: FakeBooking) -> dict[str, Any]:
        owner = self._users_by_key(b.owner_key)
        et = self._event_types[b.event_type_id]

        def offset(tz: str) -> int:
            try:
                delta = b.start.astimezone(ZoneInfo(tz)).utcoffset()
            except (ZoneInfoNotFoundError, ValueError):
                return 0
            return int(delta.total_seconds() // 60) if delta else 0

        attendees = []
        for a in b.attendees:
            first, _, last = a["name"].partition(" ")
            attendees.append({
                "email": a["email"], "name": a["name"], "firstName": first, "lastName": last,
                "timeZone": a.get("timeZone", "UTC"), "phoneNumber": None,
                "language": {"locale": a.get("language") or "en"},
                "utcOffset": offset(a.get("timeZone", "UTC")),
            })
        payload: dict[str, Any] = {
            "type": et.slug,
            "title": b.title,
            "description": b.notes or "",
            "additionalNotes": b.notes or "",
            "customInputs": {},
            "startTime": _iso_s(b.start),
            "endTime": _iso_s(b.end),
            "organizer": {
                "id": owner.id, "name": owner.name, "email": owner.email,
                "username": owner.username, "timeZone": owner.time_zone,
                "language": {"locale": "en"}, "timeFormat": "h:mma",
                "utcOffset": offset(owner.time_zone), "usernameInOrg": None,
            },
            "responses": {
                "name": {"label": "your_name", "value": b.attendees[0]["name"],
                         "isHidden": False},
                "email": {"label": "email_address", "value": b.attendees[0]["email"],
                          "isHidden": False},
                "location": {"label": "location",
                             "value": {"optionValue": "", "value": "integrations:daily"},
                             "isHidden": False},
                "notes": {"label": "additional_notes", "value": b.notes or "",
                          "isHidden": False},
                "guests": {"label": "additional_guests", "value": list(b.guests),
                           "isHidden": False},
                "rescheduleReason": {"label": "reschedule_reason", "isHidden": False,
                                     **({"value": b.rescheduling_reason}
                                        if b.rescheduling_reason else {})},
            },
            "userFieldsResponses": {},
            "attendees": attendees,
            "location": b.location,
            "destinationCalendar": None,
            "hideCalendarNotes": False,
            "requiresConfirmation": et.requires_confirmation,
            "eventTypeId": et.id,
            "seatsShowAttendees": True,
            "seatsPerTimeSlot": None,
            "seatsShowAvailabilityCount": True,
            "schedulingType": None,
            "iCalUID": f"{b.rescheduled_from_uid or b.uid}@Cal.com",
            "iCalSequence": b.ical_sequence,
            "uid": b.uid,
            "conferenceData": None,
            "hashedLink": None,
            "videoCallData": {"type": "daily_video", "id": b.uid[:11], "password": "",
                              "url": b.meeting_url},
            "eventTitle": et.title,
            "eventDescription": et.description,
            "price": 0,
            "currency": "usd",
            "length": et.length,
            "bookingId": b.id,
            "assignmentReason": None,
            "metadata": {**b.metadata, "videoCallUrl": b.meeting_url},
            "status": b.status.upper(),
        }
        if trigger == "BOOKING_CANCELLED":
            payload["cancellationReason"] = b.cancellation_reason or ""
            payload["cancelledBy"] = b.cancelled_by or owner.email
            payload["requestReschedule"] = False
        if trigger == "BOOKING_REJECTED":
            payload["rejectionReason"] = b.rejection_reason
        if b.recurring_booking_uid:
            payload["recurringEventId"] = b.recurring_booking_uid
        if b.rescheduled_from_uid and trigger in ("BOOKING_RESCHEDULED", "BOOKING_REQUESTED"):
            old = self._bookings.get(b.rescheduled_from_uid)
            if old is not None:
                payload["rescheduleId"] = old.id
                payload["rescheduleUid"] = old.uid
                payload["rescheduleStartTime"] = _iso_s(old.start)
                payload["rescheduleEndTime"] = _iso_s(old.end)
                payload["rescheduledBy"] = b.rescheduled_by or owner.email
        return {"triggerEvent": trigger, "createdAt": _iso_ms(self.now()),
                "payload": payload}

    def _webhook_headers(self, raw: bytes, secret: str | None) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "User-Agent": "Cal.com Webhooks"}
        if secret:
            headers[WEBHOOK_SIGNATURE_HEADER] = sign(raw, secret)
        return headers

    def _emit(self, trigger: str, booking: FakeBooking) -> None:
        """Queue a webhook (sent after the lock is released); caller holds the lock."""
        if self.auto_deliver:
            self._outbox.append((trigger, booking, self._webhook_raw(trigger, booking)))

    def _delivery_jobs(self, trigger: str, booking: FakeBooking, raw: bytes) -> list[Delivery]:
        return [
            Delivery(webhook_id=h.id, url=h.subscriber_url, trigger=trigger, uid=booking.uid,
                     body=raw, headers=self._webhook_headers(raw, h.secret))
            for h in self._webhooks.values()
            if h.owner_key == booking.owner_key and h.active and trigger in h.triggers
        ]

    def _flush_outbox(self) -> None:
        with self._lock:
            jobs: list[Delivery] = []
            for trigger, booking, raw in self._outbox:
                jobs += self._delivery_jobs(trigger, booking, raw)
            self._outbox.clear()
        if not jobs:
            return
        if self.async_delivery:
            thread = threading.Thread(target=lambda: [self._post(j) for j in jobs], daemon=True)
            with self._lock:
                self._threads.append(thread)
            thread.start()
        else:
            for job in jobs:
                self._post(job)

    def _post(self, job: Delivery) -> Delivery:
        try:
            if self.delivery_transport is not None:
                with httpx.Client(transport=self.delivery_transport,
                                  timeout=self.delivery_timeout) as client:
                    response = client.post(job.url, content=job.body, headers=job.headers)
            else:
                response = httpx.post(job.url, content=job.body, headers=job.headers,
                                      timeout=self.delivery_timeout)
            job.status = response.status_code
        except httpx.HTTPError as exc:
            job.error = f"{type(exc).__name__}: {exc}"
        with self._lock:
            self.deliveries.append(job)
        return job

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
            latency = 0.0
            fault: Fault | None = None
            for candidate in self._faults:
                if not candidate.matches(method, path):
                    continue
                if candidate.kind == "latency":
                    latency += candidate.seconds
                elif fault is not None:
                    continue
                else:
                    fault = candidate
                if candidate.times is not None:
                    candidate.times -= 1
        if latency:
            time.sleep(latency)
        if fault is not None and not fault.after:
            return self._finish(record, self._fault_outcome(fault, path))
        if op is None:
            outcome = self._error(path, 404, f"Cannot {method} {path}")
        elif user is None:
            outcome = self._error(path, 401, "Invalid Access Token.",
                                  code="UnauthorizedException")
        elif problems:
            outcome = self._error(path, 400, "; ".join(problems))
        else:
            with self._lock:
                outcome = self._handle(op, path, path_params, query, body, user)
            self._flush_outbox()
        if fault is not None:
            return self._finish(record, self._fault_outcome(fault, path))
        return self._finish(record, outcome)

    def _finish(self, record: RecordedRequest, outcome: Outcome) -> Outcome:
        record.status = outcome.status if outcome.action == "respond" else None
        return outcome

    def _auth(self, headers: dict[str, str]) -> FakeUser | None:
        value = headers.get("authorization", "")
        if not value.startswith("Bearer "):
            return None
        return self._users.get(value[len("Bearer "):].strip())

    def _json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> Outcome:
        return Outcome(status=status, body=json.dumps(body).encode(),
                       headers={"Content-Type": "application/json; charset=utf-8",
                                **(headers or {})})

    def _error(self, path: str, status: int, message: str, code: str | None = None,
               headers: dict[str, str] | None = None) -> Outcome:
        code = code or {
            400: "BadRequestException", 401: "UnauthorizedException",
            403: "ForbiddenException", 404: "NotFoundException", 409: "ConflictException",
            429: "ThrottlerException",
        }.get(status, "HttpException")
        return self._json(status, {
            "status": "error", "timestamp": _iso_ms(self.now()), "path": path,
            "error": {"code": code, "message": message, "details": {}},
        }, headers)

    def _fault_outcome(self, fault: Fault, path: str) -> Outcome:
        if fault.kind == "rate_limit":
            reset = fault.seconds
            reset_text = str(int(reset)) if float(reset).is_integer() else str(reset)
            return self._error(path, 429, fault.message or "ThrottlerException: Too Many Requests",
                               headers={"X-RateLimit-Limit-Default": "120",
                                        "X-RateLimit-Remaining-Default": "0",
                                        "X-RateLimit-Reset-Default": reset_text})
        if fault.kind == "error":
            if fault.status == 500:
                return self._json(500, {"statusCode": 500,
                                        "message": fault.message or "Internal server error"})
            return self._error(path, fault.status, fault.message or "Injected failure")
        if fault.kind == "html":
            return Outcome(status=fault.status, headers={"Content-Type": "text/html"},
                           body=b"<html><body><h1>502 Bad Gateway</h1></body></html>")
        return Outcome(status=0, action=fault.kind, seconds=fault.seconds)

    def _handle(self, op: Operation, path: str, params: dict[str, str],
                query: dict[str, list[str]], body: bytes, user: FakeUser) -> Outcome:
        handler: Callable[..., tuple[int, Any]] | None = getattr(self, f"_op_{op.name}", None)
        if handler is None:
            self.violations.append(f"{op.method} {path}: fake does not implement {op.name}")
            return self._json(500, {"statusCode": 500, "message": "Internal server error"})
        payload = json.loads(body) if body else {}
        q = {k: ",".join(v) for k, v in query.items()}
        try:
            status, data = handler(user=user, params=params, query=q, body=payload)
        except ApiError as exc:
            return self._error(path, exc.status, exc.message, exc.code)
        except Exception as exc:  # the fake's own bug: a bare 500, and the test fails
            self.violations.append(f"{op.method} {path}: fake crashed: {exc!r}")
            return self._json(500, {"statusCode": 500, "message": "Internal server error"})
        envelope = data if isinstance(data, Envelope) else {"status": "success", "data": data}
        if self.check_responses:
            for problem in self.spec.check_response(op, status, envelope):
                self.violations.append(f"{op.method} {path}: fake {problem}")
        return self._json(status, envelope)

    # ------------------------------------------------------------------ operations
    def _owned(self, user: FakeUser, uid: str) -> FakeBooking:
        booking = self._bookings.get(uid)
        if booking is None:
            raise ApiError(404, f"Booking with uid={uid} was not found in the database")
        if booking.owner_key != user.api_key:
            raise ApiError(403, f"You are not allowed to access booking with uid={uid}")
        return booking

    def _op_getMe(self, *, user: FakeUser, **_: Any) -> tuple[int, Any]:
        return 200, self._me_out(user)

    def _op_getEventTypes(self, *, user: FakeUser, query: dict[str, str],
                          **_: Any) -> tuple[int, Any]:
        owner_key = user.api_key
        if "username" in query:
            found = [u for u in self._users.values() if u.username == query["username"]]
            if not found:
                raise ApiError(404, f"User with username={query['username']} not found")
            owner_key = found[0].api_key
        types = [et for et in self._event_types.values() if et.owner_key == owner_key]
        if "eventSlug" in query:
            types = [et for et in types if et.slug == query["eventSlug"]]
        return 200, [self._event_type_out(et) for et in types]

    def _op_getBookings(self, *, user: FakeUser, query: dict[str, str],
                        **_: Any) -> tuple[int, Any]:
        now = self.now()
        items = [b for b in self._bookings.values() if b.owner_key == user.api_key]
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
                    if s == "cancelled" and b.status in ("cancelled", "rejected"):
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
                limit = _parse_when(query[key])
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
        if take < 1:
            raise ApiError(400, "take must not be less than 1")
        page = items[skip:skip + take]
        total = len(items)
        return 200, Envelope({
            "status": "success",
            "data": [self._booking_out(b) for b in page],
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

    def _op_getBooking(self, *, user: FakeUser, params: dict[str, str],
                       **_: Any) -> tuple[int, Any]:
        uid = params["bookingUid"]
        series = [b for b in self._bookings.values() if b.recurring_booking_uid == uid]
        if uid not in self._bookings and series:
            if series[0].owner_key != user.api_key:
                raise ApiError(403, f"You are not allowed to access booking with uid={uid}")
            return 200, [self._booking_out(b) for b in sorted(series, key=lambda b: b.start)]
        return 200, self._booking_out(self._owned(user, uid))

    def _op_createBooking(self, *, user: FakeUser, body: dict[str, Any],
                          **_: Any) -> tuple[int, Any]:
        if body.get("instant"):
            raise ApiError(400, "Instant bookings are only available for team event types")
        et: FakeEventType | None = None
        if "eventTypeId" in body:
            et = self._event_types.get(int(body["eventTypeId"]))
            if et is None:
                raise ApiError(404, f"Event type with id={body['eventTypeId']} not found")
        elif body.get("eventTypeSlug") and body.get("username"):
            for candidate in self._event_types.values():
                owner = self._users_by_key(candidate.owner_key)
                if candidate.slug == body["eventTypeSlug"] and owner.username == body["username"]:
                    et = candidate
            if et is None:
                raise ApiError(404, "Event type not found")
        else:
            raise ApiError(400, "Either eventTypeId or eventTypeSlug + username is required")
        attendee = body["attendee"]
        if not attendee.get("email") and not attendee.get("phoneNumber"):
            raise ApiError(400, "Attendee email or phone number is required")
        try:
            ZoneInfo(attendee["timeZone"])
        except (ZoneInfoNotFoundError, ValueError):
            raise ApiError(400, f"Invalid time zone {attendee['timeZone']!r}") from None
        start = _parse_when(body["start"])
        if not body["start"].endswith("Z"):
            raise ApiError(400, "start must be in UTC (ISO 8601 ending with Z)")
        if start < self.now():
            raise ApiError(400, "Attempting to book a meeting in the past.")
        occurrences = 1
        if et.recurrence_count:
            occurrences = int(body.get("recurrenceCount") or et.recurrence_count)
            if occurrences > et.recurrence_count:
                raise ApiError(400, "recurrenceCount can't be more than the event type's "
                                    f"maximum of {et.recurrence_count}")
        starts = [start + timedelta(weeks=i) for i in range(occurrences)]
        for s in starts:
            if not self._is_free(et, s):
                raise ApiError(400, "User either already has booking at this time or is not "
                                    "available")
        status = "pending" if et.requires_confirmation else "accepted"
        person = {"name": attendee["name"], "email": attendee.get("email", ""),
                  "timeZone": attendee["timeZone"], "language": attendee.get("language", "en")}
        notes = (body.get("bookingFieldsResponses") or {}).get("notes")
        series_uid = self._uid() if occurrences > 1 or et.recurrence_count else None
        made = [self._new_booking(et, s, [dict(person)], status=status,
                                  guests=body.get("guests") or [], notes=notes,
                                  recurring_uid=series_uid) for s in starts]
        for booking in made:
            booking.metadata = dict(body.get("metadata") or {})
        self._emit("BOOKING_REQUESTED" if status == "pending" else "BOOKING_CREATED", made[0])
        if series_uid:
            return 201, [self._booking_out(b) for b in made]
        return 201, self._booking_out(made[0])

    def _op_cancelBooking(self, *, user: FakeUser, params: dict[str, str],
                          body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        uid = params["bookingUid"]
        if "seatUid" in body:
            raise ApiError(400, "Booking is not a seated booking")
        reason = (body.get("cancellationReason") or "").strip()
        series = [b for b in self._bookings.values() if b.recurring_booking_uid == uid]
        targets = series if (uid not in self._bookings and series) else [self._owned(user, uid)]
        if targets[0].owner_key != user.api_key:
            raise ApiError(403, f"You are not allowed to access booking with uid={uid}")
        if body.get("cancelSubsequentBookings") and targets[0].recurring_booking_uid:
            first = targets[0]
            targets = [b for b in self._bookings.values()
                       if b.recurring_booking_uid == first.recurring_booking_uid
                       and b.start >= first.start]
        if all(b.status in ("cancelled", "rejected") for b in targets):
            raise ApiError(400, "This booking has already been cancelled.")
        if not reason:
            raise ApiError(400, "Cancellation reason is required when you are the host")
        for b in targets:
            if b.status in ("cancelled", "rejected"):
                continue
            b.status = "cancelled"
            b.cancellation_reason = reason
            b.cancelled_by = user.email
            b.ical_sequence += 1
            self._touch(b)
        self._emit("BOOKING_CANCELLED", targets[0])
        if len(targets) > 1 or series:
            return 200, [self._booking_out(b) for b in targets]
        return 200, self._booking_out(targets[0])

    def _op_rescheduleBooking(self, *, user: FakeUser, params: dict[str, str],
                              body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        old = self._owned(user, params["bookingUid"])
        if old.status in ("cancelled", "rejected"):
            raise ApiError(400, f"Can't reschedule booking with uid={old.uid} because it has "
                                "been cancelled. Please provide uid of a booking that is not "
                                "cancelled.")
        start = _parse_when(body["start"])
        if start < self.now():
            raise ApiError(400, "Attempting to book a meeting in the past.")
        et = self._event_types[old.event_type_id]
        if not self._is_free(et, start, ignore_uid=old.uid):
            raise ApiError(400, "User either already has booking at this time or is not "
                                "available")
        by = body.get("rescheduledBy")
        owner = self._users_by_key(old.owner_key)
        new = self._reschedule(old, start, reason=body.get("reschedulingReason"), by=by,
                               confirmed=isinstance(by, str) and by.lower() == owner.email.lower())
        self._emit("BOOKING_REQUESTED" if new.status == "pending" else "BOOKING_RESCHEDULED",
                   new)
        return 201, self._booking_out(new)

    def _op_confirmBooking(self, *, user: FakeUser, params: dict[str, str],
                           **_: Any) -> tuple[int, Any]:
        booking = self._owned(user, params["bookingUid"])
        if booking.status != "pending":
            raise ApiError(400, f"Booking with uid={booking.uid} is not pending confirmation "
                                f"(it is {booking.status})")
        booking.status = "accepted"
        self._touch(booking)
        self._emit("BOOKING_CREATED", booking)
        return 200, self._booking_out(booking)

    def _op_declineBooking(self, *, user: FakeUser, params: dict[str, str],
                           body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        booking = self._owned(user, params["bookingUid"])
        if booking.status != "pending":
            raise ApiError(400, f"Booking with uid={booking.uid} is not pending confirmation "
                                f"(it is {booking.status})")
        booking.status = "rejected"
        booking.rejection_reason = body.get("reason")
        self._touch(booking)
        self._emit("BOOKING_REJECTED", booking)
        return 200, self._booking_out(booking)

    def _op_getAvailableSlots(self, *, user: FakeUser, query: dict[str, str],
                              **_: Any) -> tuple[int, Any]:
        et: FakeEventType | None = None
        if "eventTypeId" in query:
            et = self._event_types.get(int(float(query["eventTypeId"])))
        elif "eventTypeSlug" in query and "username" in query:
            et = next((e for e in self._event_types.values()
                       if e.slug == query["eventTypeSlug"]
                       and self._users_by_key(e.owner_key).username == query["username"]), None)
        else:
            raise ApiError(400, "eventTypeId or eventTypeSlug + username is required")
        if et is None:
            raise ApiError(404, "Event type not found")
        for key in ("start", "end"):
            raw = query[key]
            if "T" in raw and not raw.endswith("Z"):
                raise ApiError(400, f"{key} must be in UTC timezone (ending with Z)")
        start = _parse_when(query["start"])
        end = _parse_when(query["end"], end_of_day=True)
        if end < start:
            raise ApiError(400, "end must be after start")
        tz_name = query.get("timeZone", "UTC")
        try:
            zone = ZoneInfo(tz_name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ApiError(400, f"Invalid time zone {tz_name!r}") from None
        owner = self._users_by_key(et.owner_key)
        free = self._free_starts(owner, et.length, start, end,
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

    def _op_createWebhook(self, *, user: FakeUser, body: dict[str, Any],
                          **_: Any) -> tuple[int, Any]:
        for hook in self.webhooks_of(user.api_key):
            if hook.subscriber_url == body["subscriberUrl"]:
                raise ApiError(409, "Webhook with this subscriber url already exists")
        hook = FakeWebhook(
            id=self._next("webhook"), owner_key=user.api_key,
            subscriber_url=body["subscriberUrl"], triggers=list(body["triggers"]),
            secret=body.get("secret"), active=bool(body["active"]),
            payload_template=body.get("payloadTemplate"),
        )
        self._webhooks[hook.id] = hook
        return 201, self._webhook_out(hook)

    def _op_getWebhooks(self, *, user: FakeUser, query: dict[str, str],
                        **_: Any) -> tuple[int, Any]:
        take = int(float(query.get("take", 250)))
        skip = int(float(query.get("skip", 0)))
        hooks = sorted(self.webhooks_of(user.api_key), key=lambda h: h.id)
        return 200, [self._webhook_out(h) for h in hooks[skip:skip + take]]

    def _hook(self, user: FakeUser, webhook_id: str) -> FakeWebhook:
        hook = self._webhooks.get(int(webhook_id)) if webhook_id.isdigit() else None
        if hook is None or hook.owner_key != user.api_key:
            raise ApiError(404, f"Webhook ({webhook_id}) not found")
        return hook

    def _op_getWebhook(self, *, user: FakeUser, params: dict[str, str],
                       **_: Any) -> tuple[int, Any]:
        return 200, self._webhook_out(self._hook(user, params["webhookId"]))

    def _op_updateWebhook(self, *, user: FakeUser, params: dict[str, str],
                          body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        hook = self._hook(user, params["webhookId"])
        hook.subscriber_url = body.get("subscriberUrl", hook.subscriber_url)
        hook.triggers = list(body.get("triggers", hook.triggers))
        hook.active = bool(body.get("active", hook.active))
        hook.secret = body.get("secret", hook.secret)
        return 200, self._webhook_out(hook)

    def _op_deleteWebhook(self, *, user: FakeUser, params: dict[str, str],
                          **_: Any) -> tuple[int, Any]:
        hook = self._hook(user, params["webhookId"])
        del self._webhooks[hook.id]
        return 200, self._webhook_out(hook)


def _decode_body(body: bytes) -> Any:
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return body.decode("utf-8", "replace")


# --------------------------------------------------------------------------- transports


class _FakeTransport(httpx.BaseTransport):
    def __init__(self, fake: FakeCalcom) -> None:
        self.fake = fake

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        target = request.url.raw_path.decode("ascii")
        outcome = self.fake.dispatch(request.method, target, dict(request.headers), body)
        if outcome.action == "drop":
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request)
        if outcome.action == "timeout":
            raise httpx.ReadTimeout("timed out", request=request)
        return httpx.Response(outcome.status, headers=outcome.headers, content=outcome.body,
                              request=request)


class _HTTPHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    fake: FakeCalcom

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        outcome = self.fake.dispatch(self.command, self.path, dict(self.headers.items()), body)
        if outcome.action in ("drop", "timeout"):
            if outcome.action == "timeout":
                time.sleep(outcome.seconds)
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(2)
            return
        self.send_response(outcome.status)
        for name, value in outcome.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(outcome.body)))
        self.end_headers()
        self.wfile.write(outcome.body)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _any

    def log_message(self, format: str, *args: Any) -> None:
        pass
