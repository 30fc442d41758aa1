"""Cal.com's rate limit as the recorded server shows it: 120 requests a minute per key, in
60-second blocks; every answer carries ``X-RateLimit-{Limit,Remaining,Reset}-Default``
(reset: seconds left in the block); over the limit a 429 with no ``Retry-After`` and a
string ``details`` (recorded 102-108)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from tests.fakes.calcom.shapes import Outcome, iso_ms, json_outcome

THROTTLED = "CustomThrottlerGuard - Too many requests. Please try again later."


class RateLimit:
    def __init__(self, now: Callable[[], datetime], limit: int = 120, block_s: float = 60.0,
                 enforce: bool = False) -> None:
        self.now = now
        self.limit = limit
        self.block_s = block_s
        self.enforce = enforce  # off by default: tests count on their own, benches burst
        self._windows: dict[str, tuple[float, int]] = {}  # key -> (block start, used)

    def count(self, key: str) -> tuple[dict[str, str], bool]:
        """Count one request for ``key``: the headers to send, and whether it is refused."""
        at = self.now().timestamp()
        start, used = self._windows.get(key, (at, 0))
        if at - start >= self.block_s:
            start, used = at, 0
        used += 1
        self._windows[key] = (start, used)
        refused = self.enforce and used > self.limit
        reset = max(0, round(start + self.block_s - at))
        headers = {"X-RateLimit-Limit-Default": str(self.limit),
                   "X-RateLimit-Remaining-Default": str(max(0, self.limit - used)),
                   "X-RateLimit-Reset-Default": str(reset)}
        return headers, refused

    def refusal(self, path: str, headers: dict[str, str]) -> Outcome:
        return json_outcome(429, {
            "status": "error", "timestamp": iso_ms(self.now()), "path": path,
            "error": {"code": "ThrottlerException", "message": THROTTLED, "details": THROTTLED},
        }, headers)
