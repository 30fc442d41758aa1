"""Settings: read once, every problem named at once, secrets never shown."""

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.settings import SettingsProblem, load_settings

GOOD = {"SLACK_BOT_TOKEN": "xoxb-1-abc", "SLACK_SIGNING_SECRET": "s3cr3t-signing"}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_CLIENT_ID",
                 "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET", "PORT", "CALBOT_SECRET_KEY",
                 "CALBOT_POLL_SECONDS", "CALBOT_PUBLIC_URL", "SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)


def test_defaults_from_spec():
    s = load_settings(env_file=None, **GOOD)
    assert s.PORT == 3000 and s.CALBOT_POLL_SECONDS == 60
    assert s.SLACK_API_URL == "https://slack.com/api/" and s.CALCOM_API_URL == "https://api.cal.com"
    assert str(s.CALBOT_DATABASE) == "calbot.db"
    assert not s.socket_mode and not s.multi_workspace


def test_every_problem_is_named_at_once():
    with pytest.raises(SettingsProblem) as caught:
        load_settings(env_file=None, SLACK_BOT_TOKEN="nope", PORT="x", CALBOT_POLL_SECONDS="2")
    text = caught.value.render()
    for name in ("SLACK_BOT_TOKEN", "PORT", "CALBOT_POLL_SECONDS", "SLACK_SIGNING_SECRET"):
        assert name in text
    assert "xoxb-" in text  # says how to fix it
    assert len(caught.value.problems) == 4


def test_multi_workspace_needs_all_three():
    with pytest.raises(SettingsProblem) as caught:
        load_settings(env_file=None, SLACK_SIGNING_SECRET="x", SLACK_CLIENT_ID="1.2")
    assert {p.split(":")[0] for p in caught.value.problems} == {
        "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"}
    s = load_settings(env_file=None, SLACK_SIGNING_SECRET="x", SLACK_CLIENT_ID="1.2",
                      SLACK_CLIENT_SECRET="cs", SLACK_STATE_SECRET="st")
    assert s.multi_workspace


def test_socket_mode_needs_no_signing_secret():
    s = load_settings(env_file=None, SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1-A")
    assert s.socket_mode


def test_bad_secret_key_and_urls():
    with pytest.raises(SettingsProblem) as caught:
        load_settings(env_file=None, **GOOD, CALBOT_SECRET_KEY="short",
                      SLACK_API_URL="https://slack.com/api", CALBOT_PUBLIC_URL="calbot.example")
    names = {p.split(":")[0] for p in caught.value.problems}
    assert names == {"CALBOT_SECRET_KEY", "SLACK_API_URL", "CALBOT_PUBLIC_URL"}
    key = Fernet.generate_key().decode()
    assert load_settings(env_file=None, **GOOD, CALBOT_SECRET_KEY=key).secret(
        "CALBOT_SECRET_KEY") == key


def test_dotenv_is_read(tmp_path):
    env = tmp_path / ".env"
    env.write_text("SLACK_BOT_TOKEN=xoxb-from-file\nSLACK_SIGNING_SECRET=abc\nPORT=4000\n")
    s = load_settings(env_file=str(env))
    assert s.PORT == 4000 and s.secret("SLACK_BOT_TOKEN") == "xoxb-from-file"


def test_secrets_never_in_repr_or_logs(caplog):
    s = load_settings(env_file=None, **GOOD, CALBOT_SECRET_KEY=Fernet.generate_key().decode())
    caplog.set_level(logging.DEBUG)
    logging.getLogger("test").info("settings: %r / %s", s, s)
    for secret in ("xoxb-1-abc", "s3cr3t-signing", s.secret("CALBOT_SECRET_KEY")):
        assert secret not in repr(s) and secret not in str(s) and secret not in caplog.text


def test_calbot_run_without_settings_exits_with_a_readable_list(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "run"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 2
    assert "SLACK_BOT_TOKEN" in done.stderr and "SLACK_SIGNING_SECRET" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_example_env_file_is_a_working_http_mode_start():
    example = Path(__file__).resolve().parent.parent / ".env.example"
    s = load_settings(env_file=str(example))
    assert s.SLACK_BOT_TOKEN is not None and not s.socket_mode and not s.multi_workspace
    assert str(s.CALBOT_DATABASE) == "calbot.db"
