"""What a real Cal.com API v2 server answered (tests/data/calcom/recorded/), replayed.

`replay(*names)` is an httpx transport that answers each request with the next recorded
exchange, after checking the request is the one that was recorded (method and path).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from tests.data import data_path

WEBHOOK_SECRET = "s3cr3t-for-eval"  # recorded/README.md: every delivery was signed with it


@dataclass(frozen=True)
class Exchange:
    name: str
    method: str
    path: str
    status: int
    headers: dict[str, str]
    body: Any


def exchange(name: str) -> Exchange:
    found = sorted(data_path("calcom", "recorded", "exchanges").glob(f"{name}*.json"))
    if len(found) != 1:
        raise LookupError(f"{len(found)} recorded exchanges match {name!r}")
    raw = json.loads(found[0].read_text())
    request, response = raw["request"], raw["response"]
    return Exchange(found[0].stem, request["method"], urlsplit(request["url"]).path,
                    response["status"], dict(response["headers"]), response["body"])


def replay(*names: str, strict: bool = True) -> httpx.MockTransport:
    """``strict=False`` checks only the method: an answer recorded for another uid stands in."""
    queue = [exchange(n) for n in names]

    def answer(request: httpx.Request) -> httpx.Response:
        if not queue:
            raise AssertionError(f"no recorded answer left for {request.method} {request.url}")
        got = queue.pop(0)
        assert request.method == got.method, got.name
        assert not strict or request.url.path == got.path, got.name
        headers = {k: v for k, v in got.headers.items()
                   if k.lower() not in ("content-length", "content-encoding",
                                        "transfer-encoding")}
        return httpx.Response(got.status, headers=headers, json=got.body)

    return httpx.MockTransport(answer)


@dataclass(frozen=True)
class Delivery:
    name: str
    trigger: str
    headers: dict[str, str]
    raw: bytes
    body: dict[str, Any]


def deliveries() -> Iterator[Delivery]:
    for path in sorted(data_path("calcom", "recorded", "webhooks").glob("*.json")):
        raw = json.loads(path.read_text())
        yield Delivery(path.stem, path.stem.split("-", 1)[1], raw["headers"],
                       raw["body_raw"].encode(), raw["body_json"])
