"""``calbot run`` as real subprocesses, for the tests of several processes and of stopping:
the production entry point (settings from the environment), on a free port, healthy once
``GET /healthz`` answers 200."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
from cryptography.fernet import Fernet

from tests.e2e.harness import SIGNING_SECRET, wait_until
from tests.fakes.slack import FakeSlack

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def calbot_env(slack: FakeSlack, database: str, **more: str) -> dict[str, str]:
    """What an operator would set, pointed at the fake Slack and ``database``."""
    keep = {k: v for k, v in os.environ.items()
            if k in ("PATH", "HOME", "LANG", "TZ", "PYTHONPATH", "TMPDIR")}
    return {**keep, "SLACK_BOT_TOKEN": slack.bot_token, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack.api_url, "CALBOT_DATABASE": database,
            "CALCOM_API_URL": "http://127.0.0.1:9", "CALBOT_SECRET_KEY": more.pop(
                "CALBOT_SECRET_KEY", Fernet.generate_key().decode()), **more}


class CalbotProcess:
    def __init__(self, env: dict[str, str], cwd: Path, log: Path, *, wait: bool = True):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        self._log = log.open("ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"],
                                     env={**env, "PORT": str(self.port), "HOST": "127.0.0.1",
                                          "PYTHONPATH": str(ROOT)},
                                     cwd=cwd, stdout=self._log, stderr=subprocess.STDOUT)
        if wait:
            self.wait_healthy()

    def wait_healthy(self, timeout: float = 30) -> None:
        with httpx.Client(timeout=1) as http:
            wait_until(lambda: self._healthy(http), timeout, "calbot /healthz", poll=0.02)

    def _healthy(self, http: httpx.Client) -> bool:
        if self.proc.poll() is not None:
            raise AssertionError(f"calbot exited with {self.proc.returncode}: {self.output()}")
        try:
            return http.get(f"{self.url}/healthz").status_code == 200
        except httpx.HTTPError:
            return False

    def output(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def terminate(self, timeout: float = 15) -> int:
        """SIGTERM; the exit code (SIGKILL after ``timeout``)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._log.close()
        return int(self.proc.returncode)
