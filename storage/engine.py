"""What the table code needs from a database: rows, writes in transactions, a migration lock.

The table modules write one SQL dialect that SQLite (3.35+) and PostgreSQL both run: ``?``
placeholders (the PostgreSQL engine turns them into ``%s``), ``INSERT … ON CONFLICT``, ``UPDATE …
RETURNING``, and a ``rowid`` column for insertion order (SQLite's own; an identity column on
PostgreSQL). Where the engines differ the engine says so (:attr:`Engine.skip_locked`).
"""

from __future__ import annotations

import abc
import contextlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

Params = Sequence[Any] | Mapping[str, Any]
Row = dict[str, Any]


class Engine(abc.ABC):
    """One database, shared by every thread of the process."""

    #: ``"sqlite"`` or ``"postgresql"``.
    dialect: str
    #: Appended to a ``SELECT`` that claims rows: skips rows another transaction holds.
    skip_locked: str = ""
    #: Where a generated secret key is kept (beside a SQLite file); None: it must be given.
    key_file: Path | None = None
    #: A SQLite engine's file (absolute); None on a server.
    sqlite_path: Path | None = None
    #: A server's URL as given, password included: only to wire other clients to the same
    #: database (slack_sdk's stores); never log it. None for SQLite.
    conninfo: str | None = None

    @abc.abstractmethod
    def rows(self, sql: str, params: Params = ()) -> list[Row]:
        """Run one statement and return its rows (inside the thread's transaction, if any)."""

    @abc.abstractmethod
    def execute(self, sql: str, params: Params = ()) -> int:
        """Run one write statement in a transaction (the thread's, or its own); the row count."""

    @abc.abstractmethod
    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """One write transaction, all or nothing; calls made inside it (on this thread) join."""

    @abc.abstractmethod
    def migrate(self, now: Callable[[], float]) -> list[str]:
        """Apply the pending named migrations, each once even with several processes starting
        together; returns the names applied now."""

    @abc.abstractmethod
    def applied_migrations(self) -> list[str]:
        """Names of the migrations applied to this database, in the order they were applied."""

    @abc.abstractmethod
    def migration_names(self) -> list[str]:
        """Names of every migration this calbot knows, in order."""

    def pending_migrations(self) -> list[str]:
        """Known migrations the database has not applied (readiness, ``calbot check``)."""
        applied = set(self.applied_migrations())
        return [name for name in self.migration_names() if name not in applied]

    @abc.abstractmethod
    def is_fresh(self) -> bool:
        """True when the database holds no calbot data at all yet (before migrating)."""

    #: How the engine is named in ``describe()``: ``"SQLite"``, ``"PostgreSQL"``.
    label: str
    #: Where the data is (an absolute path, or ``user@host:port/db``): never a password.
    location: str

    def describe(self) -> str:
        """The engine and where the data is, for the first log line: never a password."""
        return f"{self.label} {self.location}"

    @abc.abstractmethod
    def close(self) -> None:
        """Close every connection. The engine cannot be used afterwards."""

    def opening(self) -> contextlib.AbstractContextManager[None]:
        """Around opening the store: turns what the database library raises at start-up into
        the typed :class:`~storage.errors.StorageError` that says how to fix it."""
        return contextlib.nullcontext()

    def one(self, sql: str, params: Params = ()) -> Row | None:
        found = self.rows(sql, params)
        return found[0] if found else None
