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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_slack_out_of_reach_is_not_called_a_busy_port(tmp_path):
    dead, port = free_port(), free_port()
    with FakeSlack() as slack:
        done = run(tmp_path, slack, SLACK_API_URL=f"http://127.0.0.1:{dead}/api/",
                   PORT=str(port))
    assert done.returncode == 1
    assert "Slack can't be reached" in done.stderr and "SLACK_API_URL" in done.stderr
    assert f"port {port}" not in done.stderr and "Traceback" not in done.stderr


def test_version():
    done = subprocess.run([sys.executable, "-m", "bot.cli", "--version"], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0 and done.stdout.startswith("calbot 0.")


def test_the_first_lines_name_the_database_and_the_connected_users(tmp_path):
    key = Fernet.generate_key().decode()
    with Store(tmp_path / "calbot.db", key) as store:
        store.save_connection("T1", "U1", "cal_live_secret_key_0001", None)
    with FakeSlack() as slack:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"], cwd=tmp_path, text=True,
            stderr=subprocess.PIPE, env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                                         "HOME": str(tmp_path), "SLACK_BOT_TOKEN": slack.bot_token,
                                         "SLACK_SIGNING_SECRET": "s",
                                         "SLACK_API_URL": slack.api_url, "PORT": str(free_port()),
                                         "CALBOT_DATABASE": "calbot.db",
                                         "CALBOT_SECRET_KEY": key,
                                         "CALCOM_API_URL": "http://127.0.0.1:9"})
        try:
            assert proc.stderr is not None
            line = ""
            for line in proc.stderr:
                if "connected user" in line:
                    break
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    assert str((tmp_path / "calbot.db").resolve()) in line
    assert "1 connected user" in line and "calbot 0." in line
    assert "cal_live_secret_key_0001" not in line
