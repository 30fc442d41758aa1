"""Typed storage errors. Each message is one sentence that says what went wrong and the fix."""

from __future__ import annotations


class StorageError(Exception):
    """Base class of every error raised by :mod:`storage`."""


class SecretKeyMismatch(StorageError):
    """The secret key given (or found beside the database) cannot decrypt this database."""


class BadSecretKey(StorageError):
    """The secret key given is not a Fernet key at all (malformed)."""


class MissingSecretKey(StorageError):
    """No secret key was given where one cannot be generated (a shared PostgreSQL database)."""


class DatabaseReadOnly(StorageError):
    """The database (or its folder) cannot be written by this process."""


class DatabaseCorrupt(StorageError):
    """The database file is not a SQLite database, or its integrity check failed."""


class DatabaseMissing(StorageError):
    """The database is empty or gone while its key file is still there: starting would silently
    disconnect every user."""


class DatabaseBusy(StorageError):
    """Another connection held the database longer than the busy timeout (SQLite locked)."""


class DatabaseUnreachable(StorageError):
    """The database server cannot be reached or refused the login."""


class BadDatabaseUrl(StorageError):
    """``CALBOT_DATABASE`` is neither a file path nor a ``postgresql://`` URL we can use."""
