"""The store's contract, run against both engines: every test takes ``store`` (or ``database``)
once on SQLite and once on a throwaway PostgreSQL (tests/pg.py)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation

from bot.oauth import oauth_stores
from storage import (
    BadSecretKey,
    BookingMessage,
    Connection,
    MissingSecretKey,
    SecretKeyMismatch,
    StorageError,
    Store,
    Subscription,
    open_store,
)
from storage.migrations import MIGRATIONS, POSTGRES_MIGRATIONS
from tests.clock import TestClock
from tests.pg import PostgresServer, postgres  # noqa: F401  (the session fixture)

API_KEY = "cal_live_0123456789abcdefPLAINKEY"
HOOK_SECRET = "whsec_PLAIN_webhook_secret_42"
NAMES = [name for name, _ in MIGRATIONS]
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database(engine: str, request: pytest.FixtureRequest, tmp_path) -> str:
    """A fresh database: a SQLite file path, or a PostgreSQL URL."""
    if engine == "sqlite":
        return str(tmp_path / "calbot.db")
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.new_database()


@pytest.fixture
def key() -> str:
    return Fernet.generate_key().decode()


@pytest.fixture
def clock() -> TestClock:
    return TestClock(ticking=False)


@pytest.fixture
def store(database: str, key: str, clock: TestClock) -> Iterator[Store]:
    with open_store(database, key, now=clock) as s:
        yield s


def all_values(store: Store) -> list[object]:
    """Every value of every calbot table, read through the engine (what a dump would hold)."""
    values: list[object] = []
    for table in ("meta", "users", "connections", "bookings", "booking_messages",
                  "subscriptions", "delivered_events", "threads", "outbox", "warnings"):
        for row in store.engine.rows(f"SELECT * FROM {table}"):
            values.extend(row.values())
    return values


# ---- migrations ---------------------------------------------------------------------------


def test_both_engines_have_the_same_named_migrations():
    assert [name for name, _ in POSTGRES_MIGRATIONS] == NAMES


def test_migrations_are_applied_once_and_recorded(database: str, key: str, clock: TestClock):
    with open_store(database, key, now=clock) as s:
        assert s.applied_migrations() == NAMES
        assert s.engine.migrate(clock.timestamp) == []  # nothing pending on a second run
    with open_store(database, key, now=clock) as again:
        assert again.applied_migrations() == NAMES


def test_two_starters_at_once_apply_each_migration_once(database: str, key: str,
                                                        clock: TestClock):
    """Like two processes starting together on a new database: both open, none fails."""
    barrier = threading.Barrier(4)
    stores: list[Store] = []
    errors: list[BaseException] = []

    def start() -> None:
        barrier.wait()
        try:
            stores.append(open_store(database, key, now=clock))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        assert len(stores) == 4
        assert stores[0].applied_migrations() == NAMES  # each recorded exactly once
        stores[0].save_connection("T1", "U1", API_KEY, None)
        assert stores[3].connection("T1", "U1").api_key == API_KEY  # one key for all
    finally:
        for s in stores:
            s.close()


_START = """
import sys
from datetime import UTC, datetime
from storage import open_store
open_store(sys.argv[1], sys.argv[2], now=lambda: datetime(2026, 11, 23, tzinfo=UTC)).close()
"""


def test_two_processes_starting_together_apply_each_migration_once(database: str, key: str,
                                                                   clock: TestClock):
    starters = [subprocess.Popen([sys.executable, "-c", _START, database, key], cwd=ROOT,
                                 stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for p in starters:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
    with open_store(database, key, now=clock) as s:
        assert s.applied_migrations() == NAMES


# ---- connections and encryption -----------------------------------------------------------


def test_secrets_round_trip_and_no_plaintext_is_stored(store: Store, database: str, key: str,
                                                       clock: TestClock):
    store.save_connection("T1", "U1", API_KEY, "https://cal.example.com")
    assert store.set_webhook("T1", "U1", "77", "pub-1", HOOK_SECRET) is True
    values = " ".join(str(v) for v in all_values(store))
    assert API_KEY not in values and HOOK_SECRET not in values
    assert "PLAIN" not in values
    store.close()
    with open_store(database, key, now=clock) as again:
        conn = again.connection("T1", "U1")
    assert conn is not None
    assert (conn.api_key, conn.webhook_secret) == (API_KEY, HOOK_SECRET)
    assert (conn.api_url, conn.webhook_id, conn.webhook_public_id) == (
        "https://cal.example.com", "77", "pub-1")
    assert API_KEY not in repr(conn) and HOOK_SECRET not in repr(conn)


def test_a_wrong_key_is_refused_at_open(store: Store, database: str, clock: TestClock):
    store.save_connection("T1", "U1", API_KEY, None)
    store.close()
    with pytest.raises(SecretKeyMismatch) as refused:
        open_store(database, Fernet.generate_key().decode(), now=clock)
    assert "CALBOT_SECRET_KEY" in str(refused.value) and API_KEY not in str(refused.value)


def test_undecryptable_value_is_a_typed_error_not_garbage(store: Store):
    store.save_connection("T1", "U1", API_KEY, "https://api.cal.com")
    foreign = Fernet(Fernet.generate_key()).encrypt(b"other").decode()
    store.engine.execute("UPDATE connections SET api_key_enc = ?", (foreign,))
    with pytest.raises(SecretKeyMismatch):
        store.connection("T1", "U1")


def test_malformed_key_is_a_typed_error(database: str, clock: TestClock):
    with pytest.raises(BadSecretKey, match="Fernet"):
        open_store(database, "not-a-key", now=clock)


def test_several_keys_the_first_encrypts_any_decrypts(store: Store, database: str, key: str,
                                                      clock: TestClock):
    store.save_connection("T1", "U1", API_KEY, None)
    store.close()
    newer = Fernet.generate_key().decode()
    with open_store(database, f"{newer},{key}", now=clock) as rotated:
        assert rotated.connection("T1", "U1").api_key == API_KEY
        rotated.save_connection("T1", "U2", API_KEY + "2", None)
        row = rotated.engine.one("SELECT api_key_enc FROM connections WHERE user_id = 'U2'")
    assert Fernet(newer.encode()).decrypt(row["api_key_enc"].encode()).decode() == API_KEY + "2"


def test_connection_repr_hides_secrets(store: Store):
    store.save_connection("T1", "U1", API_KEY, "https://api.cal.com")
    store.set_webhook("T1", "U1", "77", "pub-1", HOOK_SECRET)
    conn = store.connection("T1", "U1")
    assert isinstance(conn, Connection)
    for text in (repr(conn), str(conn), f"{conn}", repr([conn])):
        assert API_KEY not in text and HOOK_SECRET not in text
        assert "U1" in text
    with pytest.raises(dataclasses.FrozenInstanceError):
        conn.api_key = "x"  # type: ignore[misc]


def test_webhook_lookup_and_poll_selection(store: Store):
    store.save_connection("T1", "U1", API_KEY, "https://api.cal.com")
    store.save_connection("T1", "U2", API_KEY + "2", "https://api.cal.com")
    assert [c.user_id for c in store.connections_to_poll()] == ["U1", "U2"]
    store.set_webhook("T1", "U1", "77", "pub-1", HOOK_SECRET)
    assert [c.user_id for c in store.connections_to_poll()] == ["U2"]
    hooked = store.connection_by_webhook("pub-1")
    assert hooked is not None and hooked.user_id == "U1"
    assert store.connection_by_webhook("nope") is None
    store.clear_webhook("T1", "U1")
    assert store.connection_by_webhook("pub-1") is None
    assert {c.user_id for c in store.connections_to_poll()} == {"U1", "U2"}
    assert store.set_webhook("T1", "NOBODY", "1", "pub-x", "s") is False


def test_webhook_lookup_poll_selection_and_counting(store: Store, clock: TestClock):
    assert store.count_connected() == 0
    store.save_connection("T1", "U1", API_KEY, None)
    clock.advance(timedelta(seconds=1))
    store.save_connection("T1", "U2", API_KEY + "2", None)
    store.save_connection("T2", "U1", API_KEY + "3", None)
    store.set_webhook("T1", "U1", "hook-1", "pub-1", HOOK_SECRET)
    assert store.count_connected() == 3
    assert store.connection_by_webhook("pub-1").user_id == "U1"
    assert store.connection_by_webhook("nope") is None
    assert [(c.team_id, c.user_id) for c in store.connections_to_poll()] == [
        ("T1", "U2"), ("T2", "U1")]
    assert [c.user_id for c in store.connections("T1")] == ["U1", "U2"]
    assert len(store.connections()) == 3
    store.clear_webhook("T1", "U1")
    assert store.connection("T1", "U1").webhook_secret is None
    assert store.set_webhook("T9", "U9", "h", "p", "s") is False  # not connected


def test_poll_state_and_reconnect(store: Store, clock: TestClock):
    assert store.poll_state("T1", "U1") == {}
    store.save_connection("T1", "U1", API_KEY, "https://api.cal.com")
    store.set_poll_state("T1", "U1", {"after": "2025-01-01T00:00:00Z", "seen": ["a"]})
    store.set_webhook("T1", "U1", "77", "pub-1", HOOK_SECRET)
    clock.advance(timedelta(seconds=5))
    store.save_connection("T1", "U1", API_KEY, "https://api.cal.com")  # same key: no change
    conn = store.connection("T1", "U1")
    assert conn is not None and conn.webhook_id == "77"
    assert conn.connected_at == clock.timestamp() - 5
    assert store.poll_state("T1", "U1")["seen"] == ["a"]
    store.save_connection("T1", "U1", "cal_live_other", "https://api.cal.com")  # new account
    conn = store.connection("T1", "U1")
    assert conn is not None and conn.api_key == "cal_live_other"
    assert conn.webhook_id is None and conn.webhook_secret is None
    assert store.poll_state("T1", "U1") == {} and conn.connected_at == clock.timestamp()


def test_reconnecting_with_another_key_drops_webhook_and_poll_state(store: Store,
                                                                    clock: TestClock):
    store.save_connection("T1", "U1", API_KEY, None)
    store.set_webhook("T1", "U1", "hook-1", "pub-1", HOOK_SECRET)
    store.set_poll_state("T1", "U1", {"seen": {"b1": "2026-01-01"}})
    store.save_connection("T1", "U1", API_KEY, None, calcom_user_id=7, calcom_email="h@x.io")
    same = store.connection("T1", "U1")
    assert (same.webhook_id, same.calcom_user_id, same.calcom_email) == ("hook-1", 7, "h@x.io")
    assert store.poll_state("T1", "U1") == {"seen": {"b1": "2026-01-01"}}
    clock.advance(timedelta(minutes=1))
    store.save_connection("T1", "U1", API_KEY + "new", "https://self.hosted")
    new = store.connection("T1", "U1")
    assert (new.api_key, new.api_url, new.webhook_id, new.calcom_user_id) == (
        API_KEY + "new", "https://self.hosted", None, None)
    assert new.connected_at == clock.timestamp()
    assert store.poll_state("T1", "U1") == {}
    assert store.poll_state("T9", "U9") == {}


def test_api_url_may_be_left_to_the_default(store: Store):
    store.save_connection("T1", "U1", API_KEY, None)
    conn = store.connection("T1", "U1")
    assert conn is not None and conn.api_url is None and conn.api_key == API_KEY


def test_time_zone_cache_expires(store: Store, clock: TestClock):
    assert store.time_zone("T1", "U1", 3600) is None
    store.set_time_zone("T1", "U1", "Europe/Paris")  # cached even before connecting
    assert store.time_zone("T1", "U1", 3600) == "Europe/Paris"
    clock.advance(timedelta(seconds=3601))
    assert store.time_zone("T1", "U1", 3600) is None
    store.set_time_zone("T1", "U1", "America/New_York")
    assert store.time_zone("T1", "U1", 3600) == "America/New_York"
    store.save_connection("T1", "U1", API_KEY, "https://api.cal.com")
    conn = store.connection("T1", "U1")
    assert conn is not None and conn.time_zone == "America/New_York"


def test_the_slack_locale_is_cached_with_the_zone_and_forgotten_with_the_user(
        store: Store, clock: TestClock):
    assert store.profile("T1", "U1", 3600) is None and store.user_locale("T1", "U1") is None
    store.set_time_zone("T1", "U1", "Europe/Berlin", "de-DE")
    assert store.profile("T1", "U1", 3600) == ("Europe/Berlin", "de-DE")
    store.set_time_zone("T1", "U2", "UTC")  # Slack gave no locale
    assert store.profile("T1", "U2", 3600) == ("UTC", None)
    clock.advance(timedelta(seconds=3601))
    assert store.profile("T1", "U1", 3600) is None  # stale: asked again
    assert store.user_locale("T1", "U1") == "de-DE"  # a channel notice still knows it
    store.set_time_zone("T1", "U1", "Asia/Tokyo", "ja-JP")
    assert store.profile("T1", "U1", 3600) == ("Asia/Tokyo", "ja-JP")
    store.forget_user("T1", "U1")
    assert store.user_locale("T1", "U1") is None and store.profile("T1", "U1", 3600) is None


# ---- bookings, messages, threads, subscriptions -------------------------------------------


def test_bookings_and_messages(store: Store):
    start = datetime(2025, 3, 10, 15, 0, tzinfo=UTC)
    store.remember_booking("T1", "U1", {"uid": "b1", "title": "Intro", "start": start})
    assert store.booking("T1", "b1") == {
        "uid": "b1", "title": "Intro", "start": "2025-03-10T15:00:00+00:00"
    }
    store.remember_booking("T1", "U2", {"uid": "b1", "title": "Intro v2"})
    assert store.booking("T1", "b1") == {"uid": "b1", "title": "Intro v2"}
    assert store.booking_owner("T1", "b1") == "U2"
    assert store.booking("T2", "b1") is None
    with pytest.raises(StorageError):
        store.remember_booking("T1", "U1", {"title": "no uid"})

    store.add_booking_message("T1", "b1", "D1", "1.0001", "approval")
    store.add_booking_message("T1", "b1", "C1", "2.0001", "notice")
    store.add_booking_message("T1", "b1", "C1", "2.0001", "notice")  # same message: once
    assert store.booking_messages("T1", "b1") == [
        BookingMessage("T1", "b1", "D1", "1.0001", "approval"),
        BookingMessage("T1", "b1", "C1", "2.0001", "notice"),
    ]
    [approval] = store.booking_messages("T1", "b1", kind="approval")
    assert (approval.channel, approval.ts) == ("D1", "1.0001")
    assert store.delete_booking_message("T1", "D1", "1.0001") == 1
    assert [m.kind for m in store.booking_messages("T1", "b1")] == ["notice"]

    assert store.thread_ts("T1", "C1", "b1") is None
    store.set_thread_ts("T1", "C1", "b1", "2.0001")
    assert store.thread_ts("T1", "C1", "b1") == "2.0001"
    assert store.thread_ts("T1", "C2", "b1") is None


def test_bookings_messages_and_threads(store: Store, clock: TestClock):
    store.remember_booking("T1", "U1", {"uid": "b1", "title": "Intro", "tags": {"b", "a"}})
    store.remember_booking("T1", "U2", {"uid": "b1", "title": "Intro (moved)"})
    assert store.booking("T1", "b1") == {"uid": "b1", "title": "Intro (moved)"}
    assert store.booking_owner("T1", "b1") == "U2"
    assert store.booking("T2", "b1") is None and store.booking_owner("T2", "b1") is None
    with pytest.raises(StorageError):
        store.remember_booking("T1", "U1", {"title": "no uid"})

    store.add_booking_message("T1", "b1", "D1", "1.1", "approval")
    clock.advance(timedelta(seconds=1))
    store.add_booking_message("T1", "b1", "C1", "2.2", "notice")
    store.add_booking_message("T1", "b2", "C1", "2.2", "list")
    assert store.booking_messages("T1", "b1") == [
        BookingMessage("T1", "b1", "D1", "1.1", "approval"),
        BookingMessage("T1", "b1", "C1", "2.2", "notice")]
    assert [m.ts for m in store.booking_messages("T1", "b1", "approval")] == ["1.1"]
    assert store.delete_booking_message("T1", "C1", "2.2") == 2
    assert [m.kind for m in store.booking_messages("T1", "b1")] == ["approval"]

    assert store.thread_ts("T1", "C1", "b1") is None
    store.set_thread_ts("T1", "C1", "b1", "3.3")
    store.set_thread_ts("T1", "C1", "b1", "4.4")
    assert store.thread_ts("T1", "C1", "b1") == "4.4"


def test_subscriptions_upsert_and_unsubscribe(store: Store):
    store.subscribe("T1", "U1", "C1", {"created"})
    store.subscribe("T1", "U1", "C1", {"cancelled", "rescheduled"})  # replaces the events
    store.subscribe("T1", "U1", "C2", {"created"})
    store.subscribe("T1", "U2", "C1", {"created"})
    assert store.subscriptions("T1", "U1") == [
        Subscription("T1", "U1", "C1", frozenset({"cancelled", "rescheduled"})),
        Subscription("T1", "U1", "C2", frozenset({"created"})),
    ]
    assert len(store.subscriptions("T1")) == 3
    assert store.unsubscribe("T1", "U1", "C9") == 0
    assert store.unsubscribe("T1", "U1", "C2") == 1
    assert store.unsubscribe("T1", "U1") == 1
    assert [s.user_id for s in store.subscriptions("T1")] == ["U2"]


# ---- exactly once, transactions, concurrency ----------------------------------------------


def test_claim_event_once_across_threads_and_restarts(database: str, key: str, clock: TestClock):
    keys = [f"booking.created:b{i}" for i in range(40)]
    wins: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    # two stores: like two processes
    s1, s2 = open_store(database, key, now=clock), open_store(database, key, now=clock)
    barrier = threading.Barrier(8)

    def worker(store: Store) -> None:
        try:
            barrier.wait()
            for k in keys:
                if store.claim_event(k):
                    with lock:
                        wins.append(k)
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(s1 if i % 2 else s2,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    s1.close()
    s2.close()
    assert errors == []
    assert sorted(wins) == sorted(keys)  # each key won exactly once
    with open_store(database, key, now=clock) as s:
        assert not any(s.claim_event(k) for k in keys)
        assert s.claim_event("booking.created:new") is True


def test_the_value_signing_key_is_one_for_every_process_and_restart(database: str, key: str,
                                                                    clock: TestClock):
    with open_store(database, key, now=clock) as s1, open_store(database, key, now=clock) as s2:
        found = {s1.value_key(), s2.value_key(), s1.value_key()}
    with open_store(database, key, now=clock) as again:
        found.add(again.value_key())
    assert len(found) == 1 and len(found.pop()) == 32


def test_warn_once(store: Store):
    assert store.warn_once("private:T1:C1", team_id="T1") is True
    assert store.warn_once("private:T1:C1", team_id="T1") is False
    assert store.warn_once("other") is True
    store.forget_team("T1")
    assert store.warn_once("private:T1:C1", team_id="T1") is True
    assert store.warn_once("other") is False


def test_prune_events(store: Store, clock: TestClock):
    store.claim_event("old")
    clock.advance(timedelta(seconds=100))
    store.claim_event("new")
    assert store.prune_events(older_than=clock.timestamp() - 50) == 1
    assert store.claim_event("old") is True and store.claim_event("new") is False


def test_a_released_claim_can_be_claimed_again_once(store: Store):
    assert store.claim_event("form:T1:V1") is True
    assert store.release_event("form:T1:V1") is True
    assert store.release_event("form:T1:V1") is False  # nothing left to give back
    assert store.claim_event("form:T1:V1") is True and store.claim_event("form:T1:V1") is False


def test_a_transaction_is_all_or_nothing(store: Store):
    with pytest.raises(RuntimeError), store.transaction():
        assert store.claim_event("inside") is True
        store.subscribe("T1", "U1", "C1", {"created"})
        raise RuntimeError("boom")
    assert store.subscriptions("T1") == []
    assert store.claim_event("inside") is True


def test_concurrent_writers_lose_nothing(database: str, key: str, clock: TestClock):
    s1, s2 = open_store(database, key, now=clock), open_store(database, key, now=clock)
    n_threads, per_thread = 8, 40
    errors: list[BaseException] = []
    barrier = threading.Barrier(n_threads)

    def worker(i: int) -> None:
        store = s1 if i % 2 else s2
        try:
            barrier.wait()
            for j in range(per_thread):
                store.save_connection("T1", f"U{i}-{j}", f"{API_KEY}-{i}-{j}", "https://x")
                store.enqueue("T1", "C1", {"text": f"{i}-{j}"}, key=f"k-{i}-{j}")
                store.remember_booking("T1", f"U{i}", {"uid": f"b-{i}-{j}"})
                store.subscribe("T1", f"U{i}", f"C{j}", {"created"})
                store.set_poll_state("T1", f"U{i}-{j}", {"n": j})
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    total = n_threads * per_thread
    assert len(s1.connections("T1")) == total
    assert len(s2.due_messages(now=1e12, limit=10_000)) == total
    assert len(s1.subscriptions("T1")) == total
    for table in ("bookings", "outbox", "connections", "subscriptions"):
        assert s1.engine.rows(f"SELECT count(*) AS n FROM {table}") == [{"n": total}]
    conn = s2.connection("T1", "U3-7")
    assert conn is not None and conn.api_key == f"{API_KEY}-3-7"
    assert s1.poll_state("T1", "U5-39") == {"n": 39}
    s1.close()
    s2.close()


# ---- outbox -------------------------------------------------------------------------------


def enqueue(store: Store, n: int, **kw) -> None:
    for i in range(n):
        assert store.enqueue("T1", "C1", {"text": f"m{i}"}, f"k{i}", **kw) is True


def test_outbox_idempotent_enqueue_due_retry_sent_failed(store: Store, clock: TestClock):
    now = clock.timestamp()
    assert store.enqueue("T1", "C1", {"text": "one"}, key="n:1") is True
    assert store.enqueue("T1", "C1", {"text": "one again"}, key="n:1") is False
    assert store.enqueue("T1", "C2", {"text": "later"}, key="n:2", not_before=now + 60)
    assert store.enqueue("T1", "C1", {"text": "three"}, key="n:3")

    due = store.due_messages(now, limit=10)
    assert [m.payload["text"] for m in due] == ["one", "three"]  # by id; n:2 not yet due
    assert [m.id for m in due] == sorted(m.id for m in due)
    assert store.due_messages(now, limit=1)[0].key == "n:1"
    first, third = due
    assert (first.status, first.attempts, first.channel) == ("queued", 0, "C1")

    store.retry_later(first.id, now + 30, error="ratelimited")
    assert [m.key for m in store.due_messages(now, 10)] == ["n:3"]
    assert [m.key for m in store.due_messages(now + 30, 10)] == ["n:1", "n:3"]
    again = store.outbox_message(first.id)
    assert again is not None and again.attempts == 1 and again.error == "ratelimited"
    assert store.next_due_at() == now  # n:3 is due right away

    store.mark_sent(third.id, "1700000000.000100")
    sent = store.outbox_message(third.id)
    assert sent is not None and (sent.status, sent.sent_ts) == ("sent", "1700000000.000100")
    store.mark_failed(first.id, "channel_not_found")
    failed = store.outbox_message(first.id)
    assert failed is not None and (failed.status, failed.error) == ("failed", "channel_not_found")
    assert [m.key for m in store.due_messages(now + 3600, 10)] == ["n:2"]
    assert store.enqueue("T1", "C1", {"text": "dup"}, key="n:3") is False  # sent keys stay

    clock.advance(timedelta(seconds=10))
    assert store.prune_outbox(older_than=clock.timestamp()) == 2
    assert store.enqueue("T1", "C1", {"text": "re"}, key="n:3") is True


def test_outbox_survives_restart(database: str, key: str, clock: TestClock):
    with open_store(database, key, now=clock) as s:
        s.enqueue("T1", "C1", {"text": "durable", "blocks": [{"type": "divider"}]}, key="d:1")
    with open_store(database, key, now=clock) as s:
        [m] = s.due_messages(now=1e12, limit=10)
        assert m.payload == {"text": "durable", "blocks": [{"type": "divider"}]}


def test_outbox_enqueue_is_once_per_key_and_due_in_order(store: Store, clock: TestClock):
    now = clock.timestamp()
    enqueue(store, 3)
    assert store.enqueue("T1", "C1", {"text": "again"}, "k0") is False
    assert store.enqueue("T1", "C1", {"text": "later"}, "k9", not_before=now + 60) is True
    assert [m.payload["text"] for m in store.due_messages(now)] == ["m0", "m1", "m2"]
    assert store.next_due_at() == now
    assert [m.key for m in store.claim_due("w1", lease_s=30)] == ["k0", "k1", "k2"]


def test_outbox_leases_expire_and_are_taken_over(store: Store, clock: TestClock):
    enqueue(store, 4)
    first = store.claim_due("w1", lease_s=30, limit=3)
    assert [m.key for m in first] == ["k0", "k1", "k2"]
    assert {m.lease_owner for m in first} == {"w1"}
    assert first[0].lease_until == clock.timestamp() + 30
    assert [m.key for m in store.claim_due("w2", lease_s=30)] == ["k3"]  # not w1's
    assert store.claim_due("w2", lease_s=30) == []

    assert store.mark_sent(first[0].id, "1.1", owner="w1") is True  # acked while held
    clock.advance(timedelta(seconds=31))  # w1 died: its other leases run out
    taken = store.claim_due("w2", lease_s=30)
    assert [m.key for m in taken] == ["k1", "k2", "k3"]
    assert store.mark_sent(first[1].id, "late", owner="w1") is False  # no longer w1's
    assert store.mark_sent(taken[0].id, "2.2", owner="w2") is True
    assert store.retry_later(taken[1].id, clock.timestamp() + 5, "ratelimited",
                             owner="w2") is True
    assert store.mark_failed(taken[2].id, "channel_not_found", owner="w2") is True
    sent = store.outbox_message(first[0].id)
    assert (sent.status, sent.sent_ts, sent.attempts, sent.lease_owner) == ("sent", "1.1", 1,
                                                                           None)
    again = store.outbox_message(taken[0].id)
    assert (again.status, again.sent_ts) == ("sent", "2.2")  # w1's late ack changed nothing
    waiting = store.outbox_message(taken[1].id)
    assert (waiting.status, waiting.error, waiting.lease_owner) == ("queued", "ratelimited",
                                                                   None)
    assert store.claim_due("w3", lease_s=30) == []  # not due for 5 s
    clock.advance(timedelta(seconds=5))
    assert [m.key for m in store.claim_due("w3", lease_s=30)] == ["k2"]


def test_outbox_release_renew_and_release_all(store: Store, clock: TestClock):
    enqueue(store, 3)
    held = store.claim_due("w1", lease_s=30)
    assert store.release(held[0].id, "w2") is False  # not w2's to hand back
    assert store.release(held[0].id, "w1") is True
    assert [m.key for m in store.claim_due("w2", lease_s=30)] == ["k0"]
    clock.advance(timedelta(seconds=20))
    assert store.renew_leases("w1", lease_s=30) == 2
    clock.advance(timedelta(seconds=20))  # past the first leases, within w1's renewed ones
    assert [m.key for m in store.claim_due("w3", lease_s=30)] == ["k0"]  # w2's ran out
    assert store.release_all("w1") == 2
    assert [m.key for m in store.claim_due("w3", lease_s=30)] == ["k1", "k2"]


def test_outbox_claims_never_overlap_between_workers(store: Store, database: str, key: str,
                                                      clock: TestClock):
    enqueue(store, 60)
    other = open_store(database, key, now=clock)  # like a second process
    claimed: list[tuple[str, str]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(6)

    def work(s: Store, owner: str) -> None:
        barrier.wait()
        while batch := s.claim_due(owner, lease_s=60, limit=4):
            for m in batch:
                assert s.mark_sent(m.id, "ts", owner=owner)
            with lock:
                claimed.extend((owner, m.key) for m in batch)

    threads = [threading.Thread(target=work, args=(store if i % 2 else other, f"w{i}"))
               for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    keys = [k for _, k in claimed]
    assert sorted(keys) == sorted(f"k{i}" for i in range(60))  # each once, none lost
    assert store.due_messages(float("inf")) == []


def test_outbox_pruning_keeps_queued_messages(store: Store, clock: TestClock):
    enqueue(store, 2)
    first, _ = store.claim_due("w1", lease_s=30)
    store.mark_sent(first.id, "1.1")
    clock.advance(timedelta(days=1))
    assert store.prune_outbox(clock.timestamp() - 60) == 1
    assert [m.key for m in store.due_messages(clock.timestamp())] == ["k1"]
    assert store.enqueue("T1", "C1", {"text": "m0"}, "k0") is True  # pruned key is free again


# ---- forgetting ---------------------------------------------------------------------------


def _populate(store: Store, team: str, user: str, n: str) -> None:
    store.save_connection(team, user, f"{API_KEY}{n}", "https://api.cal.com")
    store.set_webhook(team, user, f"w{n}", f"pub{n}", HOOK_SECRET)
    store.set_time_zone(team, user, "Europe/Paris")
    store.subscribe(team, user, f"C{n}", {"created"})
    store.remember_booking(team, user, {"uid": f"b{n}"})
    store.add_booking_message(team, f"b{n}", f"C{n}", f"{n}.1", "notice")
    store.set_thread_ts(team, f"C{n}", f"b{n}", f"{n}.1")
    store.enqueue(team, f"C{n}", {"text": n}, key=f"k{n}", user_id=user)


def _counts(store: Store) -> dict[str, int]:
    tables = ("connections", "users", "subscriptions", "bookings", "booking_messages",
              "threads", "outbox")
    return {t: store.engine.rows(f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in tables}


def test_forget_user_removes_only_their_data(store: Store):
    _populate(store, "T1", "U1", "1")
    _populate(store, "T1", "U2", "2")
    _populate(store, "T2", "U1", "3")  # same user id, other workspace
    store.forget_user("T1", "U1")
    assert store.connection("T1", "U1") is None
    assert store.time_zone("T1", "U1", 1e9) is None
    assert store.subscriptions("T1", "U1") == []
    assert store.booking("T1", "b1") is None and store.booking_messages("T1", "b1") == []
    assert store.thread_ts("T1", "C1", "b1") is None
    assert store.connection_by_webhook("pub1") is None
    assert {m.key for m in store.due_messages(1e12, 100)} == {"k2", "k3"}
    assert store.connection("T1", "U2") is not None and store.booking("T1", "b2") is not None
    assert store.connection("T2", "U1") is not None and store.booking("T2", "b3") is not None
    assert _counts(store) == {t: 2 for t in _counts(store)}


def test_forget_team_removes_the_workspace(store: Store):
    _populate(store, "T1", "U1", "1")
    _populate(store, "T1", "U2", "2")
    _populate(store, "T2", "U1", "3")
    store.forget_team("T1")
    assert store.connections("T1") == [] and store.subscriptions("T1") == []
    assert store.booking("T1", "b2") is None and store.thread_ts("T1", "C2", "b2") is None
    assert [c.team_id for c in store.connections()] == ["T2"]
    assert _counts(store) == {t: 1 for t in _counts(store)}


def test_closed_store_refuses_use(database: str, key: str, clock: TestClock):
    s = open_store(database, key, now=clock)
    s.close()
    with pytest.raises(StorageError):
        s.connection("T1", "U1")


# ---- where the data is --------------------------------------------------------------------


def test_describe_names_the_database_never_a_password(engine: str, request, tmp_path,
                                                       key: str, clock: TestClock):
    if engine == "sqlite":
        with open_store(tmp_path / "sub" / "calbot.db", key, now=clock) as s:
            assert s.describe() == f"SQLite {(tmp_path / 'sub' / 'calbot.db').absolute()}"
            assert s.sqlite_path == (tmp_path / "sub" / "calbot.db").absolute()
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    url = server.new_database(password="hunter2-secret")
    with open_store(url, key, now=clock) as s:
        assert s.describe() == f"PostgreSQL postgres@127.0.0.1:{server.port}/calbot"
        assert "hunter2" not in s.describe() and s.sqlite_path is None


def test_postgresql_needs_a_given_key(request, clock: TestClock):
    server: PostgresServer = request.getfixturevalue("postgres")
    with pytest.raises(MissingSecretKey, match="CALBOT_SECRET_KEY"):
        open_store(server.new_database(), None, now=clock)


# ---- Slack installations and OAuth state (slack_sdk's stores in our database) -------------


def test_installations_and_oauth_states_live_in_the_database(store: Store):
    installations, states = oauth_stores(store, client_id="111.222")
    installations.save(Installation(
        app_id="A1", enterprise_id="E1", team_id="T1", user_id="U1", bot_token="xoxb-1",
        bot_id="B1", bot_user_id="UB1", bot_scopes=["commands"], installed_at=1.7e9))
    found = installations.find_bot_for_team("T1")
    assert found is not None and (found.bot_token, found.enterprise_id) == ("xoxb-1", "E1")
    assert installations.find_bot_for_team("T2") is None
    again, _ = oauth_stores(store, client_id="111.222")  # another process, same database
    assert again.find_bot(enterprise_id="E1", team_id="T1").bot_token == "xoxb-1"
    installations.delete_all(enterprise_id="E1", team_id="T1")
    assert installations.find_bot_for_team("T1") is None

    state = states.issue()
    _, other_states = oauth_stores(store, client_id="111.222")
    assert other_states.consume(state) is True  # issued by one process, consumed by another
    assert states.consume(state) is False  # once
    assert states.consume("never-issued") is False


def test_the_database_setting_keeps_a_postgresql_url_intact():
    from bot.settings import load_settings

    url = "postgresql://calbot:pw@db.internal:5432/calbot"
    settings = load_settings(env_file=None, SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s",
                             CALBOT_DATABASE=url)
    assert str(settings.CALBOT_DATABASE) == url  # a Path would fold '//' into '/'
