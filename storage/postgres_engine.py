"""The PostgreSQL engine: psycopg 3 with a connection pool, for several calbot processes.

* Reads take a pooled connection for one statement (autocommit). A write transaction holds one
  pooled connection for the thread until it ends; store calls made inside it join it.
* Claims that must hold across processes are plain SQL: ``INSERT … ON CONFLICT DO NOTHING``
  (dedupe) and ``SELECT … FOR UPDATE SKIP LOCKED`` (outbox leases, :attr:`skip_locked`).
* Migrations run under ``pg_advisory_lock``: processes starting together apply each once.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

from storage.engine import Engine, Params, Row
from storage.errors import BadDatabaseUrl, DatabaseUnreachable, StorageError
from storage.migrations import POSTGRES_MIGRATIONS

log = logging.getLogger(__name__)

#: pg_advisory_lock key of calbot's migrations (any constant; the same in every process).
MIGRATION_LOCK = 0x0CA1_B07
CONNECT_TIMEOUT_S = 10
POOL_SIZE = 16

DictConnection = psycopg.Connection[Row]


def _placeholders(sql: str) -> str:
    if "%" in sql:
        raise StorageError("SQL for PostgreSQL must not contain '%'; pass values as parameters.")
    return sql.replace("?", "%s")


class PostgresEngine(Engine):
    dialect = "postgresql"
    label = "PostgreSQL"
    skip_locked = " FOR UPDATE SKIP LOCKED"

    def __init__(self, url: str, *, pool_size: int = POOL_SIZE,
                 migrations: list[tuple[str, list[str]]] | None = None):
        try:
            parts = conninfo_to_dict(url)
        except psycopg.ProgrammingError:
            raise BadDatabaseUrl(
                "CALBOT_DATABASE is not a valid PostgreSQL URL: write it as "
                "postgresql://user:password@host:5432/database.") from None
        self.location = (f"{parts.get('user') or ''}{'@' if parts.get('user') else ''}"
                       f"{parts.get('host') or 'localhost'}:{parts.get('port') or 5432}"
                       f"/{parts.get('dbname') or ''}")
        self.conninfo = url
        self._migrations = POSTGRES_MIGRATIONS if migrations is None else migrations
        self._local = threading.local()
        self._check_reachable(url)
        self._pool: ConnectionPool[DictConnection] = ConnectionPool(
            url, min_size=1, max_size=pool_size, open=False, timeout=CONNECT_TIMEOUT_S,
            name="calbot", connection_class=DictConnection,
            kwargs={"autocommit": True, "row_factory": dict_row})
        self._pool.open(wait=True, timeout=CONNECT_TIMEOUT_S)

    def _check_reachable(self, url: str) -> None:
        """One plain connection first, so a wrong host or password is one clear sentence
        instead of the pool retrying in the background."""
        try:
            psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S).close()
        except psycopg.OperationalError as error:
            detail = str(error).strip().splitlines()[-1] if str(error).strip() else "refused"
            raise DatabaseUnreachable(
                f"The PostgreSQL database {self.location} can't be reached ({detail}): check "
                "CALBOT_DATABASE (host, port, user, password, database) and that the server "
                "is running and accepts connections from here.") from None

    @contextlib.contextmanager
    def opening(self) -> Iterator[None]:
        try:
            yield
        except psycopg.errors.InsufficientPrivilege as error:
            raise DatabaseUnreachable(
                f"The PostgreSQL user of {self.location} may not create calbot's tables "
                f"({error.diag.message_primary}): grant it CREATE on the database (or run the "
                "first start as its owner).") from None
        except psycopg.OperationalError as error:
            raise DatabaseUnreachable(
                f"The PostgreSQL database {self.location} failed while calbot started "
                f"({error.diag.message_primary or type(error).__name__}): check that the "
                "server is up and CALBOT_DATABASE is right.") from None

    # ---- connections and transactions ----------------------------------------------------

    @contextlib.contextmanager
    def _connection(self) -> Iterator[DictConnection]:
        held: DictConnection | None = getattr(self._local, "conn", None)
        if held is not None:
            yield held
            return
        if self._pool.closed:
            raise StorageError("This store is closed; open a new Store.")
        try:
            with self._pool.connection() as conn:
                yield conn
        except PoolTimeout:
            raise DatabaseUnreachable(
                f"No connection to the PostgreSQL database {self.location} came free within "
                f"{CONNECT_TIMEOUT_S} s: check that the server is up and not at its "
                "connection limit.") from None

    @contextlib.contextmanager
    def _tx(self) -> Iterator[None]:
        if getattr(self._local, "conn", None) is not None:
            yield
            return
        with self._connection() as conn, conn.transaction():
            self._local.conn = conn
            try:
                yield
            finally:
                self._local.conn = None

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        return self._tx()

    def rows(self, sql: str, params: Params = ()) -> list[Row]:
        with self._connection() as conn:
            cursor = conn.execute(_placeholders(sql), params)
            return cursor.fetchall() if cursor.description is not None else []

    def execute(self, sql: str, params: Params = ()) -> int:
        with self._tx(), self._connection() as conn:
            return conn.execute(_placeholders(sql), params).rowcount

    def close(self) -> None:
        self._pool.close()

    # ---- migrations ----------------------------------------------------------------------

    def migrate(self, now: Callable[[], float]) -> list[str]:
        applied_now: list[str] = []
        with self._pool.connection() as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
            try:
                conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY "
                             "KEY, applied_at DOUBLE PRECISION NOT NULL, "
                             "rowid BIGINT GENERATED BY DEFAULT AS IDENTITY)")
                done = {r["name"] for r in conn.execute("SELECT name FROM schema_migrations")}
                for name, statements in self._migrations:
                    if name in done:
                        continue
                    log.info("storage: applying migration %s", name)
                    with conn.transaction():
                        for statement in statements:
                            conn.execute(_placeholders(statement))
                        conn.execute("INSERT INTO schema_migrations (name, applied_at) "
                                     "VALUES (%s, %s)", (name, now()))
                    applied_now.append(name)
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))
        return applied_now

    def migration_names(self) -> list[str]:
        return [name for name, _ in self._migrations]

    def applied_migrations(self) -> list[str]:
        return [r["name"] for r in self.rows("SELECT name FROM schema_migrations ORDER BY rowid")]

    def is_fresh(self) -> bool:
        return self.one("SELECT to_regclass('schema_migrations') IS NULL AS fresh") == {
            "fresh": True}
