"""All persistent state of calbot: one :class:`Store` over SQLite or PostgreSQL.

The store is the table areas (``storage/tables/``) over one :class:`~storage.engine.Engine`
(``storage/sqlite_engine.py``, ``storage/postgres_engine.py``), with the secrets of
``storage/secrets.py``. Opening it applies the pending named migrations, refuses a database
that was emptied or deleted while its key file stayed, and checks the secret key.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from storage.engine import Engine
from storage.errors import DatabaseMissing
from storage.migrations import Migration
from storage.secrets import Secrets
from storage.tables.bookings import BookingTables
from storage.tables.connections import ConnectionTables
from storage.tables.day import DayTables
from storage.tables.deliveries import DeliveryTables
from storage.tables.ops import OpsTables
from storage.tables.outbox import OutboxTables
from storage.tables.subscriptions import SubscriptionTables
from storage.urls import engine_for

VALUE_KEY = "value_signing_key"
_PER_USER = ("bookings", "subscriptions", "connections", "users", "outbox", "day_settings",
             "reminders")
_PER_TEAM = ("booking_messages", "threads", "bookings", "subscriptions", "connections", "users",
             "outbox", "warnings", "day_settings", "reminders")


class Store(ConnectionTables, BookingTables, SubscriptionTables, DeliveryTables, OutboxTables,
            OpsTables, DayTables):
    """The persistent state. Thread-safe: share one instance across threads (and, on
    PostgreSQL, across processes)."""

    def __init__(
        self,
        database: str | os.PathLike[str] | Engine,
        secret_key: str | None = None,
        *,
        clock: Callable[[], float] | None = None,
        now: Callable[[], datetime] | None = None,
        migrations: list[Migration] | None = None,
    ):
        """``clock`` gives epoch seconds, ``now`` an aware datetime (give one; the wall clock
        otherwise). ``migrations`` replaces SQLite's list (tests only)."""
        if clock is None:
            clock = time.time if now is None else (lambda: now().timestamp())
        self._clock = clock
        engine = database if isinstance(database, Engine) else engine_for(
            database, migrations=migrations)
        self.engine = engine
        self.key_file = engine.key_file
        try:
            with engine.opening():
                self._refuse_a_silent_reset()
                engine.migrate(clock)
                self._secrets = Secrets.open(engine, secret_key)
        except BaseException:
            engine.close()
            raise
        self._db = engine

    def _refuse_a_silent_reset(self) -> None:
        key_file = self.engine.key_file
        if key_file is not None and key_file.exists() and self.engine.is_fresh():
            raise DatabaseMissing(
                f"The database {self.engine.location} is missing or empty, but its key file "
                f"{key_file} is there, so starting would silently disconnect every user: "
                "restore the database from a backup or point CALBOT_DATABASE at it; to start "
                f"afresh on purpose, delete {key_file}.")

    @property
    def path(self) -> str:
        """Where the data is: the SQLite file's absolute path, or ``user@host:port/db``."""
        return self.engine.location

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file (absolute), or None on PostgreSQL."""
        return self.engine.sqlite_path

    @property
    def postgres_url(self) -> str | None:
        """The PostgreSQL URL, password included, to wire slack_sdk's stores to the same
        database; never log it. None on SQLite."""
        return self.engine.conninfo

    def describe(self) -> str:
        """The engine and where the data is, e.g. ``SQLite /srv/calbot/calbot.db``: never a
        password (for the first log line)."""
        return self.engine.describe()

    def applied_migrations(self) -> list[str]:
        return self.engine.applied_migrations()

    def value_key(self) -> bytes:
        """The server key that signs button values and ``private_metadata``
        (``blockkit.values.Signer``): random, kept encrypted with the secret key, shared by
        every process."""
        return self._secrets.shared_key(self.engine, VALUE_KEY)

    def pending_migrations(self) -> list[str]:
        """Names of the migrations this calbot knows that the database lacks (readiness)."""
        return self.engine.pending_migrations()

    def ping(self) -> None:
        """One round trip to the database; raises what the engine raises when it can't."""
        self._db.one("SELECT 1 AS ok")

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """Several store calls as ONE write transaction (all or nothing); calls made inside it
        join it. Keep it short: other writers wait for it."""
        return self.engine.transaction()

    def close(self) -> None:
        """Close every connection. The store cannot be used afterwards."""
        self.engine.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- forgetting -----------------------------------------------------------------------

    def forget_user(self, team_id: str, user_id: str) -> None:
        """Delete everything stored for the user: connection, time zone, subscriptions, the
        bookings their key reached with those bookings' messages and threads, their outbox."""
        with self.engine.transaction():
            owned = "SELECT uid FROM bookings WHERE team_id = ? AND user_id = ?"
            for table in ("booking_messages", "threads"):
                self._db.execute(
                    f"DELETE FROM {table} WHERE team_id = ? AND uid IN ({owned})",
                    (team_id, team_id, user_id),
                )
            for table in _PER_USER:
                self._db.execute(
                    f"DELETE FROM {table} WHERE team_id = ? AND user_id = ?", (team_id, user_id))

    def forget_team(self, team_id: str) -> None:
        """Delete everything stored for the workspace (app uninstalled, tokens revoked)."""
        with self.engine.transaction():
            for table in _PER_TEAM:
                self._db.execute(f"DELETE FROM {table} WHERE team_id = ?", (team_id,))


def open_store(database: str | os.PathLike[str], secret_key: str | None, *,
               now: Callable[[], datetime]) -> Store:
    """The store for ``CALBOT_DATABASE``: a ``postgresql://user:password@host:5432/db`` URL, or
    a SQLite file (created with its folder when missing)."""
    return Store(database, secret_key, now=now)
