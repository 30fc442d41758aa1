"""``CALBOT_DATABASE`` → an engine: a ``postgresql://`` URL, or else a SQLite file path."""

from __future__ import annotations

import os
from pathlib import Path

from storage.engine import Engine
from storage.migrations import Migration

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres(database: str | os.PathLike[str]) -> bool:
    return str(database).startswith(POSTGRES_SCHEMES)


def engine_for(database: str | os.PathLike[str], *,
               migrations: list[Migration] | None = None) -> Engine:
    """The engine for a setting. ``migrations`` replaces SQLite's list (tests only)."""
    if is_postgres(database):
        from storage.postgres_engine import PostgresEngine  # psycopg only when it is used

        return PostgresEngine(str(database))
    from storage.sqlite_engine import SqliteEngine

    return SqliteEngine(Path(database), migrations=migrations)
