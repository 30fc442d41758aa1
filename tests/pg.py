"""A throwaway PostgreSQL server for tests: ``initdb`` into a temporary folder, ``postgres`` on
127.0.0.1 on a free port (its unix socket in that folder too), stopped by its pid at the end of
the session. Each test gets a fresh schema of one shared database (its URL sets
``search_path``).

PostgreSQL refuses to run as root, so as root the server runs as an unprivileged user
(``nobody``) through ``runuser``. Without the binaries (``CALBOT_PG_BIN``, else
``/usr/lib/postgresql/15/bin``, else ``pg_config --bindir``) the PostgreSQL tests skip with the
reason, unless ``CALBOT_REQUIRE_POSTGRES=1`` or ``CI=true``: then a missing PostgreSQL fails
them.

Use it from a test module with ``from tests.pg import postgres  # noqa: F401`` and ask for the
``postgres`` fixture; ``postgres.new_database()`` gives a URL.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

DEFAULT_BIN = Path("/usr/lib/postgresql/15/bin")
RUN_AS = "nobody"
READY_TIMEOUT_S = 30.0
SHARED_DATABASE = "calbot"


def required() -> bool:
    # CI sets CI=true: there a missing PostgreSQL is a failure, never a skip.
    return (os.environ.get("CALBOT_REQUIRE_POSTGRES", "") == "1"
            or os.environ.get("CI", "").lower() in ("1", "true"))


def _bin_dir() -> Path | None:
    given = os.environ.get("CALBOT_PG_BIN")
    if given is not None:  # the operator's choice, and only that
        return Path(given) if (Path(given) / "initdb").exists() else None
    if (DEFAULT_BIN / "initdb").exists():
        return DEFAULT_BIN
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if found.returncode == 0 and (Path(found.stdout.strip()) / "initdb").exists():
            return Path(found.stdout.strip())
    return None


def _die_with_parent() -> None:
    """In the server's process before exec: end it when the test process dies, even by
    ``kill -9`` or a ``timeout`` (PR_SET_PDEATHSIG), so no server outlives its tests."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """One running server; :meth:`new_database` hands each test its own database."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="calbot-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root / "socket"
        self.socket_dir.mkdir()
        self.log = self.root / "postgres.log"
        self.port = _free_port()
        self._names = itertools.count(1)
        self._as_user: list[str] = []
        self._process: subprocess.Popen[bytes] | None = None
        self.started_in_s = 0.0
        if os.geteuid() == 0:
            user = pwd.getpwnam(RUN_AS)
            for path in (self.root, self.socket_dir):
                os.chown(path, user.pw_uid, user.pw_gid)
            self._as_user = ["runuser", "-u", RUN_AS, "--"]

    def start(self) -> None:
        began = time.monotonic()
        subprocess.run(
            [*self._as_user, str(self.bin_dir / "initdb"), "-D", str(self.data), "-U",
             "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"],
            check=True, capture_output=True)
        with self.log.open("wb") as log:
            self._process = subprocess.Popen(
                [*self._as_user, str(self.bin_dir / "postgres"), "-D", str(self.data),
                 "-k", str(self.socket_dir), "-h", "127.0.0.1", "-p", str(self.port),
                 "-c", "fsync=off", "-c", "synchronous_commit=off",
                 "-c", "full_page_writes=off", "-c", "max_connections=300"],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                preexec_fn=_die_with_parent)
        deadline = time.monotonic() + READY_TIMEOUT_S
        while True:
            try:
                psycopg.connect(self.url("postgres"), connect_timeout=2).close()
                break
            except psycopg.OperationalError:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "PostgreSQL did not start:\n" + self.log.read_text()[-2000:]) from None
                time.sleep(0.05)
        with psycopg.connect(self.url("postgres"), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {SHARED_DATABASE}")
        self.started_in_s = time.monotonic() - began

    def url(self, database: str, *, password: str | None = None) -> str:
        login = "postgres" if password is None else f"postgres:{password}"
        return f"postgresql://{login}@127.0.0.1:{self.port}/{database}"

    def new_database(self, *, password: str | None = None) -> str:
        """A fresh, empty place for one test: its own schema in the shared ``calbot`` database
        (a schema takes milliseconds, a database a quarter second), as a URL whose
        ``search_path`` is that schema. The password, if given, is ignored (trust)."""
        name = f"t{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url(SHARED_DATABASE), autocommit=True) as admin:
            admin.execute(f'CREATE SCHEMA "{name}"')
        return self.url(SHARED_DATABASE, password=password) + f"?options=-csearch_path%3D{name}"

    def stop(self) -> None:
        """Fast shutdown of the postmaster by its pid (from postmaster.pid), then clean up."""
        pid_file = self.data / "postmaster.pid"
        if pid_file.exists():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid_file.read_text().split()[0]), signal.SIGINT)
        if self._process is not None:
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        shutil.rmtree(self.root, ignore_errors=True)


def _unavailable(reason: str) -> None:
    if required():
        pytest.fail(f"CALBOT_REQUIRE_POSTGRES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    bin_dir = _bin_dir()
    if bin_dir is None:
        _unavailable("PostgreSQL is not installed (no initdb in CALBOT_PG_BIN, "
                     f"{DEFAULT_BIN} or pg_config --bindir)")
        return
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        _unavailable("running as root and runuser is missing (initdb refuses root)")
        return
    server = PostgresServer(bin_dir)
    try:
        server.start()
    except (OSError, subprocess.CalledProcessError, RuntimeError) as error:
        server.stop()
        detail = getattr(error, "stderr", b"") or b""
        _unavailable(f"the throwaway PostgreSQL did not start: {error} {detail.decode()[-500:]}")
        return
    try:
        yield server
    finally:
        server.stop()
