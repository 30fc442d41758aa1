"""Issue 10, points 3b, 3c, 5 and 7 end to end: forms book once, text arrives as typed, and
what calbot carries through Slack is authenticated."""

from __future__ import annotations

import json

from blockkit import ids
from tests.e2e.test_slack_flows import later, opened_view
from tests.fakes.calcom import ALICE_KEY


def test_a_cancel_reason_reaches_calcom_as_typed_and_shows_escaped(calbot, cal):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, later(5), notify=False)
    # `/cal cancel <uid> Tom & Jerry <3`, as Slack sends it
    _, token = calbot.side.command(f"cancel {uid} Tom &amp; Jerry &lt;3")
    reply = calbot.side.reply(token)
    assert cal.requests_for("cancelBooking")[0].body["cancellationReason"] == "Tom & Jerry <3"
    assert "Tom &amp; Jerry &lt;3" in json.dumps(reply["blocks"])


# --- 7: private_metadata and button values are authenticated ---------------------------------

def test_tampered_metadata_is_refused_and_nothing_is_done(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, later(5), notify=False)
    calbot.side.command(f"cancel {uid}")
    view = opened_view(slack)
    signed = view["private_metadata"]
    assert calbot.meta(signed).uid == uid
    # Another user's DM to overwrite, and a response_url the attacker reads:
    evil = {"uid": uid, "ch": "D0OTHERDM1", "ts": "1700000000.000100",
            "r": slack.response_url("attacker")}
    mac = signed.rpartition(".")[2]
    for forged in (json.dumps(evil), json.dumps(evil) + "." + mac):
        answer = calbot.side.submit({**view, "private_metadata": forged},
                                    {ids.REASON: "conflict"})
        assert answer.status_code == 200
        assert answer.json()["response_action"] == "update"
        assert "nothing was done" in json.dumps(answer.json()["view"])
    assert cal.count("cancelBooking") == 0 and cal.booking(uid).status != "cancelled"
    assert slack.calls_to("chat.update") == [] and slack.responses_for("attacker") == []


def test_a_tampered_slot_button_is_refused_in_one_sentence(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    answer, token = calbot.side.click(f"{ids.BOOK_SLOT}:0", "11|2026-12-01 10:00")
    assert answer.status_code == 200
    told = calbot.side.reply(token)
    assert "nothing was done" in told["text"]
    assert slack.calls_to("views.open") == [] and cal.count("createBooking") == 0
