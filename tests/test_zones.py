"""The user's zone and Slack locale: one users.info (with include_locale) fills both, the store
caches them for a day, and the translator follows the locale."""

from __future__ import annotations

from datetime import timedelta

from cryptography.fernet import Fernet
from slack_sdk import WebClient

from bot.zones import Zones
from storage import Store
from tests.clock import TestClock
from tests.fakes.slack import FakeSlack


def test_one_users_info_gives_zone_and_locale_and_the_store_keeps_them(tmp_path):
    clock = TestClock()
    with FakeSlack() as slack, Store(tmp_path / "c.db", Fernet.generate_key().decode(),
                                     now=clock) as store:
        slack.set_user("U1", tz="Europe/Berlin", locale="de-DE")
        client = WebClient(token=slack.bot_token, base_url=slack.api_url, timeout=5)
        zones = Zones(store, max_age_s=3600)
        team = slack.default_team
        assert zones.profile(client, team, "U1") == ("Europe/Berlin", "de-DE")
        assert zones.translator(client, team, "U1")("Book") == "Buchen"
        assert zones.of(client, team, "U1") == "Europe/Berlin"
        calls = slack.calls_to("users.info")
        assert len(calls) == 1 and calls[0].params["include_locale"] in (True, "true", "1")

        slack.set_user("U1", tz="Asia/Tokyo", locale="ja-JP")
        assert zones.locale_of(client, team, "U1") == "de-DE"  # cached for max_age_s
        clock.advance(timedelta(seconds=3601))
        assert zones.profile(client, team, "U1") == ("Asia/Tokyo", "ja-JP")
        assert len(slack.calls_to("users.info")) == 2

        slack.set_user("U2")  # Slack's default locale: US English, no catalog
        assert zones.translator(client, team, "U2")("Book") == "Book"
        assert zones.locale_of(client, team, "U2") == "en-US"


def test_slack_unreachable_means_english_not_a_second_failure(tmp_path):
    import socket

    from i18n import ENGLISH

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = WebClient(token="xoxb-1", base_url=f"http://127.0.0.1:{port}/api/", timeout=2)
    with Store(tmp_path / "c.db", Fernet.generate_key().decode(), now=TestClock()) as store:
        assert Zones(store).translator(client, "T1", "U1") is ENGLISH
