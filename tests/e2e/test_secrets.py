"""API keys and webhook secrets never reach a log line, Slack, or the database in plain text."""

import json
import logging

from blockkit import ids
from tests.e2e.harness import USER, wait_until
from tests.fakes.calcom import ALICE_KEY


def test_a_whole_session_leaks_no_secret(tmp_path, slack, cal, caplog):
    from tests.e2e.harness import CalbotUnderTest

    caplog.set_level(logging.INFO)  # production's level, for every logger
    for ours in ("calbot", "bot", "commands", "notices", "storage", "calcom"):
        caplog.set_level(logging.DEBUG, logger=ours)
    app = CalbotUnderTest(tmp_path, slack, cal, cal.url,
                          CALBOT_PUBLIC_URL="https://calbot.example.com")
    try:
        app.side.command("connect")
        view_id = slack.wait_for("views.open")[0].response["view"]["id"]
        done = app.side.submit(slack.views[view_id], {ids.API_KEY: ALICE_KEY})
        assert done.json()["response_action"] == "update"
        conn = wait_until(lambda: (c := app.store.connection(app.team, USER)) and c.webhook_id
                          and c, what="webhook registered and kept")
        [hook] = cal.webhooks_of(ALICE_KEY)
        secret = hook.secret
        assert conn.webhook_secret == secret and str(hook.id) == conn.webhook_id
        app.side.command("list")
        app.side.command("cancel bk_doesnotexist because")
        cal.revoke_key(ALICE_KEY)  # errors carry no key either
        _, token = app.side.command("pending")
        assert "/cal connect" in app.side.reply(token)["text"]
    finally:
        app.stop()

    sent_to_slack = json.dumps([c.params for c in slack.calls]) + json.dumps(
        [r.body for r in slack.responses])
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("calbot.db*") if p.is_file())
    for value in (ALICE_KEY, secret):
        assert value not in caplog.text
        assert value not in sent_to_slack
        assert value.encode() not in stored
