"""The SQLite engine: one file, one connection per thread, writers in ``BEGIN IMMEDIATE``.

* WAL mode and a busy timeout, so readers never block and writers queue. Every write runs in
  ``BEGIN IMMEDIATE`` under a per-engine lock, which serialises the writers of this process
  and, through SQLite's own lock, of other processes.
* Migrations are sqlite-utils' :class:`~sqlite_utils.migrations.Migrations` (set ``calbot``, in
  ``_sqlite_migrations``), applied inside one ``BEGIN IMMEDIATE``: a second process starting at
  the same time waits for the first and then finds nothing pending.
* At open, ``PRAGMA quick_check``; a read-only, unopenable or corrupt file is a typed
  :class:`~storage.errors.StorageError` whose message says how to fix it.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from storage.engine import Engine, Params, Row
from storage.errors import DatabaseBusy, DatabaseCorrupt, DatabaseReadOnly, StorageError
from storage.migrations import MIGRATIONS, Migration

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 15_000
MIGRATION_SET = "calbot"
_LEGACY_TABLE = "migrations"  # before sqlite-utils' Migrations: (name, applied_at REAL)
_READ_ONLY = {"SQLITE_READONLY", "SQLITE_READONLY_DBMOVED", "SQLITE_READONLY_DIRECTORY",
              "SQLITE_READONLY_RECOVERY", "SQLITE_READONLY_CANTLOCK", "SQLITE_READONLY_ROLLBACK",
              "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH"}
_CORRUPT = {"SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_CORRUPT_INDEX", "SQLITE_CORRUPT_VTAB",
            "SQLITE_CORRUPT_SEQUENCE"}


class _ThreadDb:
    """Holder so a thread's connection can be tracked weakly and closed with the engine."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db


def start_up_error(path: Path, error: sqlite3.Error) -> StorageError | None:
    """The typed error (with its fix) for what SQLite said at open; None when not ours to name."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    if name in _READ_ONLY or "readonly" in text or "unable to open" in text:
        return DatabaseReadOnly(
            f"The database {path} cannot be written ({text}): give the user running calbot "
            "write access to the file and its folder (SQLite also writes -wal and -shm files "
            "beside it), or set CALBOT_DATABASE to a writable path.")
    if name in _CORRUPT or "malformed" in text or "not a database" in text:
        return corrupt(path, text)
    return None


def corrupt(path: Path, detail: str) -> DatabaseCorrupt:
    return DatabaseCorrupt(
        f"The database {path} is damaged ({detail}): stop calbot, restore the file from a "
        f"backup (or try `sqlite3 {path} .recover`), or move it away to start empty, after "
        "which every user connects again.")


class SqliteEngine(Engine):
    dialect = "sqlite"
    label = "SQLite"

    def __init__(self, path: str | Path, *, migrations: list[Migration] | None = None,
                 busy_timeout_ms: int = BUSY_TIMEOUT_MS):
        """``busy_timeout_ms``: how long a write waits for another connection's lock before
        :class:`~storage.errors.DatabaseBusy` (tests shorten it)."""
        self.busy_timeout_ms = busy_timeout_ms
        self.path = Path(path).absolute()
        self.location = str(self.path)
        self.sqlite_path = self.path
        self.key_file = Path(str(self.path) + ".key")
        self._migrations = MIGRATIONS if migrations is None else migrations
        self._local = threading.local()
        self._all: weakref.WeakSet[_ThreadDb] = weakref.WeakSet()
        self._write_lock = threading.RLock()
        self._closed = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseReadOnly(
                f"The folder of the database {self.path} cannot be created ({error.strerror}): "
                "create it, or set CALBOT_DATABASE to a writable path.") from None
        try:
            with self.opening():
                self._quick_check()
        except BaseException:
            self.close()
            raise

    @contextlib.contextmanager
    def opening(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            typed = start_up_error(self.path, error)
            if typed is None:
                raise
            raise typed from None

    # ---- connections and transactions ----------------------------------------------------

    def _db(self) -> sqlite_utils.Database:
        if self._closed:
            raise StorageError("This store is closed; open a new Store.")
        holder: _ThreadDb | None = getattr(self._local, "holder", None)
        if holder is None:
            conn = sqlite3.connect(
                str(self.path),
                timeout=self.busy_timeout_ms / 1000,
                isolation_level=None,  # no implicit transactions: writes use transaction()
                check_same_thread=False,  # only so close() may close it from another thread
            )
            try:
                conn.execute(f"PRAGMA busy_timeout={int(self.busy_timeout_ms)}")
                mode = _wal(conn)
                if str(mode).lower() != "wal":
                    log.warning("SQLite would not switch %s to WAL mode (it is %s)",
                                self.path, mode)
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA foreign_keys=ON")
            except BaseException:
                conn.close()
                raise
            holder = _ThreadDb(sqlite_utils.Database(conn, execute_plugins=False))
            self._local.holder = holder
            self._all.add(holder)
        return holder.db

    def _quick_check(self) -> None:
        found = [str(r[0]) for r in self._db().conn.execute("PRAGMA quick_check").fetchall()]
        if found != ["ok"]:
            problems = [line for text in found for line in text.splitlines()
                        if line.strip() and not line.startswith("***")]
            raise corrupt(self.path, f"PRAGMA quick_check found {len(problems)} problems, the "
                          f"first: {problems[0][:120] if problems else found[0][:120]}")

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite_utils.Database]:
        db = self._db()
        with self._write_lock:
            if db.conn.in_transaction:
                yield db
                return
            with self._busy():
                db.conn.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                if db.conn.in_transaction:
                    db.conn.execute("ROLLBACK")
                raise
            else:
                db.conn.execute("COMMIT")

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        return _discard(self._tx())

    def rows(self, sql: str, params: Params = ()) -> list[Row]:
        cursor = self._db().conn.execute(sql, params)
        if cursor.description is None:
            return []
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def execute(self, sql: str, params: Params = ()) -> int:
        with self._tx() as db, self._busy():
            return db.conn.execute(sql, params).rowcount

    @contextlib.contextmanager
    def _busy(self) -> Iterator[None]:
        """SQLite's "database is locked" after the busy timeout, as the typed DatabaseBusy."""
        try:
            yield
        except sqlite3.OperationalError as error:
            name = getattr(error, "sqlite_errorname", "") or ""
            if not (name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(error)):
                raise
            raise DatabaseBusy(
                f"The database {self.path} stayed locked by another connection for over "
                f"{self.busy_timeout_ms / 1000:g} s: stop whatever holds it (a long backup or a "
                "tool with an open write transaction), then it clears by itself.") from None

    def close(self) -> None:
        self._closed = True
        for holder in list(self._all):
            with contextlib.suppress(sqlite3.Error):
                holder.db.conn.close()
        self._all = weakref.WeakSet()
        self._local = threading.local()

    # ---- migrations ----------------------------------------------------------------------

    def _migration_set(self) -> Migrations:
        migrations = Migrations(MIGRATION_SET)
        for name, function in self._migrations:
            migrations(name=name)(function)
        return migrations

    def _adopt_legacy(self, db: sqlite_utils.Database, migrations: Migrations) -> None:
        """Databases from before sqlite-utils' Migrations recorded theirs in ``migrations``."""
        if not db.table(_LEGACY_TABLE).exists():
            return
        migrations.ensure_migrations_table(db)
        known = {m.name for m in migrations.applied(db)}
        for row in self.rows(f"SELECT name, applied_at FROM {_LEGACY_TABLE} ORDER BY rowid"):
            if row["name"] not in known:
                db.table(migrations.migrations_table).insert({
                    "migration_set": MIGRATION_SET, "name": row["name"],
                    "applied_at": str(datetime.fromtimestamp(row["applied_at"], UTC))})
        db.table(_LEGACY_TABLE).drop()

    def migrate(self, now: Callable[[], float]) -> list[str]:
        migrations = self._migration_set()
        with self._tx() as db:
            self._adopt_legacy(db, migrations)
            pending = [m.name for m in migrations.pending(db)]
            for name in pending:
                log.info("storage: applying migration %s", name)
            migrations.apply(db)
        return pending

    def migration_names(self) -> list[str]:
        return [name for name, _ in self._migrations]

    def applied_migrations(self) -> list[str]:
        return [m.name for m in Migrations(MIGRATION_SET).applied(self._db())]

    def is_fresh(self) -> bool:
        return self.one(
            "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN (?, ?)",
            (Migrations.migrations_table, _LEGACY_TABLE)) == {"n": 0}


def _wal(conn: sqlite3.Connection, tries: int = 100) -> str:
    """Switch to WAL. On a new file two processes opening it together race for the switch,
    which needs a lock the busy timeout doesn't wait for: try again briefly."""
    for attempt in range(tries):
        try:
            return str(conn.execute("PRAGMA journal_mode=WAL").fetchone()[0])
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == tries - 1:
                raise
            time.sleep(0.02)
    raise AssertionError("unreachable")


@contextlib.contextmanager
def _discard(inner: contextlib.AbstractContextManager[object]) -> Iterator[None]:
    with inner:
        yield
