"""Persistence on SQLite (default) or PostgreSQL: named migrations, encrypted Cal.com keys,
all persistent state."""

from storage.errors import (
    BadDatabaseUrl,
    BadSecretKey,
    DatabaseBusy,
    DatabaseCorrupt,
    DatabaseMissing,
    DatabaseReadOnly,
    DatabaseUnreachable,
    MissingSecretKey,
    SecretKeyMismatch,
    StorageError,
)
from storage.records import BookingMessage, Connection, OutboxMessage, Subscription
from storage.store import Store, open_store

__all__ = [
    "BadDatabaseUrl",
    "BadSecretKey",
    "BookingMessage",
    "Connection",
    "DatabaseBusy",
    "DatabaseCorrupt",
    "DatabaseMissing",
    "DatabaseReadOnly",
    "DatabaseUnreachable",
    "MissingSecretKey",
    "OutboxMessage",
    "SecretKeyMismatch",
    "StorageError",
    "Store",
    "Subscription",
    "open_store",
]
