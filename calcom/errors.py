"""Typed errors raised by :class:`calcom.CalcomClient`.

Every failure talking to Cal.com surfaces as a :class:`CalcomError` subclass; no httpx exception
ever leaves the client. Messages never contain the API key.
"""

from __future__ import annotations

from typing import Any


class CalcomError(Exception):
    """Base of every error the Cal.com client raises.

    ``message`` is Cal.com's own message when it sent one (safe to log; never contains the key),
    ``status`` the HTTP status (None for network errors), ``code`` Cal.com's error code
    (e.g. ``BadRequestException``) and ``details`` its optional details object.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        details: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.details = details

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, message={self.message!r})"


class Unauthorized(CalcomError):
    """401: the API key is wrong, expired or revoked."""


class Forbidden(CalcomError):
    """403: the key is valid but may not do this (e.g. someone else's booking)."""


class NotFound(CalcomError):
    """404: no such booking / event type / webhook (for this key)."""


class Rejected(CalcomError):
    """Cal.com refused the request (400/409/422 …); ``message`` says why, in Cal.com's words."""


class RateLimited(CalcomError):
    """429 after the bounded wait; ``retry_after`` is the seconds Cal.com asked us to wait."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class Unavailable(CalcomError):
    """Cal.com could not be reached or answered badly: 5xx, network error, timeout, non-JSON."""


class Busy(CalcomError):
    """This Cal.com server already has as many calls from calbot as it may; nothing was sent."""


class UnsafeUrl(CalcomError):
    """A user-given API URL calbot refuses to call (plain http, or a private/local address);
    ``message`` says why. Nothing was sent to it."""


__all__ = [
    "Busy",
    "CalcomError",
    "Forbidden",
    "NotFound",
    "RateLimited",
    "Rejected",
    "Unauthorized",
    "Unavailable",
    "UnsafeUrl",
]
