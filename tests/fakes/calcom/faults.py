"""Misbehaviour on request: latency, 429s, 5xx and HTML errors, dropped connections, timeouts.

``after=True`` handles the request first (state changes, webhooks) and then fails: the
"Cal.com made the booking but the answer was lost" case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from tests.fakes.calcom.shapes import Outcome, error_outcome, iso_ms, json_outcome, server_error

KINDS = ("latency", "rate_limit", "error", "html", "drop", "timeout")
_DEFAULT_SECONDS = {"latency": 0.05, "rate_limit": 2.0, "timeout": 1.0}


@dataclass
class Fault:
    kind: str  # one of KINDS
    times: int | None = 1  # None: forever
    path: re.Pattern[str] | None = None
    method: str | None = None
    status: int = 500
    seconds: float = 0.0
    after: bool = False  # handle the request (change state) first, then fail
    message: str | None = None

    def matches(self, method: str, path: str) -> bool:
        if self.times is not None and self.times <= 0:
            return False
        if self.method and self.method.upper() != method:
            return False
        return not (self.path and not self.path.search(path))


def make_fault(kind: str, *, times: int | None, path: str | None, method: str | None,
               status: int | None, seconds: float | None, after: bool,
               message: str | None) -> Fault:
    if kind not in KINDS:
        raise ValueError(kind)
    return Fault(
        kind=kind, times=times, path=re.compile(path) if path else None, method=method,
        status=status or (502 if kind == "html" else 500),
        seconds=seconds if seconds is not None else _DEFAULT_SECONDS.get(kind, 0.0),
        after=after, message=message,
    )


def take(faults: list[Fault], method: str, path: str) -> tuple[float, Fault | None]:
    """For one request: the latency of every matching ``latency`` fault, and the first other
    matching fault. Each one taken counts down its ``times``."""
    latency = 0.0
    fault: Fault | None = None
    for candidate in faults:
        if not candidate.matches(method, path):
            continue
        if candidate.kind == "latency":
            latency += candidate.seconds
        elif fault is not None:
            continue
        else:
            fault = candidate
        if candidate.times is not None:
            candidate.times -= 1
    return latency, fault


def fault_outcome(fault: Fault, path: str, now: datetime) -> Outcome:
    if fault.kind == "rate_limit":
        reset = fault.seconds
        reset_text = str(int(reset)) if float(reset).is_integer() else str(reset)
        message = fault.message or ("CustomThrottlerGuard - Too many requests. Please try "
                                    "again later.")
        return json_outcome(429, {  # as recorded: no Retry-After, details is a string
            "status": "error", "timestamp": iso_ms(now), "path": path,
            "error": {"code": "ThrottlerException", "message": message, "details": message},
        }, headers={"X-RateLimit-Limit-Default": "120",
                                      "X-RateLimit-Remaining-Default": "0",
                                      "X-RateLimit-Reset-Default": reset_text})
    if fault.kind == "error":
        if fault.status == 500:
            return server_error(fault.message or "Internal server error")
        return error_outcome(now, path, fault.status, fault.message or "Injected failure")
    if fault.kind == "html":
        return Outcome(status=fault.status, headers={"Content-Type": "text/html"},
                       body=b"<html><body><h1>502 Bad Gateway</h1></body></html>")
    return Outcome(status=0, action=fault.kind, seconds=fault.seconds)
