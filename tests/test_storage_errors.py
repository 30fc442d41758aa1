"""Broken storage stops start-up with one sentence that says what is wrong and how to fix it:
a read-only, unreadable or damaged SQLite file, a database emptied or deleted while its key
file stayed (which would silently disconnect every user), an unreachable PostgreSQL."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.runtime import startup_problem
from bot.settings import load_settings
from storage import (
    BadDatabaseUrl,
    DatabaseCorrupt,
    DatabaseMissing,
    DatabaseReadOnly,
    DatabaseUnreachable,
    StorageError,
    open_store,
)
from tests.clock import TestClock

API_KEY = "cal_live_0123456789abcdefPLAINKEY"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def clock() -> TestClock:
    return TestClock(ticking=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "calbot.db"


def one_sentence(error: StorageError) -> str:
    text = str(error)
    assert text.endswith(".") and "\n" not in text and "Traceback" not in text
    assert API_KEY not in text
    return text


def a_used_database(path: Path, clock: TestClock, key: str | None = None) -> None:
    with open_store(path, key, now=clock) as store:
        store.save_connection("T1", "U1", API_KEY, None)
        for n in range(400):
            store.remember_booking("T1", "U1", {"uid": f"b{n}", "title": "x" * 200})


# ---- a file that is not a database, or a damaged one -------------------------------------


def test_a_file_that_is_not_a_database_is_named_with_the_fix(db_path: Path, clock: TestClock):
    db_path.write_bytes(b"this is a text file, not SQLite\n" * 200)
    with pytest.raises(DatabaseCorrupt) as stopped:
        open_store(db_path, Fernet.generate_key().decode(), now=clock)
    text = one_sentence(stopped.value)
    assert str(db_path) in text and "backup" in text and "not a database" in text


def test_a_damaged_page_is_caught_by_the_quick_check_at_start(db_path: Path, clock: TestClock):
    a_used_database(db_path, clock)
    pages = db_path.stat().st_size // 4096
    with db_path.open("r+b") as f:  # scribble over a page of booking rows, header intact
        f.seek(4096 * (pages - 3) + 64)
        f.write(bytes(range(256)) * 8)
    with pytest.raises(DatabaseCorrupt) as stopped:
        open_store(db_path, None, now=clock)
    text = one_sentence(stopped.value)
    assert "quick_check" in text and str(db_path) in text and "backup" in text


# ---- read-only ---------------------------------------------------------------------------


def _run_without_root_powers(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Root without its capabilities (setpriv): file modes apply to it like to anyone."""
    return subprocess.run(
        ["setpriv", "--inh-caps=-all", "--bounding-set=-all", "--", sys.executable, "-c",
         code, *args], capture_output=True, text=True, cwd=ROOT, timeout=60)


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder another user may look into (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="calbot-ro-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


_OPEN_AND_REPORT = """
import sys
from datetime import UTC, datetime
from storage import DatabaseReadOnly, open_store
try:
    open_store(sys.argv[1], sys.argv[2], now=lambda: datetime(2026, 11, 23, tzinfo=UTC))
except DatabaseReadOnly as error:
    print(error)
    sys.exit(3)
"""


def test_a_read_only_database_is_named_with_the_fix(shared_dir: Path, clock: TestClock):
    key = Fernet.generate_key().decode()
    db_path = shared_dir / "calbot.db"
    a_used_database(db_path, clock, key)
    db_path.chmod(0o444)
    shared_dir.chmod(0o555)
    try:
        if os.geteuid() == 0:  # root writes anything: open it as root without that power
            if shutil.which("setpriv") is None:
                pytest.skip("running as root and setpriv (util-linux) is missing")
            ran = _run_without_root_powers(_OPEN_AND_REPORT, str(db_path), key)
            assert ran.returncode == 3, ran.stderr
            text = ran.stdout.strip()
        else:
            with pytest.raises(DatabaseReadOnly) as stopped:
                open_store(db_path, key, now=clock)
            text = one_sentence(stopped.value)
    finally:
        shared_dir.chmod(0o755)
    assert text.endswith(".") and "\n" not in text
    assert str(db_path) in text and "write access" in text and "CALBOT_DATABASE" in text


def test_a_folder_that_cannot_be_created_is_named_with_the_fix(tmp_path: Path,
                                                                 clock: TestClock):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(DatabaseReadOnly) as stopped:
        open_store(blocker / "calbot.db", Fernet.generate_key().decode(), now=clock)
    assert "CALBOT_DATABASE" in one_sentence(stopped.value)


# ---- emptied or deleted while the key file stayed ----------------------------------------


def test_a_deleted_database_beside_its_key_file_is_refused(db_path: Path, clock: TestClock):
    a_used_database(db_path, clock)  # no key given: the key file is generated beside it
    key_file = Path(f"{db_path}.key")
    assert key_file.exists()
    db_path.unlink()
    with pytest.raises(DatabaseMissing) as stopped:
        open_store(db_path, None, now=clock)
    text = one_sentence(stopped.value)
    assert str(db_path) in text and str(key_file) in text and "disconnect every user" in text
    assert "backup" in text
    key_file.unlink()  # the fix for starting afresh on purpose
    with open_store(db_path, None, now=clock) as fresh:
        assert fresh.count_connected() == 0


def test_an_emptied_database_beside_its_key_file_is_refused(db_path: Path, clock: TestClock):
    a_used_database(db_path, clock)
    db_path.write_bytes(b"")
    for leftover in (Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        leftover.unlink(missing_ok=True)
    with pytest.raises(DatabaseMissing):
        open_store(db_path, Fernet.generate_key().decode(), now=clock)  # even with a key


def test_the_first_start_creates_database_and_key_without_complaint(db_path: Path,
                                                                    clock: TestClock):
    with open_store(db_path, None, now=clock) as store:
        assert store.count_connected() == 0
    with open_store(db_path, None, now=clock) as again:  # and the second start is fine
        assert again.applied_migrations()


# ---- PostgreSQL that cannot be reached -----------------------------------------------------


def test_an_unreachable_postgresql_is_named_without_its_password(clock: TestClock):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    url = f"postgresql://calbot:pa55-w0rd-x@127.0.0.1:{port}/calbot"
    with pytest.raises(DatabaseUnreachable) as stopped:
        open_store(url, Fernet.generate_key().decode(), now=clock)
    text = one_sentence(stopped.value)
    assert f"calbot@127.0.0.1:{port}/calbot" in text and "CALBOT_DATABASE" in text
    assert "pa55" not in text


def test_a_malformed_postgresql_url_is_named(clock: TestClock):
    with pytest.raises(BadDatabaseUrl) as stopped:
        open_store("postgresql://host:notaport/db?sslmode", None, now=clock)
    assert "postgresql://user:password@host:5432/database" in one_sentence(stopped.value)


def test_start_up_reports_the_storage_sentence_as_it_is(db_path: Path, clock: TestClock):
    db_path.write_bytes(b"garbage" * 1000)
    with pytest.raises(DatabaseCorrupt) as stopped:
        open_store(db_path, None, now=clock)
    settings = load_settings(env_file=None, SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s",
                             CALBOT_DATABASE=str(db_path))
    assert startup_problem(stopped.value, settings) == str(stopped.value)
