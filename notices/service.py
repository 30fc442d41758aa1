"""``Notices``: approvals and channel notifications, wired into the running app.

One path for every change, however it was learned (webhook, poller, a Slack button):
``record(team, user, change)`` — in ONE SQLite transaction — settles the change's kind, claims
its dedupe key (``store.claim_event``), remembers the booking, and enqueues the Slack messages it
causes (approval DM, edits of approval DMs, one notice per subscribed channel) with idempotent
outbox keys. Nothing is posted inline; the outbox worker (``notices.outbox``) does that, paced.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

import httpx
from slack_sdk import WebClient

from blockkit import notices as bn
from calcom import CalcomClient
from calcom.models import PENDING_STATUSES, Booking, ChangeKind
from commands.access import Identity, role_in
from commands.provenance import verified_booker
from i18n import Translator, translator_for
from notices.arrival import ACTING_KEY, acting_note, credited, series_marks, stale
from notices.changes import (
    OUTCOME,
    BadPayload,
    Change,
    change_from_webhook,
    signature_ok,
)
from notices.outbox import Outbox
from notices.poller import Poller
from storage import Connection, StorageError, Store

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "x-cal-signature-256"
KEEP_OUTBOX_S = 14 * 86400.0
KEEP_CLAIMS_S = 120 * 86400.0
PRUNE_EVERY_S = 3600.0


class Notices:
    """Approvals and channel notices for every connected user; the outbox and the poller."""

    def __init__(self, *, store: Store, http: httpx.Client, default_api_url: str,
                 slack_for: Callable[[str], WebClient], now: Callable[[], datetime],
                 poll_seconds: float = 60.0, sleep: Callable[[float], None] = time.sleep,
                 pace_s: float = 1.0, owner: str = "calbot", lease_s: float = 30.0):
        """``owner`` names this process's leases (outbox rows, polls); ``lease_s`` how long
        an outbox lease lasts (a dead process's rows are sent by another after it)."""
        self.store = store
        self.http = http
        self.default_api_url = default_api_url.rstrip("/")
        self.now = now
        self.sleep = sleep
        self.poll_seconds = float(poll_seconds or 60)
        self.owner = owner
        self.outbox = Outbox(store, slack_for, pace_s=pace_s, clock=self._epoch, owner=owner,
                             lease_s=lease_s, spread=store.engine.dialect == "postgresql")
        self.poller = Poller(store, self._poll_client, self.record, now=now,
                             interval=self.poll_seconds, owner=owner)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._last_prune = 0.0

    def _epoch(self) -> float:
        return self.now().timestamp()

    # ---- lifecycle ------------------------------------------------------------------------

    def start(self) -> Notices:
        if self._threads:
            return self
        self._stop = threading.Event()
        workers = (("calbot-outbox", self._send_loop), ("calbot-poller", self._poll_loop),
                   ("calbot-catch-up", self.catch_up))
        for name, target in workers:
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self, timeout: float = 2.0) -> None:
        """Quick: signals the workers and waits briefly. Queued rows stay in the database."""
        self._stop.set()
        self.outbox.wake.set()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._threads = []

    def hand_back(self) -> None:
        """Give up every lease this process holds (after :meth:`stop`, before exiting), so
        other processes take its queued messages and polls at once."""
        self.outbox.release()
        self.store.drop_leases(self.owner)

    def _send_loop(self) -> None:
        self.outbox.run(self._stop)

    def _poll_loop(self) -> None:
        # The first round waits one interval: a restart doesn't hammer Cal.com, and snapshots
        # kept in the database make that round report what changed while calbot was down.
        while not self._stop.wait(self.poll_seconds):
            try:
                self.poller.poll_all(self._stop)
                self._prune()
            except Exception:  # the poller must outlive any one failure
                log.exception("poller: a round failed")

    def _prune(self) -> None:
        now = self._epoch()
        if now - self._last_prune < PRUNE_EVERY_S:
            return
        self._last_prune = now
        self.store.prune_outbox(now - KEEP_OUTBOX_S)
        self.store.prune_events(now - KEEP_CLAIMS_S)

    def _poll_client(self, conn: Connection) -> CalcomClient:
        # No retries and no waiting on a 429 inside a poll: the budget is 3 requests.
        return CalcomClient(self.http, conn.api_key,
                            base_url=conn.api_url or self.default_api_url,
                            sleep=self.sleep, max_wait=0.0, read_retries=0)

    # ---- the webhook route ----------------------------------------------------------------

    def intake(self, public_id: str, raw_body: bytes,
               headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """``POST /calcom/webhooks/<public_id>``. Only database work happens here."""
        try:
            conn = self.store.connection_by_webhook(public_id) if public_id else None
        except StorageError:
            log.exception("webhook: storage failed")
            return 503, {"ok": False}
        if conn is None:  # no secret to check against: not a valid signature either
            log.info("webhook: unknown id; ignored")
            return 401, {"ok": False, "error": "unknown webhook"}
        given = headers.get(SIGNATURE_HEADER) or headers.get("X-Cal-Signature-256")
        if not signature_ok(raw_body, conn.webhook_secret, given):
            log.warning("webhook: bad or missing signature; ignored")
            return 401, {"ok": False, "error": "invalid signature"}
        try:
            body = json.loads(raw_body or b"null")
            change = change_from_webhook(body)
        except (ValueError, BadPayload) as error:
            log.warning("webhook: unreadable body (%s)", type(error).__name__)
            return 400, {"ok": False, "error": "unreadable payload"}
        if change is None:
            return 200, {"ok": True, "ignored": True}
        if not self._involves(conn, change.booking):
            # Signed with this user's secret, about a booking they neither host nor attend:
            # it changes nothing (their secret is readable through Cal.com's API).
            log.warning("webhook: a booking its user has no part in; ignored")
            return 200, {"ok": True, "ignored": True}
        try:
            fresh = self.record(conn.team_id, conn.user_id, change)
        except Exception:  # answer, don't crash the HTTP worker
            log.exception("webhook: could not record a change")
            return 503, {"ok": False}
        return 200, {"ok": True, "duplicate": not fresh}

    # ---- from Slack -----------------------------------------------------------------------

    @staticmethod
    def _involves(conn: Connection, booking: Booking) -> bool:
        who = Identity(conn.calcom_user_id, conn.calcom_email)
        return not who.known or role_in(booking, who) is not None

    def acting(self, team_id: str, booking: Booking, actor: str, kind: ChangeKind,
               reason: str | None = None) -> None:
        """Before the Cal.com call (``commands.service.ChangeListener``): note who is acting,
        so Cal.com's webhook for the same change, often first, credits the Slack user."""
        with self.store.transaction():
            snapshot = self.store.booking(team_id, booking.uid) or booking.model_dump(
                mode="json")
            snapshot[ACTING_KEY] = acting_note(actor, kind, reason, self._epoch())
            owner = self.store.booking_owner(team_id, booking.uid) or actor
            self.store.remember_booking(team_id, owner, snapshot)

    def acted(self, team_id: str, booking: Booking, actor: str, kind: ChangeKind,
              reason: str | None = None) -> None:
        """A user booked, confirmed, declined, cancelled or rescheduled from Slack (after
        Cal.com answered). Announced for the acting user, who hosts or attends it; the other
        party's own webhook or poll announces it for them."""
        if kind == ChangeKind.CREATED and booking.is_pending:
            kind = ChangeKind.REQUESTED  # booked from Slack, awaiting the host's approval
        owner = actor
        old_uid = booking.rescheduled_from_uid if kind == ChangeKind.RESCHEDULED else None
        old = self.store.booking(team_id, old_uid) if old_uid else None
        old_start = _start_of(old)
        change = Change(kind, booking, old_uid=old_uid, old_start=old_start, by_user=actor,
                        reason=reason, source="slack")
        if not self.record(team_id, owner, change) and not self._credited_already(
                team_id, change, actor):
            self._credit_slack_user(team_id, owner, change)

    def _credited_already(self, team: str, change: Change, actor: str) -> bool:
        """Did the announcement that won the race already name this Slack user?"""
        known = self.store.booking(team, change.uid) or {}
        announced = known.get("announced") or {}
        return bool(announced.get("by") == actor and announced.get("kind") == change.kind)

    def _credit_slack_user(self, team: str, user: str, change: Change) -> None:
        """Cal.com's webhook for this very action won the race and announced it (crediting the
        Cal.com account, i.e. the same host). Re-edit the approval DMs so they name the Slack
        user; the edit goes after the webhook's own edit in the host's lane."""
        outcome = OUTCOME.get(change.kind)
        if outcome is None or change.kind == ChangeKind.RESCHEDULED:
            return
        settles_request = change.kind in (ChangeKind.CONFIRMED, ChangeKind.REJECTED)
        if not settles_request and not self.store.booking_messages(team, change.uid, "approval"):
            return
        message = bn.approval_outcome(change.booking, outcome,
                                      by=bn.actor_text(change.by_user, None),
                                      reason=change.reason, t=self._speech(team, user))
        self._update_approval(team, user, change.uid, change.key + ":slack", message)
        self.outbox.wake.set()

    def connected(self, team_id: str, user_id: str) -> None:
        """A user just connected: take the poller's baseline now, so a change made right after
        connecting is announced at the next poll, and — for webhook users — what happens
        while calbot is down is found at the next start (`catch_up`)."""
        conn = self.store.connection(team_id, user_id)
        if conn is not None:
            self.poller.poll_user(conn)

    def catch_up(self) -> None:
        """At start: changes delivered by webhook while calbot was down are lost, so read each
        webhook user's bookings once and announce what was missed (each once: same keys)."""
        for conn in self.store.connections():
            if self._stop.is_set():
                return
            if conn.webhook_id and self.store.hold_once(
                    f"catch-up:{conn.team_id}:{conn.user_id}", self.owner, self.poll_seconds):
                self.poller.poll_user(conn)

    def forget_user(self, team_id: str, user_id: str) -> None:
        self.outbox.forget_user(team_id, user_id)
        self.poller.forget(team_id, user_id)

    # ---- the one path -----------------------------------------------------------------------

    def record(self, team: str, user: str, change: Change) -> bool:
        """Announce ``change`` for ``user``'s bookings once. False when already announced
        (or when it is a late echo of something calbot already knows)."""
        with self.store.transaction():
            previous = self.store.booking(team, change.uid)
            change = credited(self._verified(team, change), previous, self._epoch())
            change = self._settle(team, change, previous)
            if not self.store.claim_event(f"{team}:{user}:{change.key}"):
                return False
            if stale(change, previous):
                log.info("change %s (%s) arrived after what it predates; not announced",
                         change.kind, change.source)
                return False
            marks = series_marks(change)
            if marks is not None:
                self.store.claim_event(f"{team}:{user}:{marks[0]}")
                if not self.store.claim_event(f"{team}:{user}:{marks[1]}"):
                    self._remember(team, user, change, previous)
                    return False  # one more occurrence of a series already announced
            self._remember(team, user, change, previous)
            self._approvals(team, user, change, previous)
            self._channel_notices(team, user, change)
        self.outbox.wake.set()
        log.info("change %s (%s) recorded", change.kind, change.source)
        return True

    def _verified(self, team: str, change: Change) -> Change:
        """Cal.com's metadata is user input: a booker named there is believed only with
        calbot's signature (``commands.provenance``)."""
        if change.source == "slack" or not change.by_user:
            return change
        conn = self.store.connection(team, change.by_user)
        keys = {change.by_user: conn.api_key} if conn is not None else {}
        if verified_booker(change.booking, team, keys) == change.by_user:
            return change
        return replace(change, by_user=None)

    def _settle(self, team: str, change: Change, previous: dict[str, Any] | None) -> Change:
        """BOOKING_CREATED of a booking that was awaiting approval is its confirmation."""
        if change.kind != ChangeKind.CREATED:
            return change
        if change.requires_confirmation or _was_pending(previous) or self.store.booking_messages(
                team, change.uid, kind="approval"):
            by = change.by_name if change.source == "slack" else _organizer(change.booking)
            return Change(ChangeKind.CONFIRMED, change.booking, by_user=change.by_user, by_name=by,
                          notes=change.notes, requires_confirmation=True, source=change.source)
        return change

    def _remember(self, team: str, user: str, change: Change,
                  previous: dict[str, Any] | None) -> None:
        snapshot = change.booking.model_dump(mode="json")
        snapshot["owner_user_id"] = user
        snapshot["pending_seen"] = _was_pending(previous) or change.booking.is_pending
        snapshot["announced"] = {"kind": change.kind.value, "by": change.by_user}
        self.store.remember_booking(team, user, snapshot)
        if change.old_uid and change.old_uid != change.uid:
            old = self.store.booking(team, change.old_uid)
            if old is not None:
                old.update(status="cancelled", rescheduled_to_uid=change.uid)
                self.store.remember_booking(team, old.get("owner_user_id") or user, old)

    def _approvals(self, team: str, user: str, change: Change,
                   previous: dict[str, Any] | None) -> None:
        by = bn.actor_text(change.by_user, change.by_name)
        t = self._speech(team, user)  # the host's language
        if change.kind == ChangeKind.REQUESTED and self._hosts(team, user, change.booking):
            message = bn.approval_request(change.booking, notes=change.notes,
                                          old_start=change.old_start, old_uid=change.old_uid,
                                          t=t)
            self.store.enqueue(team, user, {"kind": "approval", "user": user, "uid": change.uid,
                                            "message": message},
                               f"approval:{team}:{change.uid}", user_id=user)
        moved_from = change.old_uid if change.old_uid and change.old_uid != change.uid else None
        if moved_from:
            # The old booking's approval DM (if it had one) now shows where it went.
            old = self.store.booking(team, moved_from)
            if _was_pending(old) or self.store.booking_messages(team, moved_from, "approval"):
                shown = _booking_or_none(old) or change.booking
                message = bn.approval_outcome(shown, "Rescheduled", by=by, reason=change.reason,
                                              new_start=change.booking.start,
                                              new_uid=change.uid, t=t)
                self._update_approval(team, user, moved_from, change.key, message)
        outcome = OUTCOME.get(change.kind)
        if outcome is None or change.kind == ChangeKind.RESCHEDULED:
            return
        settles_request = change.kind in (ChangeKind.CONFIRMED, ChangeKind.REJECTED)
        if settles_request or _was_pending(previous) or self.store.booking_messages(
                team, change.uid, "approval"):
            message = bn.approval_outcome(change.booking, outcome, by=by, reason=change.reason,
                                          t=t)
            self._update_approval(team, user, change.uid, change.key, message)

    def _speech(self, team: str, user: str) -> Translator:
        """How to write to a Slack user: in the language Slack last told us they use."""
        return translator_for(self.store.user_locale(team, user))

    def _hosts(self, team: str, user: str, booking: Booking) -> bool:
        """Is the connected user a host of the booking (and so the one to approve it)? A key
        also reaches bookings its owner attends; those get no approval DM. Unknown: yes."""
        conn = self.store.connection(team, user)
        if conn is None or not booking.hosts or (
                conn.calcom_user_id is None and not conn.calcom_email):
            return True
        email = (conn.calcom_email or "").lower()
        return any((email and (h.email or "").lower() == email)
                   or (h.id is not None and h.id == conn.calcom_user_id)
                   for h in booking.hosts)

    def _update_approval(self, team: str, user: str, uid: str, key: str,
                         message: dict[str, Any]) -> None:
        # Same lane (the host's id) as the approval DM: it is sent after the DM it edits.
        self.store.enqueue(team, user, {"kind": "approval_update", "user": user, "uid": uid,
                                        "message": message},
                           f"approval-update:{team}:{uid}:{key}", user_id=user)

    def _channel_notices(self, team: str, user: str, change: Change) -> None:
        subscriptions = [s for s in self.store.subscriptions(team, user)
                         if s.events & change.events]
        if not subscriptions:
            return
        by = bn.actor_text(change.by_user, change.by_name)
        for sub in subscriptions:
            # Written in the language of whoever subscribed the channel.
            message = bn.notice(change.kind, change.booking, by=by, reason=change.reason,
                                old_start=change.old_start, old_uid=change.old_uid,
                                t=self._speech(team, sub.user_id))
            self.store.enqueue(
                team, sub.channel,
                {"kind": "notice", "user": sub.user_id, "uid": change.uid,
                 "thread_uids": change.thread_uids, "message": message},
                f"notice:{team}:{sub.channel}:{change.key}", user_id=sub.user_id)


def _was_pending(snapshot: dict[str, Any] | None) -> bool:
    if not snapshot:
        return False
    return bool(snapshot.get("pending_seen")) or snapshot.get("status") in PENDING_STATUSES


def _booking_or_none(snapshot: dict[str, Any] | None) -> Booking | None:
    if not snapshot:
        return None
    try:
        return Booking.model_validate(snapshot)
    except ValueError:
        return None


def _start_of(snapshot: dict[str, Any] | None) -> Any:
    booking = _booking_or_none(snapshot)
    return booking.start if booking else None


def _organizer(booking: Booking) -> str | None:
    return next((h.name or h.email for h in booking.hosts if h.name or h.email), None)


__all__ = ["Notices"]
