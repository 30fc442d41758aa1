"""Bolt's own log lines lose the request body and any Cal.com key (a filter on its loggers)."""

from __future__ import annotations

import logging
import urllib.parse

from slack_bolt import App, BoltRequest
from slack_sdk import WebClient

from bot.logfilter import QuietBodies, install, redact

KEY = "cal_live_0123456789abcdef0123456789abcdef"
BODY = urllib.parse.urlencode({"payload": '{"view":{"state":{"values":{"k":{"k":{"value":"'
                               + KEY + '"}}}}}}'})


def test_bolt_failed_verification_line_is_one_line_without_body(caplog):
    caplog.set_level(logging.DEBUG)
    base = logging.getLogger("calbot.slack.test")
    install(base)
    app = App(client=WebClient(token="xoxb-test", base_url="http://127.0.0.1:9/"),
              signing_secret="secret", logger=base, token_verification_enabled=False)
    install()
    answer = app.dispatch(BoltRequest(body=BODY, headers={
        "content-type": ["application/x-www-form-urlencoded"],
        "x-slack-request-timestamp": ["1"], "x-slack-signature": ["v0=nope"]}))
    assert answer.status == 401
    lines = [r.getMessage() for r in caplog.records if "signature" in r.getMessage()]
    assert len(lines) == 1 and "withheld" in lines[0]
    assert KEY not in caplog.text and "payload" not in caplog.text


def test_redact_cuts_bodies_masks_keys_and_shortens():
    assert redact(f"Invalid request signature detected (signature: v0=1, timestamp: 1, "
                  f"body: {BODY})").endswith("body: <" + str(len(BODY) + 1)
                                             + " chars withheld>)")
    assert KEY not in redact(f"something about {KEY} happened")
    assert len(redact("x" * 10_000)) < 2100
    assert redact("an ordinary line") == "an ordinary line"


def test_the_filter_rewrites_the_record_in_place():
    record = logging.LogRecord("slack_bolt.X", logging.INFO, __file__, 1,
                               "key %s here", (KEY,), None)
    assert QuietBodies().filter(record) is True
    assert KEY not in record.getMessage() and "key cal_" in record.getMessage()
