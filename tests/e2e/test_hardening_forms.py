"""Issue 10, points 3b, 3c, 5 and 7 end to end: forms book once, text arrives as typed, and
what calbot carries through Slack is authenticated."""

from __future__ import annotations

import json

from tests.e2e.test_slack_flows import later
from tests.fakes.calcom import ALICE_KEY


def test_a_cancel_reason_reaches_calcom_as_typed_and_shows_escaped(calbot, cal):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, later(5), notify=False)
    # `/cal cancel <uid> Tom & Jerry <3`, as Slack sends it
    _, token = calbot.side.command(f"cancel {uid} Tom &amp; Jerry &lt;3")
    reply = calbot.side.reply(token)
    assert cal.requests_for("cancelBooking")[0].body["cancellationReason"] == "Tom & Jerry <3"
    assert "Tom &amp; Jerry &lt;3" in json.dumps(reply["blocks"])
