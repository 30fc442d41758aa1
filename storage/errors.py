"""Typed storage errors. Each message is one sentence that says what to do."""

from __future__ import annotations


class StorageError(Exception):
    """Base class of every error raised by :mod:`storage`."""


class SecretKeyMismatch(StorageError):
    """The secret key given (or found beside the database) cannot decrypt this database."""


class BadSecretKey(StorageError):
    """The secret key given is not a Fernet key at all (malformed)."""
