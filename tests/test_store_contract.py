"""The store's contract, run against both engines: every test takes ``store`` (or ``database``)
once on SQLite and once on a throwaway PostgreSQL (tests/pg.py)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation

from bot.oauth import oauth_stores
from storage import (
    BookingMessage,
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


def test_time_zone_cache_expires(store: Store, clock: TestClock):
    store.set_time_zone("T1", "U1", "Europe/Rome")
    assert store.time_zone("T1", "U1", max_age_s=60) == "Europe/Rome"
    store.save_connection("T1", "U1", API_KEY, None)
    assert store.connection("T1", "U1").time_zone == "Europe/Rome"
    clock.advance(timedelta(seconds=61))
    assert store.time_zone("T1", "U1", max_age_s=60) is None
    assert store.time_zone("T1", "U2", max_age_s=60) is None


# ---- bookings, messages, threads, subscriptions -------------------------------------------


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


def test_subscriptions_upsert_and_unsubscribe(store: Store, clock: TestClock):
    store.subscribe("T1", "U1", "C1", {"cancelled"})
    clock.advance(timedelta(seconds=1))
    store.subscribe("T1", "U1", "C2", {"created", "cancelled"})
    store.subscribe("T1", "U1", "C1", {"created"})  # replaces C1's events, keeps its place
    store.subscribe("T1", "U2", "C1", {"requested"})
    assert store.subscriptions("T1", "U1") == [
        Subscription("T1", "U1", "C1", frozenset({"created"})),
        Subscription("T1", "U1", "C2", frozenset({"created", "cancelled"}))]
    assert len(store.subscriptions("T1")) == 3
    assert store.unsubscribe("T1", "U1", "C2") == 1
    assert store.unsubscribe("T1", "U1", "C2") == 0
    assert store.unsubscribe("T1", "U2") == 1
    assert [s.channel for s in store.subscriptions("T1")] == ["C1"]


# ---- exactly once -------------------------------------------------------------------------


def test_dedupe_claims_are_won_once_across_threads_and_stores(store: Store, database: str,
                                                               key: str, clock: TestClock):
    other = open_store(database, key, now=clock)  # like a second process
    wins: Counter[str] = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def claim(s: Store) -> None:
        barrier.wait()
        for n in range(40):
            if s.claim_event(f"ev-{n}"):
                with lock:
                    wins[f"ev-{n}"] += 1

    threads = [threading.Thread(target=claim, args=(store if i % 2 else other,))
               for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    assert wins == Counter({f"ev-{n}": 1 for n in range(40)})
    assert store.claim_event("ev-0") is False


def test_warn_once_and_pruning_claims(store: Store, clock: TestClock):
    assert store.warn_once("archived:C1", team_id="T1") is True
    assert store.warn_once("archived:C1", team_id="T1") is False
    assert store.claim_event("old") is True
    clock.advance(timedelta(days=2))
    assert store.claim_event("new") is True
    assert store.prune_events(clock.timestamp() - 3600) == 1
    assert store.claim_event("old") is True  # forgotten, so claimable again
    assert store.claim_event("new") is False


def test_a_transaction_is_all_or_nothing(store: Store):
    with pytest.raises(RuntimeError), store.transaction():
        assert store.claim_event("inside") is True
        store.subscribe("T1", "U1", "C1", {"created"})
        raise RuntimeError("boom")
    assert store.subscriptions("T1") == []
    assert store.claim_event("inside") is True


# ---- outbox -------------------------------------------------------------------------------


def enqueue(store: Store, n: int, **kw) -> None:
    for i in range(n):
        assert store.enqueue("T1", "C1", {"text": f"m{i}"}, f"k{i}", **kw) is True


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


def test_forget_user_and_team(store: Store):
    for team, user in (("T1", "U1"), ("T1", "U2"), ("T2", "U1")):
        store.save_connection(team, user, API_KEY, None)
        store.subscribe(team, user, "C1", {"created"})
        store.remember_booking(team, user, {"uid": f"b-{team}-{user}"})
        store.add_booking_message(team, f"b-{team}-{user}", "C1", "1.1", "notice")
        store.set_thread_ts(team, "C1", f"b-{team}-{user}", "1.1")
        store.enqueue(team, "C1", {"text": "x"}, f"k-{team}-{user}", user_id=user)
    store.forget_user("T1", "U1")
    assert store.connection("T1", "U1") is None and store.booking("T1", "b-T1-U1") is None
    assert store.booking_messages("T1", "b-T1-U1") == []
    assert store.thread_ts("T1", "C1", "b-T1-U1") is None
    assert [s.user_id for s in store.subscriptions("T1")] == ["U2"]
    assert store.connection("T1", "U2") is not None
    store.forget_team("T1")
    assert store.connections("T1") == [] and store.subscriptions("T1") == []
    assert [m.team_id for m in store.due_messages(float("inf"))] == ["T2"]
    assert store.count_connected() == 1


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
        name = url.rsplit("/", 1)[1]
        assert s.describe() == f"PostgreSQL postgres@127.0.0.1:{server.port}/{name}"
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
