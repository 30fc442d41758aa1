"""Slack's clock: answer inside its 3-second window, finish the slow part after.

A modal submission can only show inline errors in its acknowledgement. `race` runs the work on
the listener pool and waits a bounded time: if the work is done, the caller acks with its result
(inline errors included); if not, the caller acks with a progress view and collects the result
later with `Pending.result()`.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
ACK_BUDGET_S = 1.8  # leaves room for the ack's own round trip inside Slack's 3 s
LATE_LIMIT_S = 60.0


@dataclass
class Pending(Generic[T]):
    future: Future[T]

    def result(self) -> T:
        return self.future.result(timeout=LATE_LIMIT_S)


def race(executor: Executor, work: Callable[[], T],
         budget_s: float = ACK_BUDGET_S) -> tuple[bool, T | None, Pending[T]]:
    """(done, value, pending). `done` false means: ack now with a progress view.

    When `done` is true and the work raised, the exception is raised here.
    """
    future = executor.submit(work)
    pending = Pending(future)
    try:
        return True, future.result(timeout=budget_s), pending
    except FutureTimeout:
        return False, None, pending
