"""What the fake Slack records (calls, response_url posts) and how a method says no."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


class Headers(dict[str, str]):
    """Request headers; lookups ignore case."""

    def __init__(self, items: Iterable[tuple[str, str]]):
        super().__init__((k.lower(), v) for k, v in items)

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return super().get(key.lower(), default)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())


@dataclass
class Call:
    """One request to the fake: ``params`` merges query, form and JSON body (JSON-encoded
    ``blocks``/``view``/… strings are decoded). ``time`` is ``time.time()`` on arrival, for
    measuring how long the app took (benches), not a time Slack shows anyone."""

    method: str
    params: dict[str, Any]
    headers: Headers
    time: float
    http_method: str = "POST"
    token: str | None = None
    response: dict[str, Any] = field(default_factory=dict)
    status: int = 200

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))

    @property
    def error(self) -> str | None:
        return self.response.get("error")


@dataclass
class ResponseUrlPost:
    token: str
    body: Any
    headers: Headers
    time: float  # time.time() on arrival, like Call.time


@dataclass
class _Fault:
    """An injected failure: answer ``error`` (HTTP ``status``) the next ``times`` calls."""

    error: str
    status: int
    retry_after: float | None
    times: int
    extra: dict[str, Any]


class SlackError(Exception):
    """Raised inside a method to answer ``{"ok": false, "error": ...}`` (plus ``extra``)."""

    def __init__(self, error: str, status: int = 200, **extra: Any):
        super().__init__(error)
        self.error = error
        self.status = status
        self.extra = extra

    def answer(self) -> dict[str, Any]:
        return {"ok": False, "error": self.error, **self.extra}
