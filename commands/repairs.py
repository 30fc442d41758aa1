"""Records that failed to land after Cal.com acted, written again in the background.

When Cal.com has made a booking (or moved, cancelled, decided one) and calbot's own database then
fails (SQLite locked, the server gone), the action is done: the user is told so, never "try
again" (a retry would book twice). What calbot meant to write — the booking's snapshot and the
change's announcement — is queued here and tried again on one background thread, with growing
waits, until it lands. If it never does, the webhook or the poller records the booking when it
next sees it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable

from storage import StorageError

log = logging.getLogger(__name__)

DELAYS = (1.0, 5.0, 15.0, 60.0, 300.0, 900.0)


class Repairs:
    """A queue of writes to try again. ``later`` never blocks and never raises."""

    def __init__(self, *, sleep: Callable[[float], None] = time.sleep,
                 delays: tuple[float, ...] = DELAYS):
        self._sleep = sleep
        self._delays = delays
        self._jobs: deque[tuple[str, Callable[[], None]]] = deque()
        self._busy = 0
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None

    def later(self, what: str, write: Callable[[], None]) -> None:
        """Try ``write`` again in the background until it stops raising StorageError."""
        with self._cond:
            self._jobs.append((what, write))
            self._busy += 1
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="calbot-repairs",
                                                daemon=True)
                self._thread.start()

    def pending(self) -> int:
        with self._cond:
            return self._busy

    def wait_done(self, timeout: float) -> bool:
        """True once every queued write landed or was given up (tests, shutdown)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._busy == 0, timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                if not self._jobs:
                    self._thread = None
                    return
                what, write = self._jobs.popleft()
            try:
                self._repair(what, write)
            except Exception:  # a bug in the write: logged with its traceback, next job
                log.exception("recording %s failed with a bug", what)
            finally:
                with self._cond:
                    self._busy -= 1
                    self._cond.notify_all()

    def _repair(self, what: str, write: Callable[[], None]) -> None:
        for attempt, delay in enumerate(self._delays, start=1):
            self._sleep(delay)
            try:
                write()
            except StorageError as error:
                log.warning("recording %s failed again (attempt %d: %s)", what, attempt,
                            type(error).__name__)
                continue
            log.info("recorded %s after %d attempts", what, attempt)
            return
        log.error("gave up recording %s; the webhook or poller records it when it next sees it",
                  what)


__all__ = ["DELAYS", "Repairs"]
