"""The operator's commands: calbot manifest, backup, rotate-key, audit, check."""

from __future__ import annotations

import io
import json
import sqlite3
import threading
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest
import yaml
from cryptography.fernet import Fernet

from bot.cli import main
from bot.oauth import BOT_SCOPES
from bot.operator.audit_report import BadSince, since_instant
from bot.operator.check import run_checks
from bot.operator.manifest import EXAMPLE_URL, render
from bot.settings import load_settings
from commands.audit import StoredAudit, audited
from storage import Store
from tests.clock import START
from tests.data import data_path
from tests.fakes.slack import FakeSlack

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((data_path("slack") / "manifest.schema.json").read_text())


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A deployment's settings in the environment, run from an empty folder (no .env)."""
    monkeypatch.chdir(tmp_path)
    key = Fernet.generate_key().decode()
    for name, value in {"SLACK_BOT_TOKEN": "xoxb-operator", "SLACK_SIGNING_SECRET": "s",
                        "CALBOT_DATABASE": str(tmp_path / "calbot.db"),
                        "CALBOT_SECRET_KEY": key}.items():
        monkeypatch.setenv(name, value)
    for name in ("CALCOM_APP_URL", "CALBOT_PUBLIC_URL", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    return {"key": key, "db": tmp_path / "calbot.db", "tmp": tmp_path}


# ---- manifest -----------------------------------------------------------------------------

def test_the_printed_manifest_is_the_repositorys_for_the_example_url():
    printed = yaml.safe_load(render(EXAMPLE_URL, socket=False, calcom_app_url=None))
    assert printed == yaml.safe_load((ROOT / "manifest.yml").read_text())


@pytest.mark.parametrize("url,socket,app", [("https://bot.acme.test", False, None),
                                            (None, True, None),
                                            ("https://bot.acme.test", False,
                                             "https://cal.acme.test")])
def test_printed_manifests_are_valid_against_slacks_schema(url, socket, app):
    printed = yaml.safe_load(render(url, socket=socket, calcom_app_url=app))
    jsonschema.validate(printed, SCHEMA)
    text = json.dumps(printed)
    if socket:
        assert "http" not in text.replace("https://cal", "") and printed["settings"][
            "socket_mode_enabled"] is True
    else:
        assert printed["settings"]["interactivity"]["request_url"] == f"{url}/slack/events"
    if app:
        assert printed["features"]["unfurl_domains"] == ["cal.acme.test"]
        assert {"links:read", "links:write"} <= set(printed["oauth_config"]["scopes"]["bot"])
        assert "link_shared" in printed["settings"]["event_subscriptions"]["bot_events"]
    else:  # CALCOM_APP_URL's default: cal.com's booking pages unfurl
        assert printed["features"]["unfurl_domains"] == ["cal.com"]


def test_calbot_manifest_reads_calcom_app_url(env, monkeypatch, capsys):
    monkeypatch.setenv("CALCOM_APP_URL", "https://cal.acme.test")
    assert main(["manifest", "--url", "https://bot.acme.test/"]) == 0
    printed = yaml.safe_load(capsys.readouterr().out)
    assert printed["features"]["unfurl_domains"] == ["cal.acme.test"]
    assert printed["oauth_config"]["redirect_urls"] == [
        "https://bot.acme.test/slack/oauth_redirect"]


# ---- backup -------------------------------------------------------------------------------

def test_backup_copies_the_sqlite_database_while_it_is_written(env, capsys):
    with Store(env["db"], env["key"]) as store:
        store.save_connection("T1", "U1", "cal_live_backupkey1234", None)
        stop = threading.Event()

        def write() -> None:
            n = 0
            while not stop.is_set():
                store.enqueue("T1", "C1", {"kind": "dm", "n": n}, f"k{n}")
                n += 1

        writer = threading.Thread(target=write)
        writer.start()
        try:
            assert main(["backup", str(env["tmp"] / "copy.db")]) == 0
        finally:
            stop.set()
            writer.join()
    said = capsys.readouterr().out
    assert "Backed up" in said and "copy.db" in said
    with sqlite3.connect(env["tmp"] / "copy.db") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with Store(env["tmp"] / "copy.db", env["key"]) as restored:
        assert restored.connection("T1", "U1").api_key == "cal_live_backupkey1234"
    assert (env["tmp"] / "copy.db").stat().st_mode & 0o077 == 0
    assert main(["backup", str(env["tmp"] / "copy.db")]) == 1  # never overwrites
    assert "exists already" in capsys.readouterr().err


def test_backup_of_postgresql_says_to_use_pg_dump(env, monkeypatch, capsys):
    monkeypatch.setenv("CALBOT_DATABASE", "postgresql://calbot:pw@db.internal:5432/calbot")
    assert main(["backup", str(env["tmp"] / "copy.db")]) == 1
    assert "pg_dump" in capsys.readouterr().err
    assert not (env["tmp"] / "copy.db").exists()


# ---- rotate-key ---------------------------------------------------------------------------

def test_rotate_key_reencrypts_with_the_first_key_so_the_old_one_can_go(env, monkeypatch,
                                                                        capsys):
    old = env["key"]
    with Store(env["db"], old) as store:
        store.save_connection("T1", "U1", "cal_live_rotatekey1234", None)
        store.set_webhook("T1", "U1", "wh1", "pub1", "whsec-rotate")
    new = Fernet.generate_key().decode()
    assert main(["rotate-key"]) == 2  # one key: nothing to rotate to
    assert "NEW,OLD" in capsys.readouterr().err
    monkeypatch.setenv("CALBOT_SECRET_KEY", f"{new},{old}")
    assert main(["rotate-key"]) == 0
    assert "Re-encrypted 2 stored secret(s)" in capsys.readouterr().out
    with Store(env["db"], new) as store:  # the new key alone opens everything
        conn = store.connection("T1", "U1")
        assert (conn.api_key, conn.webhook_secret) == ("cal_live_rotatekey1234", "whsec-rotate")
    with pytest.raises(Exception, match="does not match"):
        Store(env["db"], old)


def test_settings_take_several_comma_separated_keys(env, monkeypatch):
    monkeypatch.setenv("CALBOT_SECRET_KEY", f"{env['key']}, {Fernet.generate_key().decode()}")
    assert load_settings(env_file=None).secret("CALBOT_SECRET_KEY")
    monkeypatch.setenv("CALBOT_SECRET_KEY", f"{env['key']},not-a-key")
    with pytest.raises(Exception, match="comma-separated"):
        load_settings(env_file=None)


# ---- audit --------------------------------------------------------------------------------

class _Actions:
    """Stands in for Calbot: what ``@audited`` needs is ``self.audit``."""

    def __init__(self, audit: StoredAudit):
        self.audit = audit

    @audited("cancelled", uid_arg=True)
    def cancel(self, team_id: str, user_id: str, uid: str, reason: str | None) -> object:
        if uid == "gone":
            raise LookupError(uid)
        return type("B", (), {"uid": uid})()

    @audited("disconnected")
    def disconnect(self, team_id: str, user_id: str) -> bool:
        return False


def test_audit_records_each_action_and_its_outcome_and_no_secret(env, capsys):
    clock = [START]
    with Store(env["db"], env["key"], now=lambda: clock[0]) as store:
        actions = _Actions(StoredAudit(store))
        actions.cancel("T1", "U1", "uid-1", "my secret reason")
        with pytest.raises(LookupError):
            actions.cancel("T1", "U2", "gone", None)
        clock[0] = START + timedelta(days=10)
        actions.disconnect("T1", "U1")
        entries = store.audit_entries()
    assert [(e.user_id, e.action, e.booking_uid, e.outcome) for e in entries] == [
        ("U1", "cancelled", "uid-1", "ok"), ("U2", "cancelled", "gone", "LookupError"),
        ("U1", "disconnected", None, "nothing to do")]
    assert "secret" not in json.dumps([e.__dict__ for e in entries])
    out = io.StringIO()
    from bot.operator import commands

    args = type("A", (), {"since": "7d", "user": [], "json": True})()
    assert commands.audit(args, START + timedelta(days=10), out=out) == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(x["action"], x["outcome"]) for x in lines] == [("disconnected", "nothing to do")]
    args = type("A", (), {"since": "30d", "user": ["U2"], "json": False})()
    out = io.StringIO()
    assert commands.audit(args, START + timedelta(days=10), out=out) == 0
    assert out.getvalue().count("\n") == 1 and "T1/U2" in out.getvalue()


def test_audit_since_reads_spans_and_dates():
    assert since_instant("7d", START) == START - timedelta(days=7)
    assert since_instant("12h", START) == START - timedelta(hours=12)
    assert since_instant("2026-01-31", START).isoformat() == "2026-01-31T00:00:00+00:00"
    with pytest.raises(BadSince):
        since_instant("last week", START)


# ---- check --------------------------------------------------------------------------------

def test_check_passes_a_good_deployment_and_names_each_problem(env, monkeypatch):
    import httpx

    with FakeSlack() as slack:
        slack.workspace().scopes = list(BOT_SCOPES)
        monkeypatch.setenv("SLACK_BOT_TOKEN", slack.bot_token)
        monkeypatch.setenv("SLACK_API_URL", slack.api_url)
        monkeypatch.setenv("CALCOM_API_URL", slack.base_url)  # anything that answers HTTP
        with Store(env["db"], env["key"]) as store:
            store.save_connection("T1", "U1", "cal_live_checkkey1234", None)
        with httpx.Client(timeout=5) as http:
            results = run_checks(load_settings(env_file=None), http=http)
            assert [(r.name, r.ok) for r in results] == [
                ("settings", True), ("database", True), ("secret key", True), ("slack", True),
                ("cal.com", True), ("public url", True)], [r.line() for r in results]
            slack.workspace().scopes = [s for s in BOT_SCOPES if s != "im:history"]
            monkeypatch.setenv("CALBOT_SECRET_KEY", Fernet.generate_key().decode())
            monkeypatch.setenv("CALBOT_PUBLIC_URL", "http://127.0.0.1:9")
            results = run_checks(load_settings(env_file=None), http=http)
        failed = {r.name: r.said for r in results if not r.ok}
        assert set(failed) == {"secret key", "slack", "public url"}
        assert "im:history" in failed["slack"]
        assert "CALBOT_PUBLIC_URL" in failed["public url"]


def test_calbot_check_exits_1_with_one_line_per_check(env, capsys):
    assert main(["check"]) == 1  # no Slack at the default URL in a test: that check fails
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("ok    settings")
    assert any(line.startswith("FAIL  database") for line in lines)  # never migrated
