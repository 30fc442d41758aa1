"""The tests' clock: a fixed date that still ticks, so no test depends on today's date.

`TestClock()` starts at :data:`START` (a Monday morning by default) and runs at real speed from
there, so pacing, back-off and lease expiry behave as in production while every date is the same on
every run.  `advance()` jumps ahead; `freeze()` stops it ticking.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime, timedelta

# Mon 23 Nov 2026, 09:00 in Rome. CALBOT_TEST_START moves it (any ISO instant) to show that no
# test depends on the date: e.g. CALBOT_TEST_START=2027-07-04T21:30:00Z pytest
START = datetime.fromisoformat(os.environ.get("CALBOT_TEST_START") or "2026-11-23T08:00:00+00:00"
                               ).astimezone(UTC)


class TestClock:
    """A callable returning an aware UTC ``datetime``: pass it wherever calbot takes ``now``."""

    __test__ = False  # not a pytest test class

    def __init__(self, start: datetime = START, *, ticking: bool = True) -> None:
        self._lock = threading.Lock()
        self._base = start.astimezone(UTC)
        self._since = time.monotonic()
        self._ticking = ticking

    def __call__(self) -> datetime:
        with self._lock:
            if not self._ticking:
                return self._base
            return self._base + timedelta(seconds=time.monotonic() - self._since)

    def now(self) -> datetime:
        return self()

    def timestamp(self) -> float:
        return self().timestamp()

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            self._base += delta
        return self()

    def set(self, instant: datetime) -> None:
        with self._lock:
            self._base = instant.astimezone(UTC)
            self._since = time.monotonic()

    def freeze(self) -> datetime:
        with self._lock:
            if self._ticking:
                self._base += timedelta(seconds=time.monotonic() - self._since)
                self._ticking = False
            return self._base
