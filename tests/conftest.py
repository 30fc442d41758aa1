"""Fixtures for tests that talk to the fake Cal.com (in-process).

``calcom_fake`` fails the test at teardown if any request broke Cal.com's published API spec
(missing/wrong cal-api-version, unknown query parameter, invalid body …).
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from calcom import CalcomClient, new_http_client
from tests.fakes.calcom import ALICE_KEY, FakeCalcom


class SleepRecorder:
    """Injected instead of time.sleep: records the waits, never sleeps."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def calcom_fake() -> Iterator[FakeCalcom]:
    fake = FakeCalcom()
    yield fake
    fake.wait_deliveries()
    fake.assert_no_violations()


@pytest.fixture
def calcom_http(calcom_fake: FakeCalcom) -> Iterator[httpx.Client]:
    """The pooled httpx client wired to the fake in-process."""
    http = new_http_client(transport=calcom_fake.transport())
    yield http
    http.close()


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def alice(calcom_http: httpx.Client, sleeps: SleepRecorder) -> CalcomClient:
    """A CalcomClient for the seeded user alice (in-process, no real sleeping)."""
    return CalcomClient(calcom_http, ALICE_KEY, base_url="https://api.cal.com", sleep=sleeps)
