"""storage.Store: migrations, encryption at rest, concurrency, and every data method."""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
import stat
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from storage import (
    BadSecretKey,
    BookingMessage,
    Connection,
    SecretKeyMismatch,
    StorageError,
    Store,
    Subscription,
)
from storage.migrations import MIGRATIONS

API_KEY = "cal_live_0123456789abcdefPLAINKEY"
HOOK_SECRET = "whsec_PLAIN_webhook_secret_42"


class Clock:
    def __init__(self, t: float = 1_700_000_000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def key() -> str:
    return Fernet.generate_key().decode()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "calbot.db"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(db_path: Path, key: str, clock: Clock):
    s = Store(db_path, key, clock=clock)
    yield s
    s.close()


def raw_rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


# ---- migrations ---------------------------------------------------------------------------


def test_migrations_apply_once_across_reopens(db_path: Path, key: str):
    runs: list[str] = []

    def add_column(db) -> None:
        runs.append("0002")
        db.execute("ALTER TABLE bookings ADD COLUMN note TEXT")

    shipped = [name for name, _ in MIGRATIONS]
    migrations = [*MIGRATIONS, ("9999_booking_note", add_column)]
    Store(db_path, key).close()
    Store(db_path, key, migrations=migrations).close()
    with Store(db_path, key, migrations=migrations) as s:
        assert s.applied_migrations() == [*shipped, "9999_booking_note"]
    assert runs == ["0002"]  # ran on the one open that lacked it, never again
    names = raw_rows(db_path, "SELECT migration_set, name FROM _sqlite_migrations ORDER BY id")
    assert names == [("calbot", n) for n in [*shipped, "9999_booking_note"]]


def test_a_database_from_before_sqlite_utils_migrations_is_adopted(db_path: Path, key: str):
    """Older calbot recorded its migrations in its own ``migrations`` table."""
    Store(db_path, key, migrations=MIGRATIONS[:2]).close()
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
        conn.executemany("INSERT INTO migrations VALUES (?, ?)",
                         [("0001_initial", 1.7e9), ("0002_calcom_identity", 1.7e9 + 1)])
        conn.execute("DROP TABLE _sqlite_migrations")
    conn.close()
    with Store(db_path, key) as s:  # 0001 and 0002 are not run again (they would fail)
        assert s.applied_migrations() == [name for name, _ in MIGRATIONS]
    tables = {r[0] for r in raw_rows(db_path, "SELECT name FROM sqlite_master")}
    assert "migrations" not in tables


def test_failed_migration_is_rolled_back_and_not_recorded(db_path: Path, key: str):
    def broken(db) -> None:
        db.execute("CREATE TABLE half_done (x TEXT)")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        Store(db_path, key, migrations=[*MIGRATIONS, ("9999_broken", broken)])
    tables = {r[0] for r in raw_rows(db_path, "SELECT name FROM sqlite_master")}
    assert "half_done" not in tables
    with Store(db_path, key) as s:  # and a good start afterwards still works
        assert s.applied_migrations() == [name for name, _ in MIGRATIONS]


def test_an_old_database_gains_the_calcom_identity_columns(db_path: Path, key: str):
    Store(db_path, key, migrations=MIGRATIONS[:1]).close()  # a database from before 0002
    columns = {r[1] for r in raw_rows(db_path, "PRAGMA table_info(connections)")}
    assert "calcom_email" not in columns
    with Store(db_path, key) as s:
        s.save_connection("T1", "U1", "cal_live_old_key_1234567890", None)
        old = s.connection("T1", "U1")
        assert old is not None and old.calcom_email is None
        s.save_connection("T1", "U1", "cal_live_old_key_1234567890", None, calcom_user_id=7,
                          calcom_email="host@example.com")
        again = s.connection("T1", "U1")
        assert again is not None
        assert (again.calcom_user_id, again.calcom_email) == (7, "host@example.com")
        assert again.connected_at == old.connected_at  # same key: the connection is kept


def test_database_is_in_wal_mode(store: Store, db_path: Path):
    assert raw_rows(db_path, "PRAGMA journal_mode") == [("wal",)]


# ---- encryption ---------------------------------------------------------------------------


def test_api_key_and_webhook_secret_round_trip(store: Store, db_path: Path, key: str):
    store.save_connection("T1", "U1", API_KEY, "https://api.cal.com")
    assert store.set_webhook("T1", "U1", "77", "pub-1", HOOK_SECRET) is True
    store.close()
    with Store(db_path, key) as again:
        conn = again.connection("T1", "U1")
    assert conn is not None
    assert (conn.api_key, conn.webhook_secret) == (API_KEY, HOOK_SECRET)
    assert (conn.webhook_id, conn.webhook_public_id) == ("77", "pub-1")


def test_no_plaintext_secret_in_database_or_wal_bytes(store: Store, db_path: Path):
    store.save_connection("T1", "U1", API_KEY, "https://api.cal.com")
    store.set_webhook("T1", "U1", "77", "pub-1", HOOK_SECRET)
    files = [p for p in db_path.parent.iterdir() if p.name.startswith("calbot.db")]
    wal = Path(str(db_path) + "-wal")
    assert wal in files and wal.stat().st_size > 0  # the writes really are in the WAL now
    for p in files:
        if p.suffix == ".key":
            continue
        raw = p.read_bytes()
        assert API_KEY.encode() not in raw, p
        assert HOOK_SECRET.encode() not in raw, p
    store.close()  # checkpoint into the main file
    raw = db_path.read_bytes()
    assert API_KEY.encode() not in raw and HOOK_SECRET.encode() not in raw
    [(token,)] = raw_rows(db_path, "SELECT api_key_enc FROM connections")
    assert token.startswith("gAAAA")  # a Fernet token is what is stored


def test_wrong_key_is_refused_at_open(db_path: Path, key: str):
    with Store(db_path, key) as s:
        s.save_connection("T1", "U1", API_KEY, "https://api.cal.com")
    with pytest.raises(SecretKeyMismatch) as err:
        Store(db_path, Fernet.generate_key().decode())
    assert isinstance(err.value, StorageError)
    assert "CALBOT_SECRET_KEY" in str(err.value) and str(db_path) in str(err.value)
    assert API_KEY not in str(err.value)


def test_undecryptable_value_is_a_typed_error_not_garbage(store: Store, db_path: Path):
    store.save_connection("T1", "U1", API_KEY, "https://api.cal.com")
    foreign = Fernet(Fernet.generate_key()).encrypt(b"other").decode()
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE connections SET api_key_enc = ?", (foreign,))
    conn.commit()
    conn.close()
    with pytest.raises(SecretKeyMismatch):
        store.connection("T1", "U1")


def test_malformed_key_is_a_typed_error(db_path: Path):
    with pytest.raises(BadSecretKey, match="Fernet"):
        Store(db_path, "not-a-key")


def test_generated_key_file_is_private_reused_and_never_logged(
    db_path: Path, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO, logger="storage")
    with Store(db_path) as s:
        s.save_connection("T1", "U1", API_KEY, "https://api.cal.com")
    key_file = Path(str(db_path) + ".key")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    generated = key_file.read_text().strip()
    Fernet(generated.encode())  # a valid key
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and str(key_file) in warnings[0].getMessage()
    assert all(generated not in r.getMessage() for r in caplog.records)

    caplog.clear()
    with Store(db_path) as s:  # reopened: same key, data readable, no new warning
        conn = s.connection("T1", "U1")
        assert conn is not None and conn.api_key == API_KEY
    assert key_file.read_text().strip() == generated
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    # and the generated key works when given explicitly
    Store(db_path, generated).close()


def test_lost_key_file_is_a_mismatch_not_a_new_key(db_path: Path):
    Store(db_path).close()
    key_file = Path(str(db_path) + ".key")
    key_file.unlink()
    with pytest.raises(SecretKeyMismatch, match="missing"):
        Store(db_path)
    assert not key_file.exists()  # no new key was generated over an encrypted database


# ---- connections --------------------------------------------------------------------------


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


def test_poll_state_and_reconnect(store: Store, clock: Clock):
    assert store.poll_state("T1", "U1") == {}
    store.save_connection("T1", "U1", API_KEY, "https://api.cal.com")
    store.set_poll_state("T1", "U1", {"after": "2025-01-01T00:00:00Z", "seen": ["a"]})
    store.set_webhook("T1", "U1", "77", "pub-1", HOOK_SECRET)
    clock.t += 5
    store.save_connection("T1", "U1", API_KEY, "https://api.cal.com")  # same key: no change
    conn = store.connection("T1", "U1")
    assert conn is not None and conn.webhook_id == "77" and conn.connected_at == clock.t - 5
    assert store.poll_state("T1", "U1")["seen"] == ["a"]
    store.save_connection("T1", "U1", "cal_live_other", "https://api.cal.com")  # new account
    conn = store.connection("T1", "U1")
    assert conn is not None and conn.api_key == "cal_live_other"
    assert conn.webhook_id is None and conn.webhook_secret is None
    assert store.poll_state("T1", "U1") == {} and conn.connected_at == clock.t


def test_api_url_may_be_left_to_the_default(store: Store):
    store.save_connection("T1", "U1", API_KEY, None)
    conn = store.connection("T1", "U1")
    assert conn is not None and conn.api_url is None and conn.api_key == API_KEY


def test_time_zone_cache_expires(store: Store, clock: Clock):
    assert store.time_zone("T1", "U1", 3600) is None
    store.set_time_zone("T1", "U1", "Europe/Paris")  # cached even before connecting
    assert store.time_zone("T1", "U1", 3600) == "Europe/Paris"
    clock.t += 3601
    assert store.time_zone("T1", "U1", 3600) is None
    store.set_time_zone("T1", "U1", "America/New_York")
    assert store.time_zone("T1", "U1", 3600) == "America/New_York"
    store.save_connection("T1", "U1", API_KEY, "https://api.cal.com")
    conn = store.connection("T1", "U1")
    assert conn is not None and conn.time_zone == "America/New_York"


# ---- bookings, messages, threads ----------------------------------------------------------


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


# ---- subscriptions ------------------------------------------------------------------------


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


# ---- exactly-once and warn-once -----------------------------------------------------------


def test_claim_event_once_across_threads_and_restarts(db_path: Path, key: str):
    keys = [f"booking.created:b{i}" for i in range(40)]
    wins: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    s1, s2 = Store(db_path, key), Store(db_path, key)  # two stores: like two processes
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
    with Store(db_path, key) as s:
        assert not any(s.claim_event(k) for k in keys)
        assert s.claim_event("booking.created:new") is True


def test_warn_once(store: Store):
    assert store.warn_once("private:T1:C1", team_id="T1") is True
    assert store.warn_once("private:T1:C1", team_id="T1") is False
    assert store.warn_once("other") is True
    store.forget_team("T1")
    assert store.warn_once("private:T1:C1", team_id="T1") is True
    assert store.warn_once("other") is False


def test_prune_events(store: Store, clock: Clock):
    store.claim_event("old")
    clock.t += 100
    store.claim_event("new")
    assert store.prune_events(older_than=clock.t - 50) == 1
    assert store.claim_event("old") is True and store.claim_event("new") is False


# ---- concurrency --------------------------------------------------------------------------


def test_concurrent_writers_lose_nothing(db_path: Path, key: str):
    s1, s2 = Store(db_path, key), Store(db_path, key)
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
        assert raw_rows(db_path, f"SELECT count(*) FROM {table}") == [(total,)]
    conn = s2.connection("T1", "U3-7")
    assert conn is not None and conn.api_key == f"{API_KEY}-3-7"
    assert s1.poll_state("T1", "U5-39") == {"n": 39}
    s1.close()
    s2.close()


# ---- outbox -------------------------------------------------------------------------------


def test_outbox_idempotent_enqueue_due_retry_sent_failed(store: Store, clock: Clock):
    now = clock.t
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

    clock.t += 10
    assert store.prune_outbox(older_than=clock.t) == 2
    assert store.enqueue("T1", "C1", {"text": "re"}, key="n:3") is True


def test_outbox_survives_restart(db_path: Path, key: str):
    with Store(db_path, key) as s:
        s.enqueue("T1", "C1", {"text": "durable", "blocks": [{"type": "divider"}]}, key="d:1")
    with Store(db_path, key) as s:
        [m] = s.due_messages(now=1e12, limit=10)
        assert m.payload == {"text": "durable", "blocks": [{"type": "divider"}]}


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


def _counts(db_path: Path) -> dict[str, int]:
    tables = ("connections", "users", "subscriptions", "bookings", "booking_messages",
              "threads", "outbox")
    return {t: raw_rows(db_path, f"SELECT count(*) FROM {t}")[0][0] for t in tables}


def test_forget_user_removes_only_their_data(store: Store, db_path: Path):
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
    assert _counts(db_path) == {t: 2 for t in _counts(db_path)}


def test_forget_team_removes_the_workspace(store: Store, db_path: Path):
    _populate(store, "T1", "U1", "1")
    _populate(store, "T1", "U2", "2")
    _populate(store, "T2", "U1", "3")
    store.forget_team("T1")
    assert store.connections("T1") == [] and store.subscriptions("T1") == []
    assert store.booking("T1", "b2") is None and store.thread_ts("T1", "C2", "b2") is None
    assert [c.team_id for c in store.connections()] == ["T2"]
    assert _counts(db_path) == {t: 1 for t in _counts(db_path)}


def test_closed_store_refuses_use(db_path: Path, key: str):
    s = Store(db_path, key)
    s.close()
    with pytest.raises(StorageError):
        s.connection("T1", "U1")
