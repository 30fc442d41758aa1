"""Webhook delivery, as Cal.com does it: the payload of a trigger, signed with the webhook's
secret (``X-Cal-Signature-256``), POSTed to every active webhook of the booking's owner that
listens for the trigger.

Changes queue their deliveries while the fake's lock is held; :meth:`WebhookOutbox.flush` posts
them after it is released (in a background thread with ``background=True``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass

import httpx

from tests.fakes.calcom.shapes import webhook_payload
from tests.fakes.calcom.state import CalcomState, FakeBooking

WEBHOOK_SIGNATURE_HEADER = "X-Cal-Signature-256"


def sign(body: bytes, secret: str) -> str:
    """Cal.com's ``X-Cal-Signature-256``: hex HMAC-SHA256 of the raw body, no prefix."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass
class Delivery:
    webhook_id: int
    url: str
    trigger: str
    uid: str
    body: bytes
    headers: dict[str, str]
    status: int | None = None
    error: str | None = None


class WebhookOutbox:
    def __init__(self, state: CalcomState, lock: threading.RLock) -> None:
        self.state = state
        self.lock = lock
        self.deliveries: list[Delivery] = []  # every POST made, in order
        self._queued: list[tuple[str, FakeBooking, bytes]] = []
        self._threads: list[threading.Thread] = []

    def raw(self, trigger: str, booking: FakeBooking) -> bytes:
        payload = webhook_payload(self.state, trigger, booking)
        return json.dumps(payload, separators=(",", ":")).encode()

    @staticmethod
    def headers(raw: bytes, secret: str | None) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "User-Agent": "Cal.com Webhooks"}
        if secret:
            headers[WEBHOOK_SIGNATURE_HEADER] = sign(raw, secret)
        return headers

    def jobs(self, trigger: str, booking: FakeBooking, raw: bytes) -> list[Delivery]:
        return [
            Delivery(webhook_id=h.id, url=h.subscriber_url, trigger=trigger, uid=booking.uid,
                     body=raw, headers=self.headers(raw, h.secret))
            for h in self.state.webhooks.values()
            if h.owner_key == booking.owner_key and h.active and trigger in h.triggers
        ]

    def queue(self, trigger: str, booking: FakeBooking) -> None:
        """The payload as it is now; sent at the next flush. Caller holds the lock."""
        self._queued.append((trigger, booking, self.raw(trigger, booking)))

    def flush(self, *, background: bool, transport: httpx.BaseTransport | None,
              timeout: float) -> None:
        with self.lock:
            jobs = [job for queued in self._queued for job in self.jobs(*queued)]
            self._queued.clear()
        if not jobs:
            return
        if background:
            thread = threading.Thread(
                target=lambda: [self.post(j, transport, timeout) for j in jobs], daemon=True)
            with self.lock:
                self._threads.append(thread)
            thread.start()
        else:
            for job in jobs:
                self.post(job, transport, timeout)

    def post(self, job: Delivery, transport: httpx.BaseTransport | None,
             timeout: float) -> Delivery:
        try:
            with httpx.Client(transport=transport, timeout=timeout) as client:
                job.status = client.post(job.url, content=job.body,
                                         headers=job.headers).status_code
        except httpx.HTTPError as exc:
            job.error = f"{type(exc).__name__}: {exc}"
        with self.lock:
            self.deliveries.append(job)
        return job

    def wait(self, timeout: float) -> None:
        """Wait for deliveries running in background threads."""
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                threads = list(self._threads)
                self._threads.clear()
            if not threads:
                return
            for t in threads:
                t.join(max(0.0, deadline - time.monotonic()))
