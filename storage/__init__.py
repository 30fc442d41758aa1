"""SQLite persistence: named migrations, encrypted Cal.com keys, all persistent state."""

from storage.errors import BadSecretKey, SecretKeyMismatch, StorageError
from storage.store import BookingMessage, Connection, OutboxMessage, Store, Subscription

__all__ = [
    "BadSecretKey",
    "BookingMessage",
    "Connection",
    "OutboxMessage",
    "SecretKeyMismatch",
    "StorageError",
    "Store",
    "Subscription",
]
