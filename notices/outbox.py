"""The durable, paced Slack outbox sender.

Everything calbot posts on its own (approval DMs, their edits, channel notices, warnings) is a
row in the store's outbox first; this worker sends the rows:

* Lanes: one FIFO per (workspace, channel) — a DM lane is keyed by the user id. Only a lane's
  oldest queued row may be sent, so a thread reply never overtakes its root (it needs the root's
  ts) and an approval DM is sent before its edit. Different lanes never wait for each other,
  except on a 429.
* Pacing: at most one message per lane every ``pace_s`` seconds (Slack: ~1 message/s/channel).
* 429: Slack's ``Retry-After`` is honoured for the whole workspace (Slack's rate limits are per
  method and workspace); the row stays queued with ``not_before`` in the future. The WebClient
  used here has no retry handlers, so nothing sleeps inside a Slack call.
* Transient failures (network, 5xx, Slack internal errors): exponential backoff, up to
  ``MAX_ATTEMPTS`` attempts, then the row is marked failed (and logged).
* ``not_in_channel`` (public channel): ``conversations.join``, then retried at once.
  Private (``channel_not_found``, join refused) or archived: the subscriber is told ONCE by DM
  (``store.warn_once``) and the row is marked failed.
* Several processes: a row is sent under a lease (``store.claim_message``: only a lane's oldest
  queued row, only while nobody else holds it); a dead process's leases run out after
  ``lease_s`` and another process sends its rows. ``release()`` hands them back at a stop.
* Exactly once through a crash: chat.postMessage has no idempotency key, so every post carries
  its outbox key as message metadata (``calbot_outbox``). A process that takes over a message
  from one that stopped answering (its lease ran out: killed mid-post, perhaps after Slack took
  the post) first looks for that key in the conversation (``conversations.history``, or
  ``.replies`` in a thread) and, when the post is there, records it instead of posting again.
* A restart loses nothing: rows stay queued in the database until sent.
"""

from __future__ import annotations

import logging
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from blockkit import notices as bn
from i18n import translator_for
from storage import OutboxMessage, Store

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 30
MAX_BACKOFF = 300.0
SCAN_LIMIT = 2000
LEASE_S = 30.0
META_TYPE = "calbot_outbox"
LOOKBACK_S = 120.0  # before the lost sender's claim: how far back its post is looked for
HISTORY_LIMIT = 200
TRANSIENT_ERRORS = frozenset({
    "internal_error", "fatal_error", "service_unavailable", "request_timeout",
    "team_added_to_org", "ratelimited",
})
PRIVATE_ERRORS = frozenset({"channel_not_found", "method_not_supported_for_channel_type",
                            "restricted_action", "not_in_channel", "is_private"})
UPDATE_GONE = frozenset({"message_not_found", "cant_update_message", "edit_window_closed",
                         "channel_not_found"})


@dataclass(frozen=True)
class Verdict:
    """What to do after a failed Slack call."""

    action: str  # retry_after | backoff | join | private | archived | drop
    wait: float = 0.0
    error: str = ""


# What "Slack or the network failed" looks like from slack_sdk's WebClient.
DELIVERY_ERRORS = (SlackApiError, SlackClientError, OSError)


def classify(error: BaseException) -> Verdict:
    """Pure: a Slack or network failure (one of DELIVERY_ERRORS) → what the worker does."""
    if isinstance(error, SlackApiError):
        response = error.response
        status = getattr(response, "status_code", 200) or 200
        code = str(response.get("error") or "") if hasattr(response, "get") else ""
        if status == 429 or code == "ratelimited":
            return Verdict("retry_after", retry_after(getattr(response, "headers", None)),
                           "ratelimited")
        if status >= 500 or code in TRANSIENT_ERRORS:
            return Verdict("backoff", 0.0, code or f"http_{status}")
        if code == "not_in_channel":
            return Verdict("join", 0.0, code)
        if code in PRIVATE_ERRORS:
            return Verdict("private", 0.0, code)
        if code == "is_archived":
            return Verdict("archived", 0.0, code)
        return Verdict("drop", 0.0, code or f"http_{status}")
    if isinstance(error, SlackClientError | OSError):
        # urllib / socket / timeout errors from the WebClient: Slack may be briefly unreachable.
        return Verdict("backoff", 0.0, type(error).__name__)
    raise TypeError(f"not a delivery failure: {type(error).__name__}") from error


def retry_after(headers: Any) -> float:
    """Seconds from a ``Retry-After`` header (any case); 1 s when absent or unreadable."""
    if isinstance(headers, dict):
        for name, value in headers.items():
            if str(name).lower() == "retry-after":
                raw = value[0] if isinstance(value, list | tuple) and value else value
                try:
                    return max(0.0, float(str(raw).strip()))
                except ValueError:
                    break
    return 1.0


def backoff(attempts: int) -> float:
    """1, 2, 4 … seconds, capped at MAX_BACKOFF."""
    return float(min(MAX_BACKOFF, 2.0 ** max(0, min(attempts, 16))))


def lane(message: OutboxMessage) -> tuple[str, str]:
    return (message.team_id, message.channel)


def schedule(queued: list[OutboxMessage], now: float, free_at: dict[tuple[str, str], float],
             paused: dict[str, float]) -> tuple[list[OutboxMessage], float | None]:
    """Pure: which rows may be sent now, and when the next one becomes sendable.

    ``queued`` in enqueue order (all queued rows, due or not); ``free_at`` per lane (pacing);
    ``paused`` per workspace (a 429's Retry-After). Only each lane's oldest row is eligible.
    """
    heads: dict[tuple[str, str], OutboxMessage] = {}
    for message in queued:
        heads.setdefault(lane(message), message)
    ready: list[OutboxMessage] = []
    later: float | None = None
    for key, message in heads.items():
        at = max(message.not_before, free_at.get(key, 0.0), paused.get(message.team_id, 0.0))
        if at <= now:
            ready.append(message)
        else:
            later = at if later is None else min(later, at)
    ready.sort(key=lambda m: m.id)
    return ready, later


class Outbox:
    """Sends queued rows. ``pump()`` does one round; ``run(stop)`` loops until stopped."""

    def __init__(self, store: Store, slack_for: Callable[[str], WebClient], *,
                 pace_s: float = 1.0, clock: Callable[[], float] = time.time,
                 owner: str = "calbot", lease_s: float = LEASE_S, spread: bool = False):
        """``owner`` names this process's leases (unique per process); ``lease_s`` how long a
        claimed row stays ours: a dead process's rows are taken over after that. ``spread``:
        start each round at another lane than the other processes (several processes)."""
        self._start = zlib.crc32(owner.encode()) if spread else 0
        self.store = store
        self.owner = owner
        self.lease_s = lease_s
        self.slack_for = slack_for
        self.pace_s = pace_s
        self.clock = clock
        self.free_at: dict[tuple[str, str], float] = {}
        self.paused: dict[str, float] = {}
        self.wake = threading.Event()
        self._clients: dict[tuple[str | None, str], WebClient] = {}
        self._dm: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()
        self.sent = 0
        self.rate_limited = 0

    # ---- running --------------------------------------------------------------------------

    def run(self, stop: threading.Event, *, idle: float = 1.0) -> None:
        while not stop.is_set():
            try:
                wait = self.pump(stop)
            except Exception:  # the sender must outlive any one failure
                log.exception("outbox: a round failed; trying again shortly")
                wait = idle
            if stop.is_set():
                return
            self.wake.wait(timeout=max(0.0, min(idle, wait)))
            self.wake.clear()

    def pump(self, stop: threading.Event | None = None) -> float:
        """Send every row that may go now; returns seconds until the next may (≤ 1 h)."""
        while True:
            queued = self.store.due_messages(float("inf"), SCAN_LIMIT)
            now = self.clock()
            ready, later = schedule(queued, now, self.free_at, self.paused)
            if ready and self._start:  # lanes are independent: processes needn't collide
                at = self._start % len(ready)
                ready = ready[at:] + ready[:at]
            sent = 0
            for message in ready:
                if stop is not None and stop.is_set():
                    return 0.0
                if self.paused.get(message.team_id, 0.0) > self.clock():
                    continue  # a 429 earlier in this round
                held = message.lease_until or 0.0
                if message.lease_owner not in (None, self.owner) and held > now:
                    later = held if later is None else min(later, held)
                    continue  # another process is sending it
                claimed = self.store.claim_message(message.id, self.owner, self.lease_s)
                if claimed is None:
                    continue
                self.send(claimed, taken_over=claimed.lease_owner not in (None, self.owner))
                sent += 1
            if not sent:
                return 3600.0 if later is None else max(0.0, later - self.clock())

    def release(self) -> int:
        """Hand back every row this process holds (it is stopping): others send them now."""
        return self.store.release_all(self.owner)

    def forget_user(self, team: str, user: str) -> None:
        with self._lock:
            self._dm.pop((team, user), None)

    # ---- one row --------------------------------------------------------------------------

    def client(self, team: str) -> WebClient:
        """A client with the workspace's bot token and NO retry handlers: this worker alone
        decides when to try again (no sleeping inside slack_sdk on a 429)."""
        base = self.slack_for(team)
        key = (base.token, base.base_url)
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                client = WebClient(token=base.token, base_url=base.base_url, timeout=10,
                                   retry_handlers=[])
                self._clients[key] = client
            return client

    def send(self, message: OutboxMessage, *, taken_over: bool = False) -> None:
        """Send one row. ``taken_over``: its last sender stopped answering mid-send, so the
        post may already be in Slack: look for it first."""
        kind = message.payload.get("kind", "notice")
        now = self.clock()
        self.free_at[lane(message)] = now + self.pace_s
        try:
            client = self.client(message.team_id)
            found = self._posted_before(client, message) if taken_over else None
            if found is not None:
                log.info("outbox: a message taken over was already in Slack; not posted again")
                ts: str | None = found
            elif kind == "notice":
                ts = self._notice(client, message)
            elif kind == "approval":
                ts = self._approval(client, message)
            elif kind == "approval_update":
                ts = self._approval_update(client, message)
            else:
                ts = self._dm_post(client, message)
        except DELIVERY_ERRORS as error:
            self._failed(message, error)
            return
        except Exception as error:  # a bug: never retried in a loop, logged with its traceback
            log.exception("outbox: a message could not be built or sent (a bug); dropped")
            self.store.mark_failed(message.id, f"bug: {type(error).__name__}", owner=self.owner)
            return
        if self.store.mark_sent(message.id, ts, owner=self.owner):
            self.sent += 1
        else:
            log.warning("outbox: a message was sent after its lease ran out (a slow send); "
                        "another process may send it again")

    def _failed(self, message: OutboxMessage, error: BaseException) -> None:
        verdict = classify(error)
        now = self.clock()
        if verdict.action == "retry_after":
            self.rate_limited += 1
            until = now + verdict.wait
            self.paused[message.team_id] = max(self.paused.get(message.team_id, 0.0), until)
            self.store.retry_later(message.id, until, "ratelimited", owner=self.owner)
            log.info("outbox: Slack rate limit; waiting %.1fs as asked", verdict.wait)
            return
        if verdict.action == "backoff":
            if message.attempts + 1 >= MAX_ATTEMPTS:
                self.store.mark_failed(message.id, f"gave up: {verdict.error}", owner=self.owner)
                log.error("outbox: gave up on a message after %d attempts (%s)",
                          message.attempts + 1, verdict.error)
                return
            wait = backoff(message.attempts)
            self.store.retry_later(message.id, now + wait, verdict.error, owner=self.owner)
            log.info("outbox: Slack failed (%s); retrying in %.0fs", verdict.error, wait)
            return
        if verdict.action == "join" and message.payload.get("kind") == "notice":
            # Joined but still "not_in_channel" after a few tries: treat as unreachable.
            if message.attempts < 3 and self._join(message):
                self.free_at[lane(message)] = now  # joined: post right away
                self.store.retry_later(message.id, now, "joined", owner=self.owner)
                return
            verdict = Verdict("private", 0.0, verdict.error)
        if verdict.action in ("private", "archived", "join"):
            self._warn(message, archived=verdict.action == "archived")
            self.store.mark_failed(message.id, verdict.error, owner=self.owner)
            return
        log.warning("outbox: Slack refused a message (%s); dropped", verdict.error)
        self.store.mark_failed(message.id, verdict.error, owner=self.owner)

    def _join(self, message: OutboxMessage) -> bool:
        try:
            self.client(message.team_id).conversations_join(channel=message.channel)
            return True
        except SlackApiError as error:
            log.info("outbox: could not join a channel (%s)", error.response.get("error"))
            return False
        except (SlackClientError, OSError) as error:
            log.info("outbox: could not join a channel (%s)", type(error).__name__)
            return False

    def _warn(self, message: OutboxMessage, *, archived: bool) -> None:
        """Tell the subscriber once that their channel can't receive notices."""
        user = message.payload.get("user") or message.user_id
        if message.payload.get("kind") != "notice" or not user:
            return
        key = f"notice-channel:{message.team_id}:{user}:{message.channel}"
        if not self.store.warn_once(key, team_id=message.team_id):
            return
        body = (bn.archived_warning if archived else bn.invite_warning)(
            message.channel, translator_for(self.store.user_locale(message.team_id, user)))
        self.store.enqueue(message.team_id, user, {"kind": "dm", "user": user, "message": body},
                           f"warn:{key}", user_id=user)
        self.wake.set()

    # ---- kinds ----------------------------------------------------------------------------

    def _dm_channel(self, client: WebClient, team: str, user: str) -> str:
        with self._lock:
            known = self._dm.get((team, user))
        if known:
            return known
        answer = client.conversations_open(users=user)
        channel = str((answer.get("channel") or {}).get("id") or "")
        if not channel:
            raise RuntimeError("conversations.open gave no channel")
        with self._lock:
            self._dm[(team, user)] = channel
        return channel

    def _dm_post(self, client: WebClient, message: OutboxMessage) -> str | None:
        user = message.payload.get("user") or message.channel
        channel = self._dm_channel(client, message.team_id, user)
        body = message.payload.get("message") or {}
        answer = client.chat_postMessage(channel=channel, text=body.get("text", ""),
                                         blocks=body.get("blocks"), unfurl_links=False,
                                         metadata=_metadata(message))
        return str(answer.get("ts") or "") or None

    def _approval(self, client: WebClient, message: OutboxMessage) -> str | None:
        user = message.payload.get("user") or message.channel
        channel = self._dm_channel(client, message.team_id, user)
        body = message.payload.get("message") or {}
        answer = client.chat_postMessage(channel=channel, text=body.get("text", ""),
                                         blocks=body.get("blocks"), unfurl_links=False,
                                         metadata=_metadata(message))
        ts = str(answer.get("ts") or "")
        self._approval_posted(message, channel, ts)
        return ts or None

    def _approval_posted(self, message: OutboxMessage, channel: str, ts: str) -> None:
        uid = message.payload.get("uid")
        if ts and uid:
            self.store.add_booking_message(message.team_id, uid, channel, ts, "approval")

    def _approval_update(self, client: WebClient, message: OutboxMessage) -> str | None:
        uid = message.payload.get("uid") or ""
        body = message.payload.get("message") or {}
        last: str | None = None
        for shown in self.store.booking_messages(message.team_id, uid, kind="approval"):
            try:
                client.chat_update(channel=shown.channel, ts=shown.ts,
                                   text=body.get("text", ""), blocks=body.get("blocks"))
                last = shown.ts
            except SlackApiError as error:
                if error.response.get("error") in UPDATE_GONE:
                    continue  # deleted or too old: nothing to edit
                raise
        return last

    def _root(self, message: OutboxMessage) -> str | None:
        uids = [u for u in message.payload.get("thread_uids") or [] if u]
        return next((ts for ts in (self.store.thread_ts(message.team_id, message.channel, u)
                                   for u in uids) if ts), None)

    def _notice(self, client: WebClient, message: OutboxMessage) -> str | None:
        channel = message.channel
        root = self._root(message)
        body = message.payload.get("message") or {}
        kwargs: dict[str, Any] = {"channel": channel, "text": body.get("text", ""),
                                  "blocks": body.get("blocks"), "unfurl_links": False,
                                  "metadata": _metadata(message)}
        if root:
            kwargs["thread_ts"] = root
        answer = client.chat_postMessage(**kwargs)
        ts = str(answer.get("ts") or "")
        self._notice_posted(message, root, ts)
        return ts or None

    def _notice_posted(self, message: OutboxMessage, root: str | None, ts: str) -> None:
        team, channel = message.team_id, message.channel
        uids = [u for u in message.payload.get("thread_uids") or [] if u]
        thread = root or ts
        if thread:
            for uid in uids:
                if self.store.thread_ts(team, channel, uid) is None:
                    self.store.set_thread_ts(team, channel, uid, thread)

    def _posted_before(self, client: WebClient, message: OutboxMessage) -> str | None:
        """The ts of this row's post if an earlier sender's post reached Slack (found by the
        metadata key), else None. Edits (``approval_update``) are safe to repeat: None."""
        kind = message.payload.get("kind", "notice")
        if kind == "approval_update":
            return None
        if kind == "notice":
            channel, root = message.channel, self._root(message)
        else:
            user = message.payload.get("user") or message.channel
            channel, root = self._dm_channel(client, message.team_id, user), None
        claimed = (message.lease_until or self.clock()) - self.lease_s
        oldest = f"{max(0.0, claimed - LOOKBACK_S):.6f}"
        if root:
            answer = client.conversations_replies(channel=channel, ts=root, oldest=oldest,
                                                  include_all_metadata=True,
                                                  limit=HISTORY_LIMIT)
        else:
            answer = client.conversations_history(channel=channel, oldest=oldest,
                                                  include_all_metadata=True,
                                                  limit=HISTORY_LIMIT)
        for posted in answer.get("messages") or []:
            meta = posted.get("metadata") or {}
            if meta.get("event_type") == META_TYPE and (
                    meta.get("event_payload") or {}).get("key") == message.key:
                ts = str(posted.get("ts") or "")
                if kind == "notice":
                    self._notice_posted(message, root, ts)
                elif kind == "approval":
                    self._approval_posted(message, channel, ts)
                return ts
        return None


def _metadata(message: OutboxMessage) -> dict[str, Any]:
    """Slack message metadata naming the outbox row (no secret: the key is ids only)."""
    return {"event_type": META_TYPE, "event_payload": {"key": message.key}}


__all__ = ["Outbox", "Verdict", "backoff", "classify", "retry_after", "schedule"]
