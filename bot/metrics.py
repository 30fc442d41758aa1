"""``GET /metrics``: Prometheus text from one per-app ``CollectorRegistry`` (never the global
one: two apps in one process, as in the tests, keep their own series).

Series:
* ``calbot_slack_requests_total{kind}``, ``calbot_slack_ack_seconds{kind}``: Slack requests
  (command, interaction, event, options, other) and how long their ack took.
* ``calbot_calcom_requests_total{operation,status}``: Cal.com API calls (``GET /v2/bookings``,
  ids replaced by ``{id}``) by HTTP status.
* ``calbot_notices{status}``, ``calbot_notices_oldest_queued_seconds``: the outbox, read from the
  database at scrape time (every process sees the same shared queue).
* ``calbot_poller_lag_seconds``: how late this process's poll rounds run behind their interval.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime

import httpx
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from storage import Store

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)
_ID = re.compile(r"/(?=[^/]*\d)[^/]+")  # a path segment with a digit: an id or uid
KINDS = {"command": "command", "payload": "interaction", "event": "event"}


def operation(request: httpx.Request) -> str:
    """``GET /v2/bookings/{id}/cancel``-style: the method and the path with ids folded."""
    return f"{request.method} {_ID.sub('/{id}', request.url.path) or '/'}"


def slack_kind(body: bytes, content_type: str) -> str:
    """Which kind of Slack request a body is, without parsing it."""
    if content_type.startswith("application/json"):
        return "event"
    head = body[:16]
    if head.startswith(b"payload="):
        return "interaction"
    if b"command=" in body[:4096] and b"trigger_id=" in body:
        return "command"
    return "other"


class _Queue(Collector):
    def __init__(self, store: Store, now: Callable[[], datetime],
                 last_round: Callable[[], datetime | None], interval: float, started: datetime):
        self.store = store
        self.now = now
        self.last_round = last_round
        self.interval = interval
        self.started = started

    def collect(self) -> Iterator[GaugeMetricFamily]:
        counts, oldest = self.store.outbox_stats()
        now = self.now()
        notices = GaugeMetricFamily("calbot_notices", "Outbox messages by status "
                                    "(queued, sent, failed)", labels=["status"])
        for status in ("queued", "sent", "failed"):
            notices.add_metric([status], counts.get(status, 0))
        yield notices
        yield GaugeMetricFamily("calbot_notices_oldest_queued_seconds",
                                "Age of the oldest queued outbox message",
                                value=0.0 if oldest is None else max(0.0, now.timestamp() - oldest))
        last = self.last_round() or self.started
        lag = max(0.0, (now - last).total_seconds() - self.interval)
        yield GaugeMetricFamily("calbot_poller_lag_seconds",
                                "How far this process's poll rounds run behind their interval",
                                value=lag)


class Metrics:
    """The app's series. ``observe_calcom`` is an httpx response hook; ``slack_request``
    records one Slack request; ``render`` is the /metrics body."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.slack_requests = Counter("calbot_slack_requests", "Slack requests by kind",
                                      ["kind"], registry=self.registry)
        self.ack_seconds = Histogram("calbot_slack_ack_seconds", "Time to ack a Slack request",
                                     ["kind"], buckets=ACK_BUCKETS, registry=self.registry)
        self.calcom_requests = Counter("calbot_calcom_requests",
                                       "Cal.com API calls by operation and status",
                                       ["operation", "status"], registry=self.registry)

    def watch_queue(self, store: Store, now: Callable[[], datetime],
                    last_round: Callable[[], datetime | None], interval: float) -> None:
        """Read the outbox and the poller at scrape time."""
        self.registry.register(_Queue(store, now, last_round, interval, now()))

    def slack_request(self, kind: str, seconds: float) -> None:
        self.slack_requests.labels(kind).inc()
        self.ack_seconds.labels(kind).observe(seconds)

    def observe_calcom(self, response: httpx.Response) -> None:
        self.calcom_requests.labels(operation(response.request), str(response.status_code)).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
