"""Issue 10, point 3b: a database that fails after Cal.com booked does not make a second booking.

The booking exists, so the user is told it's booked (never "try again"), and calbot's record of
it is written again in the background once the database is free. The database is a real SQLite
file, locked by another connection with ``BEGIN EXCLUSIVE`` while Cal.com books.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cryptography.fernet import Fernet

from blockkit import bookings as bk
from calcom import new_http_client
from commands.errors import AlreadySubmitted
from commands.once import OncePerForm, form_key
from commands.repairs import Repairs
from commands.service import Calbot
from storage import DatabaseBusy, Store
from storage.sqlite_engine import SqliteEngine
from tests.e2e.test_slack_flows import later
from tests.fakes.calcom import ALICE_KEY, FakeCalcom

TEAM, USER = "T0LOCKED1", "U0LOCKED1"


class LocksWhileBooking(httpx.BaseTransport):
    """The fake Cal.com, with the database locked by another connection the moment Cal.com
    answers a booking (after calbot claimed the form, before it records the booking)."""

    def __init__(self, inner: httpx.BaseTransport, path: Path):
        self.inner = inner
        self.other = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self.locked = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.method == "POST" and request.url.path == "/v2/bookings":
            self.other.execute("BEGIN EXCLUSIVE")
            self.locked = True
        return response

    def unlock(self) -> None:
        self.other.execute("ROLLBACK")
        self.locked = False


class Gate:
    """The repairs' sleep: each wait returns once the test opens the gate."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        assert self.open.wait(10), "the test never unlocked the database"


@pytest.fixture
def world(tmp_path: Path, calcom_fake: FakeCalcom) -> Iterator[tuple[Calbot, OncePerForm,
                                                                     LocksWhileBooking, Gate]]:
    path = tmp_path / "calbot.db"
    store = Store(SqliteEngine(path, busy_timeout_ms=100), Fernet.generate_key().decode(),
                  now=calcom_fake.now)
    transport = LocksWhileBooking(calcom_fake.transport(), path)
    http = new_http_client(transport=transport)
    gate = Gate()
    calbot = Calbot(store, http, now=calcom_fake.now, repairs=Repairs(sleep=gate))
    store.save_connection(TEAM, USER, ALICE_KEY, None)
    yield calbot, OncePerForm(calbot), transport, gate
    gate.open.set()
    if transport.locked:
        transport.unlock()
    calbot.repairs.wait_done(10)
    http.close()
    store.close()


def test_a_booking_made_while_the_database_is_locked_is_booked_once_and_recorded_later(
        world, calcom_fake: FakeCalcom):
    calbot, once, transport, gate = world
    form = form_key(TEAM, "V0LOCKED1")
    event_type = calcom_fake.event_type_id(ALICE_KEY, "30min")
    booking = dict(event_type_id=event_type, start=later(3, 11), attendee_name="Jane",
                   attendee_email="jane@example.com", attendee_tz="UTC")

    made = once.book(form, TEAM, USER, **booking)  # no StorageError reaches the user

    assert transport.locked and calcom_fake.count("createBooking") == 1
    assert "Booked" in bk.booked(made)["blocks"][0]["text"]["text"]  # what the user is shown
    with pytest.raises(DatabaseBusy):  # the database really was locked…
        calbot.store.remember_booking(TEAM, USER, {"uid": "probe"})
    assert calbot.repairs.pending() == 1  # …so the record waits for it

    with pytest.raises(DatabaseBusy):  # a retry while locked: refused before Cal.com
        once.book(form, TEAM, USER, **booking)
    assert calcom_fake.count("createBooking") == 1

    transport.unlock()
    gate.open.set()
    assert calbot.repairs.wait_done(10)
    assert calbot.store.booking(TEAM, made[0].uid) is not None  # repaired
    with pytest.raises(AlreadySubmitted):  # and a retry afterwards books nothing more
        once.book(form, TEAM, USER, **booking)
    assert calcom_fake.count("createBooking") == 1


def test_a_write_that_never_lands_is_given_up_in_the_log(world, caplog):
    calbot, _, transport, gate = world
    transport.other.execute("BEGIN EXCLUSIVE")
    transport.locked = True
    gate.open.set()
    fast = Repairs(sleep=lambda s: None, delays=(0, 0))
    fast.later("created bk_x", lambda: calbot.store.remember_booking(TEAM, USER, {"uid": "x"}))
    assert fast.wait_done(10)
    assert "gave up recording created bk_x" in caplog.text
    assert calbot.store.booking(TEAM, "x") is None
