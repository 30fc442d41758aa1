"""`calbot run` stops with one readable line when it can't start."""

import os
import socket
import subprocess
import sys

from cryptography.fernet import Fernet

from storage import Store
from tests.fakes.slack import FakeSlack


def run(tmp_path, slack: FakeSlack, **env: str) -> subprocess.CompletedProcess[str]:
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
            "SLACK_BOT_TOKEN": slack.bot_token, "SLACK_SIGNING_SECRET": "s",
            "SLACK_API_URL": slack.api_url, "CALBOT_DATABASE": str(tmp_path / "calbot.db"),
            "CALCOM_API_URL": "http://127.0.0.1:9"}
    return subprocess.run([sys.executable, "-m", "bot.cli", "run"], cwd=tmp_path,
                          env={**base, **env}, capture_output=True, text=True, timeout=60,
                          check=False)


def test_a_wrong_secret_key_says_what_to_do(tmp_path):
    Store(tmp_path / "calbot.db", Fernet.generate_key().decode()).close()
    with FakeSlack() as slack:
        done = run(tmp_path, slack, CALBOT_SECRET_KEY=Fernet.generate_key().decode())
    assert done.returncode == 1
    assert "CALBOT_SECRET_KEY" in done.stderr and "Traceback" not in done.stderr


def test_a_busy_port_says_which(tmp_path):
    with socket.socket() as busy, FakeSlack() as slack:
        busy.bind(("0.0.0.0", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = run(tmp_path, slack, PORT=str(port))
    assert done.returncode == 1
    assert f"port {port}" in done.stderr and "Traceback" not in done.stderr
