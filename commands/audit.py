"""The audit trail: every action taken through calbot — booked, cancelled, rescheduled,
confirmed, declined, connected, disconnected — with when, who (Slack user), which booking and
the outcome (``ok`` or the error's name). Never a secret: no key, no note, no reason text.

`Calbot` gets an :class:`AuditTrail` in its constructor; its action methods carry
``@audited(...)``, which records the outcome whether the action succeeded or raised."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from storage import Store

T = TypeVar("T")


class AuditTrail(Protocol):
    def record(self, team_id: str, user_id: str, action: str, booking_uid: str | None,
               outcome: str, detail: str | None = None) -> None: ...


class StoredAudit:
    """The audit trail in calbot's database (``calbot audit`` reads it)."""

    def __init__(self, store: Store):
        self.store = store

    def record(self, team_id: str, user_id: str, action: str, booking_uid: str | None,
               outcome: str, detail: str | None = None) -> None:
        self.store.add_audit(team_id, user_id, action, booking_uid, outcome, detail)


class NoAudit:
    """Records nothing (unit tests that don't look at the trail)."""

    def record(self, team_id: str, user_id: str, action: str, booking_uid: str | None,
               outcome: str, detail: str | None = None) -> None:
        return None


def _uid(result: Any) -> str | None:
    """Which booking an action made (book: the first of a series; reschedule: the new one)."""
    if isinstance(result, list):
        result = result[0] if result else None
    if isinstance(result, tuple):
        result = result[-1] if result else None
    uid = getattr(result, "uid", None)
    return uid if isinstance(uid, str) else None


def audited(action: str, *, uid_arg: bool = False) -> Callable[[Callable[..., T]],
                                                               Callable[..., T]]:
    """Record ``action`` for a ``Calbot`` method called as ``(team_id, user_id, [uid], …)``.
    ``uid_arg``: the booking is the third argument (else: the uid of what it returns)."""

    def wrap(method: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(method)
        def run(self: Any, team_id: str, user_id: str, *args: Any, **kwargs: Any) -> T:
            trail: AuditTrail = self.audit
            given = args[0] if args else kwargs.get("uid")
            uid = str(given) if uid_arg and given is not None else None
            try:
                result = method(self, team_id, user_id, *args, **kwargs)
            except Exception as error:
                trail.record(team_id, user_id, action, uid, type(error).__name__)
                raise
            made = _uid(result)
            detail = f"new booking {made}" if uid and made and made != uid else None
            outcome = "ok" if result is not False else "nothing to do"
            trail.record(team_id, user_id, action, uid or made, outcome, detail)
            return result

        return run

    return wrap
