"""Approval DMs in the host's Slack language; a channel notice in the language of the person who
subscribed the channel (over real HTTP, webhooks from the fake Cal.com)."""

from __future__ import annotations

import json

import pytest

from blockkit import ids
from tests.e2e.harness import CHANNEL, USER, CalbotUnderTest, wait_until
from tests.e2e.test_notices import ALL_EVENTS, approvals, count_in, hook_up, start_at
from tests.fakes.calcom import ALICE_KEY


@pytest.fixture
def app(tmp_path, slack, cal):
    running = CalbotUnderTest(tmp_path, slack, cal, cal.url)
    yield running
    running.stop()


def test_a_german_hosts_approval_dm_and_channel_notice_are_german(app, slack, cal):
    hook_up(app, events=ALL_EVENTS)
    slack.set_user(USER, tz="Europe/Berlin", locale="de-DE")
    answer, _ = app.side.command("help")  # calbot learns their language (users.info)
    assert "verwaltet deine Cal.com-Buchungen" in answer.json()["text"]

    pending = cal.add_booking(ALICE_KEY, start_at(), event_type="intro-call", status="pending",
                              attendee_name="Jane Doe", attendee_email="jane@example.com")
    dm = approvals(app, pending)[0]
    shown = slack.message(dm.channel, dm.ts)
    blocks = json.dumps(shown["blocks"], ensure_ascii=False)
    assert "Eine Buchung wartet auf deine Bestätigung" in blocks and "*Mit:* Jane Doe" in blocks
    labels = [e["text"]["text"] for b in shown["blocks"] if b["type"] == "actions"
              for e in b["elements"]]
    assert labels == ["Bestätigen", "Ablehnen", "Details"]
    assert [e["action_id"] for b in shown["blocks"] if b["type"] == "actions"
            for e in b["elements"]] == [ids.CONFIRM, ids.DECLINE, ids.DETAILS]
    wait_until(lambda: count_in(slack, CHANNEL, "Buchung angefragt — wartet auf Bestätigung",
                                pending) == 1, what="a German channel notice")
    assert count_in(slack, CHANNEL, "awaiting approval") == 0

    cal.confirm_elsewhere(pending)
    wait_until(lambda: "Bestätigt" in json.dumps(slack.message(dm.channel, dm.ts)["blocks"],
                                                 ensure_ascii=False), what="DM edited in German")
    wait_until(lambda: count_in(slack, CHANNEL, "Buchung bestätigt", pending) == 1)
