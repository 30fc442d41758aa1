"""Waiting for background work to finish when there is no single thing to wait for.

For one condition use ``tests.e2e.harness.wait_until``; :func:`settle` is for "until nothing
more happens": the outbox, response_url replies and Web API calls after an operation.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable


def settle(progress: Callable[[], Hashable], quiet: float = 0.4, timeout: float = 10) -> bool:
    """Return once ``progress()`` (e.g. the lengths of the fakes' request logs) has stayed the
    same for ``quiet`` seconds; False if it was still changing after ``timeout``."""
    deadline = time.monotonic() + timeout
    last = progress()
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = progress()
        if now == last:
            return True
        last = now
    return False
