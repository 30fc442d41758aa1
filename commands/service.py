"""What each `/cal` command does, independent of Slack: the services behind the listeners.

`Calbot` holds the dependencies (store, the one pooled HTTP client, settings values, the clock)
and speaks to Cal.com as the acting user. It raises typed errors; `commands.errors.user_message`
turns them into sentences. No Slack calls and no Block Kit here.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

import httpx

from calcom import CalcomClient, mask_key
from calcom import errors as cal
from calcom.models import (
    ACCEPTED,
    Attendee,
    Booking,
    ChangeKind,
    EventType,
    Me,
)
from commands.access import Identity, role_in
from commands.audit import AuditTrail, NoAudit, audited
from commands.errors import (
    AlreadyDecided,
    CannotMove,
    NoEventTypes,
    NotConnected,
    NotInvolved,
    OnlyTheHost,
    UnknownEventType,
)
from commands.event_types import match_event_types
from commands.provenance import booking_metadata
from commands.repairs import Repairs
from i18n import translator_for
from storage import Connection, StorageError, Store, Subscription
from timephrase import TimePhraseError, describe, parse_when

log = logging.getLogger(__name__)

# The webhook triggers calbot subscribes to (notices.changes.TRIGGERS reads each).
WEBHOOK_TRIGGERS = (
    "BOOKING_CREATED", "BOOKING_REQUESTED", "BOOKING_RESCHEDULED", "BOOKING_CANCELLED",
    "BOOKING_REJECTED",
)
EVENT_TYPES_TTL = 300.0


def _refusal(locale: str | None, english: str, **params: str) -> TimePhraseError:
    """A refusal of calbot's own (not the phrase parser's), in the user's language."""
    refusal = TimePhraseError(english.format(**params), **params)
    refusal.message = translator_for(locale)(english, **params)
    return refusal


class ChangeListener(Protocol):
    """How approvals and notices learn of changes made from Slack (``notices.Notices``).

    ``acting`` comes BEFORE the Cal.com call, so that Cal.com's webhook for the same change —
    which often arrives before Cal.com's own answer — finds who did it; ``acted`` after.
    """

    def acting(self, team_id: str, booking: Booking, actor: str, kind: ChangeKind,
               reason: str | None) -> None: ...

    def acted(self, team_id: str, booking: Booking, actor: str, kind: ChangeKind,
              reason: str | None) -> None: ...


class NobodyListens:
    """The default listener (the services alone, in tests)."""

    def acting(self, team_id: str, booking: Booking, actor: str, kind: ChangeKind,
               reason: str | None) -> None:
        return None

    def acted(self, team_id: str, booking: Booking, actor: str, kind: ChangeKind,
              reason: str | None) -> None:
        return None


__all__ = ["Calbot", "ChangeListener", "NobodyListens", "Preview", "ShownConnection", "SlotsAnswer"]


@dataclass(frozen=True)
class Preview:
    text: str
    start: datetime
    shown: str  # "Tue 10 Mar, 15:00 EDT"


@dataclass(frozen=True)
class ShownConnection:
    masked_key: str
    api_url: str | None
    email: str | None


@dataclass(frozen=True)
class SlotsAnswer:
    event_type: EventType
    day: date
    starts: list[datetime]


def whole_minute(instant: datetime) -> datetime:
    """Bookings start on a whole minute: `in 4 hours` at 12:57:39 books 16:58."""
    if instant.second or instant.microsecond:
        instant = instant.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return instant


class Calbot:
    def __init__(
        self,
        store: Store,
        http: httpx.Client,
        *,
        default_api_url: str = "https://api.cal.com",
        public_url: str | None = None,
        now: Callable[[], datetime],
        sleep: Callable[[float], None] = time.sleep,
        changes: ChangeListener | None = None,
        repairs: Repairs | None = None,
        audit: AuditTrail | None = None,
    ):
        """``repairs`` takes the writes that fail after Cal.com acted (one is made with
        ``sleep`` when not given); ``audit`` records every action (``commands.audit``); none:
        nothing is recorded."""
        self.store = store
        self.audit: AuditTrail = audit or NoAudit()
        self.http = http
        self.default_api_url = default_api_url.rstrip("/")
        self.public_url = public_url.rstrip("/") if public_url else None
        self.now = now
        self.sleep = sleep
        self.changes: ChangeListener = changes or NobodyListens()
        self.repairs = repairs or Repairs(sleep=sleep)
        self._identities: dict[tuple[str, str], Identity] = {}
        self._event_types: dict[tuple[str, str], tuple[float, list[EventType]]] = {}
        self._lock = threading.Lock()

    # --- who is acting -------------------------------------------------------------------
    def connection(self, team_id: str, user_id: str) -> Connection:
        conn = self.store.connection(team_id, user_id)
        if conn is None:
            raise NotConnected()
        return conn

    def is_connected(self, team_id: str, user_id: str) -> bool:
        return self.store.connection(team_id, user_id) is not None

    def shown_connection(self, team_id: str, user_id: str) -> ShownConnection | None:
        """What may be shown of a user's connection: the key masked, the API URL, the email."""
        conn = self.store.connection(team_id, user_id)
        if conn is None:
            return None
        return ShownConnection(mask_key(conn.api_key), conn.api_url, conn.calcom_email)

    def client_for(self, conn: Connection) -> CalcomClient:
        """A client for a Slack request: a 429 is never waited out (Slack's clock); the user is
        told when to try again instead."""
        return CalcomClient(self.http, conn.api_key, base_url=conn.api_url or self.default_api_url,
                            sleep=self.sleep, max_wait=0.0)

    def calcom(self, team_id: str, user_id: str) -> CalcomClient:
        return self.client_for(self.connection(team_id, user_id))

    # --- connect / disconnect ------------------------------------------------------------
    def check_key(self, api_key: str, api_url: str | None) -> Me:
        """`GET /v2/me` with the candidate key; raises Unauthorized etc."""
        client = CalcomClient(self.http, api_key, base_url=(api_url or self.default_api_url),
                              sleep=self.sleep)
        return client.me()

    @audited("connected")
    def connect(self, team_id: str, user_id: str, api_key: str, api_url: str | None) -> Me:
        """Check the key with `GET /v2/me`, then store it (encrypted). Fast enough for an ack;
        the webhook is registered afterwards by `register_webhook`."""
        me = self.check_key(api_key, api_url)
        old = self.store.connection(team_id, user_id)
        if old is not None and old.webhook_id:
            self._remove_webhook(old)
            self.store.clear_webhook(team_id, user_id)
        self.store.save_connection(team_id, user_id, api_key, api_url or None,
                                   calcom_user_id=me.id, calcom_email=me.email or None)
        self._forget_cache(team_id, user_id)
        return me

    def register_webhook(self, team_id: str, user_id: str) -> bool:
        """With a public URL, ask Cal.com to tell us of the user's booking changes. False when
        there is no public URL or Cal.com refused (the poller covers the user then)."""
        if not self.public_url:
            return False
        client = self.client_for(self.connection(team_id, user_id))
        public_id = secrets.token_urlsafe(18)
        secret = secrets.token_hex(32)
        url = f"{self.public_url}/calcom/webhooks/{public_id}"
        try:
            hook = client.create_webhook(url, secret, list(WEBHOOK_TRIGGERS))
        except cal.CalcomError as error:
            log.warning("webhook registration failed (%s); polling instead", type(error).__name__)
            return False
        self.store.set_webhook(team_id, user_id, str(hook.id), public_id, secret)
        return True

    def _remove_webhook(self, conn: Connection) -> bool:
        if not conn.webhook_id:
            return True
        try:
            self.client_for(conn).delete_webhook(conn.webhook_id)
            return True
        except cal.NotFound:
            return True
        except cal.CalcomError as error:
            log.warning("webhook removal failed (%s)", type(error).__name__)
            return False

    @audited("disconnected")
    def disconnect(self, team_id: str, user_id: str) -> bool:
        """Forget everything for the user. False when they were not connected."""
        conn = self.store.connection(team_id, user_id)
        if conn is None:
            self.store.forget_user(team_id, user_id)
            return False
        self._remove_webhook(conn)
        self.store.forget_user(team_id, user_id)
        self._forget_cache(team_id, user_id)
        return True

    # --- channel notices -----------------------------------------------------------------
    def subscriptions(self, team_id: str, user_id: str) -> list[Subscription]:
        return self.store.subscriptions(team_id, user_id)

    def subscribe(self, team_id: str, user_id: str, channel: str, events: set[str]) -> None:
        self.store.subscribe(team_id, user_id, channel, events)

    def unsubscribe(self, team_id: str, user_id: str, channel: str | None) -> bool:
        return self.store.unsubscribe(team_id, user_id, channel) > 0

    # --- event types ---------------------------------------------------------------------
    def event_types(self, team_id: str, user_id: str) -> list[EventType]:
        key = (team_id, user_id)
        with self._lock:
            cached = self._event_types.get(key)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        client = self.calcom(team_id, user_id)
        types = client.event_types(username=client.me().username)
        with self._lock:
            self._event_types[key] = (time.monotonic() + EVENT_TYPES_TTL, types)
        return types

    def _forget_cache(self, team_id: str, user_id: str) -> None:
        with self._lock:
            self._event_types.pop((team_id, user_id), None)

    def find_event_type(self, team_id: str, user_id: str, query: str | None) -> list[EventType]:
        """Event types matching `query` by slug, title or length; all of them without a query."""
        types = self.event_types(team_id, user_id)
        if not types:
            raise NoEventTypes()
        if not query:
            return types
        found = match_event_types(types, query)
        if found:
            return found
        raise UnknownEventType(query)

    # --- times ---------------------------------------------------------------------------
    def preview(self, text: str, tz: str, locale: str | None = None) -> Preview:
        """The instant `text` means for a user in `tz` writing in Slack locale `locale` (their
        language or English), shown back the way that locale writes times."""
        if not text or not text.strip():
            raise _refusal(locale, "When should it be? Type a day and time, like “tomorrow 3pm”.")
        start = whole_minute(parse_when(text, self.now(), tz, locale))
        shown = (translator_for(locale).format_when(start, ZoneInfo(tz)) if locale
                 else describe(start, tz))
        return Preview(text, start, shown)

    # --- bookings ------------------------------------------------------------------------
    @audited("booked")
    def book(self, team_id: str, user_id: str, *, event_type_id: int, start: datetime,
             attendee_name: str, attendee_email: str, attendee_tz: str,
             guests: tuple[str, ...] = (), notes: str | None = None) -> list[Booking]:
        conn = self.connection(team_id, user_id)
        client = self.client_for(conn)
        made = client.create_booking(
            event_type_id, start.astimezone(UTC),
            Attendee(name=attendee_name, email=attendee_email, time_zone=attendee_tz),
            guests=guests, notes=notes or None,
            metadata=booking_metadata(conn.api_key, team_id, user_id, event_type_id))
        # a recurring series is announced once, by its first occurrence
        self._record(team_id, user_id, made, ChangeKind.CREATED)
        return made

    def _record(self, team_id: str, user_id: str, done: list[Booking], kind: ChangeKind,
                reason: str | None = None) -> None:
        """After Cal.com acted: keep the bookings' state, then announce the change. The action
        is done whatever the database says — a failure here must not become "try again" (a
        retry would book twice) — so a failed write is tried again in the background."""
        def write() -> None:
            for booking in done:
                self.remember(team_id, user_id, booking)
            if done:
                self._changed(team_id, done[0], user_id, kind, reason)

        try:
            write()
        except StorageError as error:
            what = f"{kind.value} {done[0].uid}" if done else kind.value
            log.warning("Cal.com did it (%s) but the database failed (%s); recording it in the "
                        "background", what, type(error).__name__)
            self.repairs.later(what, write)

    def remember(self, team_id: str, user_id: str, booking: Booking) -> None:
        """Keep the booking's latest state, keeping what others noted about it."""
        known = self.store.booking(team_id, booking.uid) or {}
        self.store.remember_booking(team_id, user_id,
                                    {**known, **booking.model_dump(mode="json")})

    def _changed(self, team_id: str, booking: Booking, actor: str, kind: ChangeKind,
                 reason: str | None = None) -> None:
        try:
            self.changes.acted(team_id, booking, actor, kind, reason)
        except Exception:  # the user's action succeeded; announcing it must not undo that
            log.exception("announcing a change made from Slack failed")

    def _acting(self, team_id: str, booking: Booking, actor: str, kind: ChangeKind,
                reason: str | None = None) -> None:
        try:
            self.changes.acting(team_id, booking, actor, kind, reason)
        except Exception:  # crediting is best effort; the action itself must go ahead
            log.exception("noting who is acting failed")

    def identity(self, team_id: str, user_id: str) -> Identity:
        """The user's Cal.com identity: kept from `/v2/me` at connect (asked again, once, for
        connections made before calbot kept it)."""
        conn = self.connection(team_id, user_id)
        kept = Identity(conn.calcom_user_id, conn.calcom_email)
        if kept.known:
            return kept
        with self._lock:
            cached = self._identities.get((team_id, user_id))
        if cached is not None:
            return cached
        me = self.client_for(conn).me()
        found = Identity(me.id, me.email or None)
        with self._lock:
            self._identities[(team_id, user_id)] = found
        return found

    def authorize(self, team_id: str, user_id: str, uid: str) -> Booking:
        """The booking, if the user hosts or attends it; else NotInvolved. Checked with
        Cal.com before anything is changed (Cal.com itself lets any key act by uid)."""
        booking = self.calcom(team_id, user_id).booking(uid)
        if role_in(booking, self.identity(team_id, user_id)) is None:
            raise NotInvolved(uid)
        return booking

    def _refused(self, client: CalcomClient, error: cal.Unauthorized) -> cal.CalcomError:
        """A 401 on an action is not proof of a dead key (Cal.com answers non-hosts so): the
        key is dead only when `/v2/me` fails too."""
        try:
            client.me()
        except cal.Unauthorized:
            return error
        raise OnlyTheHost() from None

    def bookings(self, team_id: str, user_id: str, status: str = "upcoming") -> list[Booking]:
        return self.calcom(team_id, user_id).bookings(status=status)

    def booking(self, team_id: str, user_id: str, uid: str) -> Booking:
        return self.calcom(team_id, user_id).booking(uid)

    def pending(self, team_id: str, user_id: str) -> list[Booking]:
        return self.calcom(team_id, user_id).bookings(status="unconfirmed")

    @audited("cancelled", uid_arg=True)
    def cancel(self, team_id: str, user_id: str, uid: str, reason: str | None) -> Booking:
        """Cancel; a booking already cancelled is shown as Cal.com keeps it (its own reason:
        a new one would be ignored)."""
        booking = self.authorize(team_id, user_id, uid)
        if booking.is_done:
            return booking
        client = self.calcom(team_id, user_id)
        self._acting(team_id, booking, user_id, ChangeKind.CANCELLED, reason)
        try:
            client.cancel_booking(uid, reason)
        except cal.Unauthorized as error:
            raise self._refused(client, error) from None
        try:
            after = client.booking(uid)
        except cal.CalcomError:
            after = booking.model_copy(update={"status": "cancelled",
                                               "cancellation_reason": reason})
        self._record(team_id, user_id, [after], ChangeKind.CANCELLED, reason)
        return after

    @audited("rescheduled", uid_arg=True)
    def reschedule(self, team_id: str, user_id: str, uid: str, when: str,
                   tz: str, locale: str | None = None) -> tuple[Booking, Booking]:
        preview = self.preview(when, tz, locale)
        old = self.authorize(team_id, user_id, uid)
        if old.is_done or old.rescheduled_to_uid:
            raise CannotMove(old.status, old.rescheduled_to_uid)
        client = self.calcom(team_id, user_id)
        self._acting(team_id, old, user_id, ChangeKind.RESCHEDULED)
        try:
            new = client.reschedule_booking(uid, preview.start)
        except cal.Unauthorized as error:
            raise self._refused(client, error) from None
        self._record(team_id, user_id, [new], ChangeKind.RESCHEDULED)
        return old, new

    def _settled(self, client: CalcomClient, uid: str, statuses: tuple[str, ...],
                 error: cal.Rejected) -> Booking:
        """A second confirm/decline (double click, two devices) is done, not an error."""
        try:
            booking = client.booking(uid)
        except cal.CalcomError:
            raise error from None
        if booking.status in statuses:
            return booking
        raise error

    def _decide(self, team_id: str, user_id: str, uid: str, kind: ChangeKind,
                reason: str | None) -> Booking:
        """Confirm or decline a booking awaiting approval. Its state is checked first: a stale
        button must not flip a decided booking (Cal.com re-accepts a declined one)."""
        booking = self.authorize(team_id, user_id, uid)
        wanted = ACCEPTED if kind == ChangeKind.CONFIRMED else "rejected"
        if booking.status == wanted:
            return booking  # a double click: done already
        if not booking.is_pending:
            raise AlreadyDecided(booking.status, booking.title)
        client = self.calcom(team_id, user_id)
        self._acting(team_id, booking, user_id, kind, reason)
        try:
            if kind == ChangeKind.CONFIRMED:
                decided = client.confirm_booking(uid)
            else:
                decided = client.decline_booking(uid, reason)
        except cal.Unauthorized as error:
            raise self._refused(client, error) from None
        except cal.Rejected as error:
            return self._settled(client, uid, (wanted,), error)
        self._record(team_id, user_id, [decided], kind, reason)
        return decided

    @audited("confirmed", uid_arg=True)
    def confirm(self, team_id: str, user_id: str, uid: str) -> Booking:
        return self._decide(team_id, user_id, uid, ChangeKind.CONFIRMED, None)

    @audited("declined", uid_arg=True)
    def decline(self, team_id: str, user_id: str, uid: str, reason: str | None) -> Booking:
        return self._decide(team_id, user_id, uid, ChangeKind.REJECTED, reason)

    def slots(self, team_id: str, user_id: str, event_type: EventType, day_text: str | None,
              tz: str, locale: str | None = None) -> SlotsAnswer:
        day = self.day_of(day_text, tz, locale)
        starts = self.calcom(team_id, user_id).slots(event_type.id, day, tz)
        now = self.now()
        return SlotsAnswer(event_type, day, [s for s in starts if s > now])

    def day_of(self, text: str | None, tz: str, locale: str | None = None) -> date:
        """A day for `/cal slots`: today when omitted; else a day phrase (`tomorrow`, `fri`)."""
        today = self.now().astimezone(ZoneInfo(tz)).date()
        if not text or text.strip().lower() in ("today", "tod"):
            return today
        try:
            # The phrase rules need a time; a last-minute probe keeps "today" reachable.
            start = parse_when(f"{text} 23:59", self.now(), tz, locale)
        except TimePhraseError:
            raise _refusal(locale, "I can't tell which day “{text}” is — try `today`, "
                           "`tomorrow`, `friday` or `Dec 3`.", text=text) from None
        day = start.astimezone(ZoneInfo(tz)).date()
        if day > today + timedelta(days=366):
            raise _refusal(locale, "That day is more than a year ahead — pick a nearer day.")
        return day
