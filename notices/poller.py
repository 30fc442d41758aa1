"""Learning of changes without webhooks: list the user's bookings, diff against a snapshot.

Budget per user and poll: exactly three ``GET /v2/bookings`` requests (one page each: upcoming,
unconfirmed, cancelled-since-last-poll), no retries inside a poll, no waiting on a 429 (the user
is skipped until Cal.com's reset instead). At the default 60 s that is 3 requests/min of the
120/min a key may make; at the minimum CALBOT_POLL_SECONDS=10, 18/min.

The first poll of a user records a baseline and announces nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

from calcom import CalcomClient
from calcom import errors as cal
from calcom.models import DONE_STATUSES, PENDING_STATUSES, Booking, ChangeKind, parse_instant
from notices.changes import Change
from storage import Connection, Store

log = logging.getLogger(__name__)

SNAPSHOT_VERSION = 1
UPCOMING_PAGE = 100
UNCONFIRMED_PAGE = 50
CANCELLED_PAGE = 50
REQUESTS_PER_POLL = 3
SKEW = timedelta(minutes=2)  # our clock vs Cal.com's updatedAt/createdAt
KEEP_PAST = timedelta(days=1)  # snapshot entries of bookings no longer listed, kept this long
MAX_ENTRIES = 3000
POLL_LEASE_SHARE = 0.9  # a user's poll lease lasts this share of the interval
POLL_WORKERS = 8  # users polled at once


def _epoch(instant: datetime | None) -> int | None:
    return int(instant.timestamp()) if instant is not None else None


def _iso(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat()


def _parse(text: Any) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        return parse_instant(text)
    except ValueError:
        return None


def _entry(booking: Booking) -> dict[str, Any]:
    entry: dict[str, Any] = {"s": booking.status, "t": _epoch(booking.start)}
    if booking.rescheduled_from_uid:
        entry["f"] = booking.rescheduled_from_uid
    if booking.rescheduled_to_uid:
        entry["to"] = booking.rescheduled_to_uid
    return entry


def diff(previous: dict[str, Any], bookings: list[Booking], now: datetime,
         ) -> tuple[list[Change], dict[str, Any]]:
    """Changes between the stored snapshot and the bookings just listed, and the new snapshot.

    Pure. Without a previous snapshot (first poll) nothing is announced. A booking not in the
    snapshot is announced only if Cal.com created it since the last poll, so bookings that merely
    scroll into the bounded pages are recorded silently.
    """
    current: dict[str, Booking] = {}
    for booking in bookings:
        current[booking.uid] = booking
    known: dict[str, dict[str, Any]] = dict(previous.get("b") or {}) if previous else {}
    baseline = not previous or previous.get("v") != SNAPSHOT_VERSION
    last = _parse(previous.get("at")) if previous else None
    changes: list[Change] = []
    if not baseline:
        since = (last or now) - SKEW
        for uid, b in current.items():
            change = _change_of(b, known.get(uid), known, current, since)
            if change is not None:
                changes.append(change)
    entries = {uid: _entry(b) for uid, b in current.items()}
    floor = _epoch(now - KEEP_PAST) or 0
    for uid, entry in known.items():
        if uid not in entries and (entry.get("t") or 0) >= floor:
            entries[uid] = entry
    if len(entries) > MAX_ENTRIES:
        newest = sorted(entries.items(), key=lambda kv: kv[1].get("t") or 0)[-MAX_ENTRIES:]
        entries = dict(newest)
    state = {"v": SNAPSHOT_VERSION, "at": _iso(now), "b": entries}
    changes.sort(key=lambda c: (c.booking.start, c.uid))
    return changes, state


def _change_of(b: Booking, before: dict[str, Any] | None, known: dict[str, dict[str, Any]],
               current: dict[str, Booking], since: datetime) -> Change | None:
    def old_start(uid: str | None) -> datetime | None:
        if uid is None:
            return None
        if uid in current:
            return current[uid].start
        epoch = (known.get(uid) or {}).get("t")
        return datetime.fromtimestamp(epoch, UTC) if epoch is not None else None

    if before is None:
        if b.created_at is not None and b.created_at < since:
            return None  # an old booking that scrolled into view: no news
        if b.is_done:
            if b.rescheduled_to_uid:
                return None  # the move is announced from the new booking
            kind = ChangeKind.REJECTED if b.status == "rejected" else ChangeKind.CANCELLED
            return Change(kind, b, reason=b.cancellation_reason, source="poll",
                          by_name=b.cancelled_by_email)
        if b.rescheduled_from_uid:
            kind = ChangeKind.REQUESTED if b.is_pending else ChangeKind.RESCHEDULED
            return Change(kind, b, old_uid=b.rescheduled_from_uid,
                          old_start=old_start(b.rescheduled_from_uid), source="poll",
                          requires_confirmation=kind is ChangeKind.REQUESTED, notes=b.description,
                          by_name=b.rescheduled_by_email, reason=b.rescheduling_reason)
        if b.is_pending:
            return Change(ChangeKind.REQUESTED, b, source="poll", requires_confirmation=True,
                          notes=b.description, by_user=b.slack_user)
        if b.is_accepted:
            return Change(ChangeKind.CREATED, b, source="poll", notes=b.description,
                          by_user=b.slack_user)
        return None
    was = before.get("s")
    if was == b.status:
        moved = before.get("t") is not None and before.get("t") != _epoch(b.start)
        if moved and not b.is_done:
            start = datetime.fromtimestamp(before["t"], UTC)
            return Change(ChangeKind.RESCHEDULED, b, old_uid=b.uid, old_start=start, source="poll")
        return None
    if b.is_done:
        if b.rescheduled_to_uid or was in DONE_STATUSES:
            return None
        kind = ChangeKind.REJECTED if b.status == "rejected" else ChangeKind.CANCELLED
        return Change(kind, b, reason=b.cancellation_reason, source="poll",
                      by_name=b.cancelled_by_email)
    if was in PENDING_STATUSES and b.is_accepted:
        return Change(ChangeKind.CONFIRMED, b, source="poll")
    return None


class Poller:
    """Polls connections without a webhook. ``record(team, user, change)`` announces a change
    (exactly once: it claims the change's dedupe key)."""

    def __init__(self, store: Store, client_for: Callable[[Connection], CalcomClient],
                 record: Callable[[str, str, Change], bool], *,
                 now: Callable[[], datetime], interval: float, owner: str = "calbot",
                 workers: int = POLL_WORKERS):
        """``owner`` names this process's poll leases: in a round, a user is polled only by
        the process that takes their lease, which lasts most of an interval, so with any
        number of processes each user is polled once an interval."""
        self.store = store
        self.owner = owner
        self.workers = workers
        self.last_round: datetime | None = None
        self.client_for = client_for
        self.record = record
        self.now = now
        self.interval = interval
        self._locks: dict[tuple[str, str], threading.Lock] = {}
        self._paused: dict[tuple[str, str], datetime] = {}
        self._guard = threading.Lock()
        self.requests = 0  # made by this poller (for tests and the log)

    def _lock(self, team: str, user: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault((team, user), threading.Lock())

    def _count_request(self) -> None:
        with self._guard:  # users are polled side by side
            self.requests += 1

    def forget(self, team: str, user: str) -> None:
        with self._guard:
            self._locks.pop((team, user), None)
            self._paused.pop((team, user), None)

    def poll_all(self, stop: threading.Event | None = None) -> int:
        """One round over every connection without a webhook; returns how many changes."""
        def one(conn: Connection) -> int:
            if stop is not None and stop.is_set():
                return 0
            if not self.store.hold_once(f"poll:{conn.team_id}:{conn.user_id}", self.owner,
                                        self.interval * POLL_LEASE_SHARE):
                return 0  # polled by another process this interval
            return len(self.poll_user(conn))

        # Users are polled side by side: a round of 1,000 users at Cal.com's ~100 ms a
        # request would take 5 minutes one by one (each user's own budget is unchanged).
        with ThreadPoolExecutor(max_workers=self.workers,
                                thread_name_prefix="calbot-poll") as pool:
            count = sum(pool.map(one, self.store.connections_to_poll()))
        self.last_round = self.now()
        return count

    def poll_user(self, conn: Connection) -> list[Change]:
        """Poll one user now (at most REQUESTS_PER_POLL requests); returns the new changes."""
        key = (conn.team_id, conn.user_id)
        now = self.now()
        paused = self._paused.get(key)
        if paused is not None and now < paused:
            return []
        with self._lock(*key):
            previous = self.store.poll_state(*key)
            try:
                listed = self._fetch(conn, previous, now)
            except cal.RateLimited as error:
                wait = max(error.retry_after or 60.0, self.interval)
                self._paused[key] = now + timedelta(seconds=wait)
                log.info("poll: Cal.com rate limit for a user; skipping them for %.0fs", wait)
                return []
            except cal.CalcomError as error:
                log.warning("poll: could not list a user's bookings (%s)", type(error).__name__)
                return []
            bookings, cut = listed
            changes, state = diff(previous, bookings, now)
            state["cut"] = cut
            fresh = [c for c in changes if self.record(conn.team_id, conn.user_id, c)]
            self.store.set_poll_state(conn.team_id, conn.user_id, state)
            return fresh

    def _fetch(self, conn: Connection, previous: dict[str, Any],
               now: datetime) -> tuple[list[Booking], str]:
        client = self.client_for(conn)
        since = _parse(previous.get("cut")) if previous else None
        if since is None:
            since = now - timedelta(days=1)
        self._count_request()
        upcoming = client.bookings("upcoming", take=UPCOMING_PAGE, limit=UPCOMING_PAGE)
        _within_budget(client)
        self._count_request()
        pending = client.bookings("unconfirmed", take=UNCONFIRMED_PAGE, limit=UNCONFIRMED_PAGE)
        _within_budget(client)
        self._count_request()
        cancelled = client.bookings("cancelled", take=CANCELLED_PAGE, limit=CANCELLED_PAGE,
                                    after_updated_at=since)
        if len(cancelled) >= CANCELLED_PAGE and cancelled[-1].updated_at is not None:
            cut = cancelled[-1].updated_at  # a full page: continue from its last one next time
        else:
            cut = now - SKEW
        # Later lists win: a booking's most settled state comes last.
        return upcoming + pending + cancelled, _iso(cut)


def _within_budget(client: CalcomClient) -> None:
    """Slow down before Cal.com's block (120/min per key, then 60 s refused): with the key's
    last request of the window used, stop and let the caller pause until it resets."""
    limit = client.rate_limit
    if limit is not None and limit.remaining <= 1:
        raise cal.RateLimited("this key's rate-limit window is nearly used",
                              retry_after=limit.reset_s)


__all__ = ["REQUESTS_PER_POLL", "Poller", "diff"]
