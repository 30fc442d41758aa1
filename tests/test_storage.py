"""storage.Store: migrations, encryption at rest, concurrency, and every data method."""

from __future__ import annotations

import logging
import sqlite3
import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from storage import (
    SecretKeyMismatch,
    Store,
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


# ---- bookings, messages, threads ----------------------------------------------------------


# ---- exactly-once and warn-once -----------------------------------------------------------


# ---- outbox -------------------------------------------------------------------------------


# ---- forgetting ---------------------------------------------------------------------------

