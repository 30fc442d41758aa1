"""Running the real calbot over real HTTP on 127.0.0.1, and playing Slack against it.

`CalbotUnderTest` starts the production wiring (`bot.runtime.build`) with the fake Slack Web API
(`tests/fakes/slack/`) and the fake Cal.com served over HTTP (`tests/fakes/calcom/`).
`SlackSide` sends requests the way Slack does: bodies built from the captured payloads in
`tests/data/slack/payloads/`, signed with the signing secret over the exact bytes sent.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import time
import urllib.parse
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from cryptography.fernet import Fernet

from blockkit.values import FormState
from bot.runtime import Runtime, build
from bot.settings import load_settings
from tests.data import data_path
from tests.fakes.calcom import FakeCalcom
from tests.fakes.slack import FakeSlack

PAYLOADS = data_path("slack", "payloads")
SIGNING_SECRET = "e2e-signing-secret-8f742231b10e"
USER = "U2147483697"
OTHER_USER = "U0OTHER0001"
CHANNEL = "C2147483705"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    base = f"v0:{timestamp}:".encode() + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def wait_until(check: Callable[[], Any], timeout: float = 5.0, what: str = "condition",
               poll: float = 0.01) -> Any:
    """Poll `check` until it returns something truthy (no fixed sleeps in tests)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(poll)


def make_tomorrow_a_workday(clock: Callable[[], datetime], zone: str = "Europe/Rome") -> None:
    """Move the tests' clock (a TestClock) ahead by whole days until "tomorrow" in ``zone`` is
    Monday to Friday (the fake's users work then), whatever date the tests start on."""
    from zoneinfo import ZoneInfo

    from tests.clock import TestClock

    assert isinstance(clock, TestClock)
    now = clock()
    while (now.astimezone(ZoneInfo(zone)) + timedelta(days=1)).weekday() >= 5:
        now += timedelta(days=1)
    clock.set(now)


class SlackSide:
    """Plays Slack: signed slash commands, button clicks, modal submissions and events."""

    def __init__(self, base_url: str, slack: FakeSlack, team: str):
        self.http = httpx.Client(base_url=base_url, timeout=10)
        self.slack = slack
        self.team = team
        self.secret = SIGNING_SECRET

    def headers(self, body: bytes, content_type: str = "application/x-www-form-urlencoded", *,
                timestamp: str | None = None, secret: str | None = None) -> dict[str, str]:
        """The headers Slack sends with `body`: signed over its exact bytes. The timestamp is
        the real clock's, as Slack's is (Bolt checks it against the clock it runs on)."""
        ts = timestamp or str(int(time.time()))
        return {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts,
                "X-Slack-Signature": signature(secret or self.secret, ts, body),
                "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)"}

    def present(self, user: str, channel: str | None = None) -> None:
        """Slack sends requests only from users and channels that exist in the workspace:
        make them exist in the fake (untouched when they already do; nothing before the app is
        installed in the workspace)."""
        if self.team not in self.slack.workspaces:
            return
        if user not in self.slack.workspace(self.team).users:
            self.slack.set_user(user, team=self.team)
        if channel and channel not in self.slack.workspace(self.team).channels:
            self.slack.set_channel(channel, team=self.team)

    def post(self, body: bytes, content_type: str, *, timestamp: str | None = None,
             secret: str | None = None, headers: dict[str, str] | None = None) -> httpx.Response:
        sent = {**self.headers(body, content_type, timestamp=timestamp, secret=secret),
                **(headers or {})}
        return self.http.post("/slack/events", content=body, headers=sent)

    # -- slash commands --------------------------------------------------------------------
    def command_body(self, text: str, *, user: str = USER, channel: str = CHANNEL,
                     command: str = "/cal") -> tuple[bytes, str, str]:
        fields = urllib.parse.parse_qs((PAYLOADS / "slash_command.txt").read_text().strip())
        form = {k: v[0] for k, v in fields.items()}
        self.present(user, channel)
        token = f"cmd{time.monotonic_ns()}"
        trigger = self.slack.trigger_id(self.team)
        form.update(team_id=self.team, user_id=user, channel_id=channel, command=command,
                    text=text, response_url=self.slack.response_url(token), trigger_id=trigger)
        return urllib.parse.urlencode(form).encode(), token, trigger

    def command(self, text: str, **kw: Any) -> tuple[httpx.Response, str]:
        """`/cal <text>`. Returns the HTTP answer and the response_url token to read replies."""
        body, token, _ = self.command_body(text, **kw)
        return self.post(body, "application/x-www-form-urlencoded"), token

    def replies(self, token: str) -> list[dict[str, Any]]:
        return self.slack.responses_for(token)

    def reply(self, token: str, count: int = 1, timeout: float = 5.0) -> dict[str, Any]:
        """The `count`-th message posted to a command's response_url (waits for it)."""
        got = wait_until(lambda: len(self.replies(token)) >= count and self.replies(token),
                         timeout, f"reply {count} on response_url")
        return got[count - 1]

    # -- interactivity ---------------------------------------------------------------------
    def _interactive(self, payload: dict[str, Any], **kw: Any) -> httpx.Response:
        body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
        return self.post(body, "application/x-www-form-urlencoded", **kw)

    def click(self, action_id: str, value: str, *, user: str = USER, where: str = "message",
              channel: str = CHANNEL, message_ts: str = "1605853634.000400",
              view: dict[str, Any] | None = None, **kw: Any) -> tuple[httpx.Response, str]:
        """A button press in a message (`where='message'`), an ephemeral reply, Home, or a
        modal. Returns the answer and the response_url token."""
        payload = json.loads((PAYLOADS / "block_actions.message_button.json").read_text())
        self.present(user, channel if where not in ("home", "modal") else None)
        token = f"act{time.monotonic_ns()}"
        payload["user"] = {"id": user, "username": "someone", "name": "someone",
                           "team_id": self.team}
        payload["team"] = {"id": self.team, "domain": "example"}
        payload["trigger_id"] = self.slack.trigger_id(self.team)
        payload["actions"] = [{"action_id": action_id, "block_id": "booking_actions",
                               "value": value, "type": "button",
                               "text": {"type": "plain_text", "text": action_id},
                               "action_ts": f"{time.time():.6f}"}]
        payload["response_url"] = self.slack.response_url(token)
        payload["channel"] = {"id": channel, "name": "bookings"}
        payload["container"] = {"type": "message", "message_ts": message_ts,
                                "channel_id": channel, "is_ephemeral": where == "ephemeral"}
        if where in ("home", "modal"):
            payload.pop("channel", None)
            payload.pop("response_url", None)
            payload.pop("message", None)
            shown = view or {"id": "VHOME0001", "type": "home" if where == "home" else "modal",
                             "blocks": [], "private_metadata": "", "hash": "h1"}
            payload["view"] = shown
            payload["container"] = {"type": "view", "view_id": shown["id"]}
        if where == "message" and channel:
            found = self.slack.message(channel, message_ts)
            if found:
                payload["message"] = found
        return self._interactive(payload, **kw), token

    def submit(self, view: dict[str, Any], values: dict[str, Any], *, user: str = USER,
               **kw: Any) -> httpx.Response:
        """Submit a modal calbot opened (as the fake Slack holds it) with these input values."""
        payload = json.loads((PAYLOADS / "view_submission.json").read_text())
        self.present(user)
        payload["user"] = {"id": user, "username": "someone", "name": "someone",
                           "team_id": self.team}
        payload["team"] = {"id": self.team, "domain": "example"}
        shown = copy.deepcopy(view)
        state: dict[str, Any] = {}
        for block in shown.get("blocks", []):
            if block.get("type") != "input":
                continue
            element = block["element"]
            value = values.get(block["block_id"], element.get("initial_value"))
            if element["type"] == "checkboxes":
                picked_values = values.get(block["block_id"])
                chosen = ([o for o in element.get("options", []) if o["value"] in picked_values]
                          if isinstance(picked_values, list) else element.get(
                              "initial_options", []))
                state[block["block_id"]] = {element["action_id"]: {
                    "type": "checkboxes", "selected_options": chosen}}
            elif element["type"] == "static_select":
                picked = values.get(block["block_id"])
                option = next((o for o in element.get("options", [])
                               if o["value"] == picked), element.get("initial_option"))
                state[block["block_id"]] = {element["action_id"]: {
                    "type": "static_select", "selected_option": option}}
            else:
                state[block["block_id"]] = {element["action_id"]: {
                    "type": element["type"], "value": value}}
        shown["state"] = {"values": state}
        shown.setdefault("hash", "1.abc")
        shown.setdefault("team_id", self.team)
        payload["view"] = shown
        return self._interactive(payload, **kw)

    def event(self, event: dict[str, Any], *, event_id: str | None = None,
              headers: dict[str, str] | None = None) -> httpx.Response:
        wrapper = json.loads((PAYLOADS / "app_home_opened.json").read_text())
        if isinstance(event.get("user"), str):
            self.present(event["user"], event.get("channel"))
        wrapper["team_id"] = self.team
        wrapper["event"] = event
        wrapper["event_id"] = event_id or f"Ev{time.monotonic_ns()}"
        for auth in wrapper.get("authorizations", []):
            auth["team_id"] = self.team
        body = json.dumps(wrapper).encode()
        return self.post(body, "application/json", headers=headers)


class CalbotUnderTest:
    """The real app on 127.0.0.1 (same factory as production) against both fakes."""

    def __init__(self, tmp_path: Path, slack: FakeSlack, cal: FakeCalcom, cal_url: str,
                 *, pace_s: float = 0.02, clock: Callable[[], datetime] | None = None,
                 **settings: Any):
        """`pace_s`: the notices' per-channel pacing (production: 1 s; pacing itself is
        tested in tests/test_notices_outbox.py and measured in bench/)."""
        self.slack = slack
        self.cal = cal
        self.clock = clock or cal.now  # the fake Cal.com and the app agree on the time
        values = dict(
            SLACK_BOT_TOKEN=slack.bot_token, SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=slack.api_url, CALCOM_API_URL=cal_url,
            CALBOT_DATABASE=str(tmp_path / "calbot.db"),
            CALBOT_SECRET_KEY=Fernet.generate_key().decode(),
        )
        values.update(settings)
        self.settings = load_settings(env_file=None, **values)
        self.runtime: Runtime = build(self.settings, host="127.0.0.1", port=0,
                                       now=self.clock, pace_s=pace_s)
        self.runtime.start()
        self.url = f"http://127.0.0.1:{self.runtime.port}"
        self.side = SlackSide(self.url, slack, slack.team_id)
        self.team = slack.team_id
        # the workspace's cast: the users and the channel the tests play Slack with
        self.side.present(USER, CHANNEL)
        self.side.present(OTHER_USER)

    @property
    def store(self):
        return self.runtime.store

    def meta(self, text: str | None) -> FormState:
        """A view's private_metadata as calbot reads it (signature checked)."""
        return FormState.decode(text, self.runtime.services.signer)

    def connect(self, api_key: str, user: str = USER, api_url: str | None = None) -> None:
        """Store a Cal.com key for a user directly (the connect modal has its own tests)."""
        self.side.present(user)
        self.store.save_connection(self.team, user, api_key, api_url)

    def stop(self) -> None:
        self.runtime.stop()
        self.side.http.close()
