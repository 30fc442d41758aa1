"""All persistent state of calbot, in one SQLite file (see ``docs/design.md``, ``storage``).

* One SQLite connection per thread (``threading.local``); WAL mode and a busy timeout, so readers
  never block and writers queue. Every write runs in ``BEGIN IMMEDIATE`` under a per-store lock,
  which serialises writers of this process and, through SQLite's own lock, of other processes.
* Cal.com API keys and webhook secrets are stored as Fernet tokens. The key is given, or generated
  once into ``<db>.key`` (mode 0600). An encrypted canary in ``meta`` proves at open that the key
  is the one the database was written with.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

import sqlite_utils
from cryptography.fernet import Fernet, InvalidToken

from storage.errors import BadSecretKey, SecretKeyMismatch, StorageError
from storage.migrations import MIGRATIONS, Migration

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 15_000
_CANARY_KEY = "secret_key_check"
_CANARY_PLAIN = b"calbot: the secret key matches this database"

_MISMATCH_ADVICE = (
    "set CALBOT_SECRET_KEY to the key this database was created with (or restore its key file "
    "{key_file}); if that key is lost, move the database away and have every user connect again"
)


@dataclass(frozen=True)
class Connection:
    """A Slack user's Cal.com connection. Secrets are decrypted and never shown by ``repr``."""

    team_id: str
    user_id: str
    api_key: str = field(repr=False)
    api_url: str | None  # None: the deployment's default Cal.com API
    time_zone: str | None
    webhook_id: str | None
    webhook_public_id: str | None
    webhook_secret: str | None = field(repr=False)
    connected_at: float
    calcom_user_id: int | None = None  # who the key belongs to in Cal.com (None: not known)
    calcom_email: str | None = None


@dataclass(frozen=True)
class Subscription:
    team_id: str
    user_id: str
    channel: str
    events: frozenset[str]


class BookingMessage(NamedTuple):
    team_id: str
    uid: str
    channel: str
    ts: str
    kind: str


@dataclass(frozen=True)
class OutboxMessage:
    id: int
    team_id: str
    channel: str
    payload: dict[str, Any]
    key: str
    status: str  # queued | sent | failed
    attempts: int
    not_before: float
    sent_ts: str | None
    error: str | None
    user_id: str | None = None


class _ThreadDb:
    """Holder so a thread's connection can be tracked weakly and closed with the store."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _dumps(value: object) -> str:
    return json.dumps(value, default=_json_default, sort_keys=True, separators=(",", ":"))


class Store:
    """The persistent state. Thread-safe: share one instance across threads."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        secret_key: str | None = None,
        *,
        clock: Callable[[], float] = time.time,
        migrations: list[Migration] | None = None,
    ):
        self.path = Path(path)
        self.key_file = Path(str(self.path) + ".key")
        self._clock = clock
        self._local = threading.local()
        self._all: weakref.WeakSet[_ThreadDb] = weakref.WeakSet()
        self._write_lock = threading.RLock()
        self._closed = False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._migrate(MIGRATIONS if migrations is None else migrations)
            self._fernet = self._load_fernet(secret_key)
            self._check_canary()
        except BaseException:
            self.close()
            raise

    # ---- plumbing -------------------------------------------------------------------------

    def _db(self) -> sqlite_utils.Database:
        if self._closed:
            raise StorageError("This store is closed; open a new Store.")
        holder: _ThreadDb | None = getattr(self._local, "holder", None)
        if holder is None:
            conn = sqlite3.connect(
                str(self.path),
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,  # no implicit transactions: writes use _tx()
                check_same_thread=False,  # only so close() may close it from another thread
            )
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                log.warning("SQLite would not switch %s to WAL mode (it is %s)", self.path, mode)
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            holder = _ThreadDb(sqlite_utils.Database(conn, execute_plugins=False))
            self._local.holder = holder
            self._all.add(holder)
        return holder.db

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction (``BEGIN IMMEDIATE``); nested calls join the outer one."""
        db = self._db()
        with self._write_lock:
            if db.conn.in_transaction:
                yield db
                return
            db.conn.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                if db.conn.in_transaction:
                    db.conn.execute("ROLLBACK")
                raise
            else:
                db.conn.execute("COMMIT")

    def transaction(self) -> contextlib.AbstractContextManager[sqlite_utils.Database]:
        """Several store calls as ONE write transaction (all or nothing); calls made inside it
        join it. Keep it short: other writers wait for it."""
        return self._tx()

    def _rows(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[dict]:
        cursor = self._db().conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _one(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> dict | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def close(self) -> None:
        """Close every thread's connection. The store cannot be used afterwards."""
        self._closed = True
        for holder in list(self._all):
            with contextlib.suppress(sqlite3.Error):
                holder.db.conn.close()
        self._all = weakref.WeakSet()
        self._local = threading.local()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- migrations -----------------------------------------------------------------------

    def _migrate(self, migrations: list[Migration]) -> None:
        with self._tx() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS migrations "
                "(name TEXT PRIMARY KEY, applied_at REAL NOT NULL)"
            )
            done = {r["name"] for r in self._rows("SELECT name FROM migrations")}
            for name, function in migrations:
                if name in done:
                    continue
                log.info("storage: applying migration %s", name)
                function(db)
                db.execute(
                    "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                    (name, self._clock()),
                )

    def applied_migrations(self) -> list[str]:
        return [r["name"] for r in self._rows("SELECT name FROM migrations ORDER BY rowid")]

    # ---- encryption -----------------------------------------------------------------------

    def _mismatch(self, what: str) -> SecretKeyMismatch:
        advice = _MISMATCH_ADVICE.format(key_file=self.key_file)
        return SecretKeyMismatch(f"{what} for the database {self.path}: {advice}.")

    def _load_fernet(self, secret_key: str | None) -> Fernet:
        if secret_key is not None:
            try:
                return Fernet(secret_key.strip().encode())
            except (ValueError, TypeError):
                raise BadSecretKey(
                    "The secret key is not a Fernet key (32 url-safe base64 bytes); generate one "
                    "with `python3 -c 'from cryptography.fernet import Fernet; "
                    "print(Fernet.generate_key().decode())'`."
                ) from None
        if self.key_file.exists():
            return self._read_key_file()
        if self._one("SELECT 1 FROM meta WHERE key = ?", (_CANARY_KEY,)) is not None:
            raise self._mismatch(f"No secret key was given and the key file {self.key_file} is "
                                 "missing")
        return self._generate_key_file()

    def _read_key_file(self) -> Fernet:
        mode = self.key_file.stat().st_mode & 0o777
        if mode & 0o077:
            log.warning(
                "storage: key file %s is readable by others (mode %o); run chmod 600 on it",
                self.key_file, mode,
            )
        try:
            return Fernet(self.key_file.read_bytes().strip())
        except (ValueError, TypeError):
            raise BadSecretKey(
                f"The key file {self.key_file} does not hold a Fernet key; restore it from a "
                "backup or set CALBOT_SECRET_KEY."
            ) from None

    def _generate_key_file(self) -> Fernet:
        key = Fernet.generate_key()
        tmp = self.key_file.with_name(f"{self.key_file.name}.{os.getpid()}.{threading.get_ident()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, key + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, self.key_file)  # atomic, and fails if another process won the race
        except FileExistsError:
            return self._read_key_file()
        finally:
            tmp.unlink()
        log.warning(
            "storage: no CALBOT_SECRET_KEY set; generated a new encryption key in %s (mode 0600). "
            "Back it up: without it the stored Cal.com API keys cannot be read.",
            self.key_file,
        )
        return Fernet(key)

    def _check_canary(self) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                (_CANARY_KEY, self._fernet.encrypt(_CANARY_PLAIN).decode()),
            )
            row = self._one("SELECT value FROM meta WHERE key = ?", (_CANARY_KEY,))
        assert row is not None
        try:
            ok = self._fernet.decrypt(row["value"].encode()) == _CANARY_PLAIN
        except InvalidToken:
            ok = False
        if not ok:
            raise self._mismatch("The secret key does not match the one used")

    def _encrypt(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode()).decode()

    def _decrypt(self, token: str | None) -> str | None:
        if token is None:
            return None
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise self._mismatch("A stored secret cannot be decrypted with this key") from None

    # ---- connections ----------------------------------------------------------------------

    def save_connection(
        self, team_id: str, user_id: str, api_key: str, api_url: str | None,
        *, calcom_user_id: int | None = None, calcom_email: str | None = None,
    ) -> None:
        """Connect (or reconnect) a user; ``api_url`` None means the default Cal.com API.
        A different key or URL drops the old webhook and poll state, which belonged to the old
        Cal.com account; saving the same key and URL again keeps them (and updates who the
        key belongs to, when given)."""
        now = self._clock()
        with self._tx() as db:
            old = self.connection(team_id, user_id)
            if old is not None and old.api_key == api_key and old.api_url == api_url:
                if calcom_user_id is not None or calcom_email is not None:
                    db.execute(
                        "UPDATE connections SET calcom_user_id = ?, calcom_email = ? "
                        "WHERE team_id = ? AND user_id = ?",
                        (calcom_user_id, calcom_email, team_id, user_id))
                return
            db.execute(
                "INSERT OR REPLACE INTO connections (team_id, user_id, api_key_enc, api_url, "
                "webhook_id, webhook_public_id, webhook_secret_enc, poll_state, connected_at, "
                "calcom_user_id, calcom_email) "
                "VALUES (?, ?, ?, ?, NULL, NULL, NULL, '{}', ?, ?, ?)",
                (team_id, user_id, self._encrypt(api_key), api_url, now, calcom_user_id,
                 calcom_email),
            )

    _CONNECTION_SQL = (
        "SELECT c.*, u.time_zone FROM connections c "
        "LEFT JOIN users u ON u.team_id = c.team_id AND u.user_id = c.user_id "
    )

    def _connection(self, row: dict) -> Connection:
        api_key = self._decrypt(row["api_key_enc"])
        assert api_key is not None
        return Connection(
            team_id=row["team_id"],
            user_id=row["user_id"],
            api_key=api_key,
            api_url=row["api_url"],
            time_zone=row["time_zone"],
            webhook_id=row["webhook_id"],
            webhook_public_id=row["webhook_public_id"],
            webhook_secret=self._decrypt(row["webhook_secret_enc"]),
            connected_at=row["connected_at"],
            calcom_user_id=row.get("calcom_user_id"),
            calcom_email=row.get("calcom_email"),
        )

    def connection(self, team_id: str, user_id: str) -> Connection | None:
        row = self._one(
            self._CONNECTION_SQL + "WHERE c.team_id = ? AND c.user_id = ?", (team_id, user_id)
        )
        return None if row is None else self._connection(row)

    def connection_by_webhook(self, public_id: str) -> Connection | None:
        row = self._one(self._CONNECTION_SQL + "WHERE c.webhook_public_id = ?", (public_id,))
        return None if row is None else self._connection(row)

    def connections_to_poll(self) -> list[Connection]:
        """Connected users without a webhook, oldest connection first."""
        rows = self._rows(
            self._CONNECTION_SQL + "WHERE c.webhook_id IS NULL ORDER BY c.connected_at, c.rowid"
        )
        return [self._connection(r) for r in rows]

    def connections(self, team_id: str | None = None) -> list[Connection]:
        if team_id is None:
            rows = self._rows(self._CONNECTION_SQL + "ORDER BY c.rowid")
        else:
            rows = self._rows(self._CONNECTION_SQL + "WHERE c.team_id = ? ORDER BY c.rowid",
                              (team_id,))
        return [self._connection(r) for r in rows]

    def set_webhook(
        self, team_id: str, user_id: str, webhook_id: str, public_id: str, secret: str
    ) -> bool:
        """Record the user's Cal.com webhook. False (nothing stored) if they are not connected."""
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE connections SET webhook_id = ?, webhook_public_id = ?, "
                "webhook_secret_enc = ? WHERE team_id = ? AND user_id = ?",
                (str(webhook_id), public_id, self._encrypt(secret), team_id, user_id),
            )
            return cursor.rowcount == 1

    def clear_webhook(self, team_id: str, user_id: str) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE connections SET webhook_id = NULL, webhook_public_id = NULL, "
                "webhook_secret_enc = NULL WHERE team_id = ? AND user_id = ?",
                (team_id, user_id),
            )

    def poll_state(self, team_id: str, user_id: str) -> dict:
        row = self._one(
            "SELECT poll_state FROM connections WHERE team_id = ? AND user_id = ?",
            (team_id, user_id),
        )
        return {} if row is None else json.loads(row["poll_state"] or "{}")

    def set_poll_state(self, team_id: str, user_id: str, state: dict) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE connections SET poll_state = ? WHERE team_id = ? AND user_id = ?",
                (_dumps(state), team_id, user_id),
            )

    # ---- time zone cache ------------------------------------------------------------------

    def set_time_zone(self, team_id: str, user_id: str, tz: str) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO users (team_id, user_id, time_zone, time_zone_fetched_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (team_id, user_id) DO UPDATE SET "
                "time_zone = excluded.time_zone, "
                "time_zone_fetched_at = excluded.time_zone_fetched_at",
                (team_id, user_id, tz, self._clock()),
            )

    def time_zone(self, team_id: str, user_id: str, max_age_s: float) -> str | None:
        """The cached time zone if it was fetched at most ``max_age_s`` seconds ago."""
        row = self._one(
            "SELECT time_zone, time_zone_fetched_at FROM users WHERE team_id = ? AND user_id = ?",
            (team_id, user_id),
        )
        if row is None or row["time_zone"] is None or row["time_zone_fetched_at"] is None:
            return None
        if self._clock() - row["time_zone_fetched_at"] > max_age_s:
            return None
        return str(row["time_zone"])

    # ---- bookings and their messages ------------------------------------------------------

    def remember_booking(self, team_id: str, user_id: str, booking: dict) -> None:
        """Keep the latest snapshot of a booking (``booking["uid"]``) and whose key reached it."""
        uid = booking.get("uid")
        if not uid:
            raise StorageError("A booking needs a uid to be remembered.")
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO bookings (team_id, uid, user_id, snapshot, updated_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (team_id, str(uid), user_id, _dumps(booking), self._clock()),
            )

    def booking(self, team_id: str, uid: str) -> dict | None:
        row = self._one(
            "SELECT snapshot FROM bookings WHERE team_id = ? AND uid = ?", (team_id, uid)
        )
        return None if row is None else json.loads(row["snapshot"])

    def booking_owner(self, team_id: str, uid: str) -> str | None:
        """The Slack user whose Cal.com key last reached this booking."""
        row = self._one(
            "SELECT user_id FROM bookings WHERE team_id = ? AND uid = ?", (team_id, uid)
        )
        return None if row is None else str(row["user_id"])

    def add_booking_message(
        self, team_id: str, uid: str, channel: str, ts: str, kind: str
    ) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO booking_messages "
                "(team_id, uid, channel, ts, kind, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (team_id, uid, channel, ts, kind, self._clock()),
            )

    def booking_messages(
        self, team_id: str, uid: str, kind: str | None = None
    ) -> list[BookingMessage]:
        """Messages showing the booking, oldest first."""
        sql = (
            "SELECT team_id, uid, channel, ts, kind FROM booking_messages "
            "WHERE team_id = ? AND uid = ?"
        )
        params: tuple[Any, ...] = (team_id, uid)
        if kind is not None:
            sql += " AND kind = ?"
            params += (kind,)
        rows = self._rows(sql + " ORDER BY created_at, rowid", params)
        return [BookingMessage(**r) for r in rows]

    def delete_booking_message(self, team_id: str, channel: str, ts: str) -> int:
        """Forget a deleted Slack message (for every booking it showed)."""
        with self._tx() as db:
            return db.execute(
                "DELETE FROM booking_messages WHERE team_id = ? AND channel = ? AND ts = ?",
                (team_id, channel, ts),
            ).rowcount

    # ---- channel subscriptions ------------------------------------------------------------

    def subscribe(self, team_id: str, user_id: str, channel: str, events: set[str]) -> None:
        """Post the user's ``events`` to ``channel``; replaces the events of an existing one."""
        with self._tx() as db:
            db.execute(
                "INSERT INTO subscriptions (team_id, user_id, channel, events, created_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (team_id, user_id, channel) "
                "DO UPDATE SET events = excluded.events",
                (team_id, user_id, channel, json.dumps(sorted(set(events))), self._clock()),
            )

    def unsubscribe(self, team_id: str, user_id: str, channel: str | None = None) -> int:
        """Remove one subscription, or all of the user's; returns how many were removed."""
        with self._tx() as db:
            if channel is None:
                cursor = db.execute(
                    "DELETE FROM subscriptions WHERE team_id = ? AND user_id = ?",
                    (team_id, user_id),
                )
            else:
                cursor = db.execute(
                    "DELETE FROM subscriptions WHERE team_id = ? AND user_id = ? AND channel = ?",
                    (team_id, user_id, channel),
                )
            return cursor.rowcount

    def subscriptions(self, team_id: str, user_id: str | None = None) -> list[Subscription]:
        if user_id is None:
            rows = self._rows(
                "SELECT * FROM subscriptions WHERE team_id = ? ORDER BY created_at, rowid",
                (team_id,),
            )
        else:
            rows = self._rows(
                "SELECT * FROM subscriptions WHERE team_id = ? AND user_id = ? "
                "ORDER BY created_at, rowid",
                (team_id, user_id),
            )
        return [
            Subscription(r["team_id"], r["user_id"], r["channel"],
                         frozenset(json.loads(r["events"])))
            for r in rows
        ]

    # ---- exactly-once ---------------------------------------------------------------------

    def claim_event(self, key: str) -> bool:
        """True only for the first caller ever to claim ``key`` (across threads and restarts)."""
        with self._tx() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO delivered_events (key, claimed_at) VALUES (?, ?)",
                (key, self._clock()),
            )
            return cursor.rowcount == 1

    def prune_events(self, older_than: float) -> int:
        """Drop claims made before the instant ``older_than`` (keeps the table small)."""
        with self._tx() as db:
            return db.execute(
                "DELETE FROM delivered_events WHERE claimed_at < ?", (older_than,)
            ).rowcount

    def warn_once(self, key: str, team_id: str | None = None) -> bool:
        """True the first time ``key`` is seen. Give ``team_id`` so forget_team drops it."""
        with self._tx() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO warnings (key, team_id, created_at) VALUES (?, ?, ?)",
                (key, team_id, self._clock()),
            )
            return cursor.rowcount == 1

    # ---- notice threads -------------------------------------------------------------------

    def thread_ts(self, team_id: str, channel: str, uid: str) -> str | None:
        row = self._one(
            "SELECT ts FROM threads WHERE team_id = ? AND channel = ? AND uid = ?",
            (team_id, channel, uid),
        )
        return None if row is None else str(row["ts"])

    def set_thread_ts(self, team_id: str, channel: str, uid: str, ts: str) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO threads (team_id, channel, uid, ts) VALUES (?, ?, ?, ?)",
                (team_id, channel, uid, ts),
            )

    # ---- outbox ---------------------------------------------------------------------------

    def enqueue(
        self,
        team_id: str,
        channel: str,
        payload: dict,
        key: str,
        *,
        not_before: float | None = None,
        user_id: str | None = None,
    ) -> bool:
        """Queue a Slack post. False (and nothing changes) if ``key`` was ever enqueued."""
        now = self._clock()
        with self._tx() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO outbox (team_id, user_id, channel, payload, key, status, "
                "attempts, not_before, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?)",
                (team_id, user_id, channel, _dumps(payload), key,
                 now if not_before is None else not_before, now, now),
            )
            return cursor.rowcount == 1

    @staticmethod
    def _outbox(row: dict) -> OutboxMessage:
        return OutboxMessage(
            id=row["id"], team_id=row["team_id"], channel=row["channel"],
            payload=json.loads(row["payload"]), key=row["key"], status=row["status"],
            attempts=row["attempts"], not_before=row["not_before"], sent_ts=row["sent_ts"],
            error=row["error"], user_id=row["user_id"],
        )

    def due_messages(self, now: float, limit: int = 100) -> list[OutboxMessage]:
        """Queued messages whose ``not_before`` has come, in enqueue order."""
        rows = self._rows(
            "SELECT * FROM outbox WHERE status = 'queued' AND not_before <= ? ORDER BY id LIMIT ?",
            (now, limit),
        )
        return [self._outbox(r) for r in rows]

    def outbox_message(self, id: int) -> OutboxMessage | None:
        row = self._one("SELECT * FROM outbox WHERE id = ?", (id,))
        return None if row is None else self._outbox(row)

    def next_due_at(self) -> float | None:
        """When the earliest queued message becomes due (None if nothing is queued)."""
        row = self._one("SELECT min(not_before) AS t FROM outbox WHERE status = 'queued'")
        return None if row is None or row["t"] is None else float(row["t"])

    def mark_sent(self, id: int, ts: str | None) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE outbox SET status = 'sent', sent_ts = ?, error = NULL, "
                "attempts = attempts + 1, updated_at = ? WHERE id = ?",
                (ts, self._clock(), id),
            )

    def retry_later(self, id: int, not_before: float, error: str | None = None) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE outbox SET attempts = attempts + 1, not_before = ?, "
                "error = coalesce(?, error), updated_at = ? WHERE id = ? AND status = 'queued'",
                (not_before, error, self._clock(), id),
            )

    def mark_failed(self, id: int, error: str) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE outbox SET status = 'failed', error = ?, attempts = attempts + 1, "
                "updated_at = ? WHERE id = ?",
                (error, self._clock(), id),
            )

    def prune_outbox(self, older_than: float) -> int:
        """Delete sent and failed messages last touched before ``older_than``. Their keys can
        then be enqueued again, so keep them at least as long as a duplicate could arrive."""
        with self._tx() as db:
            return db.execute(
                "DELETE FROM outbox WHERE status != 'queued' AND updated_at < ?", (older_than,)
            ).rowcount

    # ---- forgetting -----------------------------------------------------------------------

    def forget_user(self, team_id: str, user_id: str) -> None:
        """Delete everything stored for the user: connection, time zone, subscriptions, the
        bookings their key reached with those bookings' messages and threads, their outbox."""
        with self._tx() as db:
            owned = "SELECT uid FROM bookings WHERE team_id = ? AND user_id = ?"
            for table in ("booking_messages", "threads"):
                db.execute(
                    f"DELETE FROM {table} WHERE team_id = ? AND uid IN ({owned})",
                    (team_id, team_id, user_id),
                )
            for table in ("bookings", "subscriptions", "connections", "users", "outbox"):
                db.execute(
                    f"DELETE FROM {table} WHERE team_id = ? AND user_id = ?", (team_id, user_id)
                )

    def forget_team(self, team_id: str) -> None:
        """Delete everything stored for the workspace (app uninstalled, tokens revoked)."""
        with self._tx() as db:
            for table in ("booking_messages", "threads", "bookings", "subscriptions",
                          "connections", "users", "outbox", "warnings"):
                db.execute(f"DELETE FROM {table} WHERE team_id = ?", (team_id,))
