"""manifest.yml creates the app Slack's way, with the scopes calbot uses and no more."""

import json
import re
from pathlib import Path

import jsonschema
import yaml

from blockkit import ids
from bot.oauth import BOT_SCOPES
from tests.data import data_path

ROOT = Path(__file__).resolve().parent.parent
SHARED = data_path("slack")


def manifest():
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def test_manifest_is_valid_against_slacks_schema():
    schema = json.loads((SHARED / "manifest.schema.json").read_text())
    jsonschema.validate(manifest(), schema)


def test_schema_catches_a_broken_manifest():
    schema = json.loads((SHARED / "manifest.schema.json").read_text())
    broken = manifest()
    broken["settings"]["bad_param"] = True
    validator = jsonschema.Draft7Validator(schema)
    assert list(validator.iter_errors(broken))


def test_manifest_has_what_calbot_uses():
    m = manifest()
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", m["display_information"]["background_color"])
    commands = m["features"]["slash_commands"]
    assert [c["command"] for c in commands] == ["/cal"]
    assert commands[0]["should_escape"] is True  # channels arrive as <#C…|name>
    assert m["features"]["app_home"]["home_tab_enabled"] is True
    assert m["settings"]["interactivity"]["is_enabled"] is True
    events = set(m["settings"]["event_subscriptions"]["bot_events"])
    assert events == {"app_home_opened", "app_uninstalled", "tokens_revoked", "link_shared",
                      "user_change"}  # user_change: a zone change moves the agenda
    shortcuts = {s["callback_id"]: s["type"] for s in m["features"]["shortcuts"]}
    assert shortcuts == {ids.SCHEDULE_SHORTCUT: "message", ids.BOOK_SHORTCUT: "global"}
    assert m["features"]["unfurl_domains"] == ["cal.com"]  # CALCOM_APP_URL's default host
    assert sorted(m["oauth_config"]["scopes"]["bot"]) == sorted(BOT_SCOPES)
    for url in (commands[0]["url"], m["settings"]["interactivity"]["request_url"],
                m["settings"]["event_subscriptions"]["request_url"]):
        assert url.endswith("/slack/events")
    assert m["oauth_config"]["redirect_urls"][0].endswith("/slack/oauth_redirect")
