"""``calbot backup FILE``: a consistent copy of a SQLite database while calbot runs (SQLite's
online backup API copies pages under its own locks; writers go on). PostgreSQL has its own
tool for that: ``pg_dump``."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from storage.urls import is_postgres


class BackupRefused(Exception):
    """What to do instead, in one sentence."""


def backup(database: str, target: Path) -> int:
    """Copy ``database`` to ``target`` (created owner-only); returns the pages copied."""
    if is_postgres(database):
        raise BackupRefused(
            "CALBOT_DATABASE is PostgreSQL: back it up with pg_dump, e.g. pg_dump --format="
            "custom --file calbot.dump \"$CALBOT_DATABASE\" (restore with pg_restore); keep "
            "CALBOT_SECRET_KEY with it, the stored keys can't be read without it.")
    source_path = Path(database).resolve()
    if not source_path.exists():
        raise BackupRefused(f"There is no database at {source_path}: check CALBOT_DATABASE.")
    target = target.resolve()
    if target == source_path:
        raise BackupRefused("The backup must go to another file than the database itself.")
    if target.exists():
        raise BackupRefused(f"{target} exists already: give a new file name.")
    copied = 0

    def progress(status: int, remaining: int, total: int) -> None:
        nonlocal copied
        copied = total - remaining

    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
    try:
        with contextlib.closing(sqlite3.connect(target)) as copy:
            source.backup(copy, pages=256, progress=progress)
    finally:
        source.close()
    return copied
