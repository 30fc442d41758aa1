"""One ``calbot run`` per SQLite file: SQLite has no row locks another process respects, so a
second process would post every notice again. The first process holds an exclusive
``fcntl.flock`` on a lock file beside the database; a second one refuses to start, saying why.
The lock goes when the process ends, even on ``kill -9`` (the kernel drops it)."""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

from storage import StorageError


class AlreadyRunning(StorageError):
    """Another calbot process runs on this SQLite file."""


class InstanceLock:
    """Held from :meth:`acquire` until :meth:`release` (or the process's end)."""

    def __init__(self, database: Path):
        self.path = database.with_name(database.name + ".lock")
        self.database = database
        self._fd: int | None = None

    def acquire(self) -> InstanceLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise AlreadyRunning(
                f"Another calbot is already running on the SQLite database {self.database} "
                f"(it holds {self.path}); two processes on one SQLite file would post every "
                "notice twice. Stop the other one, or use PostgreSQL (CALBOT_DATABASE="
                "postgresql://…) to run several processes.") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None
