"""Multi-workspace mode end to end: Slack's OAuth install, the installed team's token in use,
uninstall forgetting the team, and forged or expired `state` refused.

The real app (`bot.runtime.build`) runs with SLACK_CLIENT_ID / SLACK_CLIENT_SECRET /
SLACK_STATE_SECRET and no bot token. The fake Slack's `oauth.v2.access` answers the canned
install (`shared/slack/web-api-responses/oauth.v2.access.install.ok.json`): a workspace of an
Enterprise Grid org, so requests from it carry its `enterprise_id` as Slack's do.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
import urllib.parse
from contextlib import closing
from html import unescape

import httpx
import pytest

from blockkit import ids
from bot.oauth import BOT_SCOPES
from tests.e2e.harness import CHANNEL, PAYLOADS, USER, CalbotUnderTest, SlackSide, wait_until
from tests.fakes.calcom import ALICE_KEY, BOB_KEY
from tests.fakes.slack import canned

CLIENT_ID = "1111111111.2222222222"
CLIENT_SECRET = "e2e-client-secret-0c1f"
STATE_SECRET = "e2e-state-secret-5b7a0d9e3c"
INSTALL = canned("oauth.v2.access.install.ok")
TEAM = INSTALL["team"]["id"]
ENTERPRISE = INSTALL["enterprise"]["id"]
BOT_TOKEN = INSTALL["access_token"]
OTHER_TEAM = "T0OTHERTEAM"
COOKIE = "slack-app-oauth-state"
CALBOT_TABLES = ("users", "connections", "bookings", "booking_messages", "subscriptions",
                 "threads", "outbox", "warnings")


class GridSide(SlackSide):
    """Slack for a workspace of an Enterprise Grid org: requests name the org too."""

    def __init__(self, base_url: str, slack, team: str, enterprise: str):
        super().__init__(base_url, slack, team)
        self.enterprise = enterprise

    def command_body(self, text, **kw):
        body, token, trigger = super().command_body(text, **kw)
        form = dict(urllib.parse.parse_qsl(body.decode(), keep_blank_values=True))
        form.update(enterprise_id=self.enterprise, enterprise_name="slack-sports")
        return urllib.parse.urlencode(form).encode(), token, trigger

    def uninstalled(self) -> httpx.Response:
        wrapper = json.loads((PAYLOADS / "app_home_opened.json").read_text())
        wrapper.update(team_id=self.team, enterprise_id=self.enterprise,
                       event={"type": "app_uninstalled", "event_ts": f"{time.time():.6f}"},
                       event_id=f"Ev{time.monotonic_ns()}")
        for auth in wrapper["authorizations"]:
            auth.update(team_id=self.team, enterprise_id=self.enterprise)
        return self.post(json.dumps(wrapper).encode(), "application/json")


@pytest.fixture
def multi(tmp_path, slack, cal):
    app = CalbotUnderTest(tmp_path, slack, cal, cal.url, SLACK_BOT_TOKEN=None,
                          SLACK_CLIENT_ID=CLIENT_ID, SLACK_CLIENT_SECRET=CLIENT_SECRET,
                          SLACK_STATE_SECRET=STATE_SECRET)
    assert app.settings.multi_workspace and not app.settings.socket_mode
    app.grid = GridSide(app.url, slack, TEAM, ENTERPRISE)
    yield app
    app.grid.http.close()
    app.stop()


def db_rows(app, sql: str, *args) -> list[tuple]:
    """Read the app's own database file (what survives a restart)."""
    with closing(sqlite3.connect(app.settings.CALBOT_DATABASE)) as db:
        return db.execute(sql, args).fetchall()


def has_table(app, name: str) -> bool:
    return bool(db_rows(app, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        name))


def installed_bots(app, team: str = TEAM) -> list[tuple]:
    """slack_sdk's installation store creates its tables on first use: none yet is none."""
    if not has_table(app, "slack_bots"):
        return []
    return db_rows(app, "SELECT enterprise_id, bot_token FROM slack_bots WHERE team_id = ?", team)


def installations(app, team: str = TEAM) -> list[tuple]:
    if not has_table(app, "slack_installations"):
        return []
    return db_rows(app, "SELECT enterprise_id, bot_token, user_id FROM slack_installations "
                        "WHERE team_id = ?", team)


def start_install(app) -> tuple[httpx.Client, str, str]:
    """GET /slack/install like a browser: (the browser, Slack's authorize URL, the state)."""
    browser = httpx.Client(base_url=app.url, timeout=10, follow_redirects=False)
    page = browser.get("/slack/install")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    link = next(unescape(u) for u in re.findall(r'href="([^"]+)"', page.text)
                if "/oauth/v2/authorize" in u)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
    state = query["state"][0]
    cookie = page.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}={state};") and "HttpOnly" in cookie
    assert query["client_id"] == [CLIENT_ID]
    assert query["scope"][0].split(",") == BOT_SCOPES
    return browser, link, state


def finish_install(browser: httpx.Client, state: str, code: str = "abc") -> httpx.Response:
    """Slack sends the browser back with a code and the state. The browser holds Bolt's state
    cookie, but it is `Secure`, so the jar sends it only over https: over the test's plain
    http, send what the jar holds by hand."""
    held = browser.cookies.get(COOKIE)
    headers = {"Cookie": f"{COOKIE}={held}"} if held else {}
    return browser.get("/slack/oauth_redirect", params={"code": code, "state": state},
                       headers=headers)


def install(app) -> httpx.Response:
    browser, _, state = start_install(app)
    try:
        return finish_install(browser, state)
    finally:
        browser.close()


def test_install_stores_the_workspace_and_its_token_is_used(multi, slack, cal):
    # Before the install, Bolt finds no token for the workspace: calbot never runs.
    before, _ = multi.grid.command("help")
    assert before.status_code == 200 and "/cal connect" not in before.text
    assert installed_bots(multi) == [] and slack.calls == []

    done = install(multi)
    assert done.status_code == 200, done.text
    access = slack.calls_to("oauth.v2.access")
    assert len(access) == 1 and access[0].params["code"] == "abc"
    assert all(c.token == BOT_TOKEN for c in slack.calls_to("auth.test"))
    # Stored in calbot's own database file, keyed by org and workspace.
    assert installed_bots(multi) == [(ENTERPRISE, BOT_TOKEN)]
    assert installations(multi) == [(ENTERPRISE, BOT_TOKEN, INSTALL["authed_user"]["id"])]
    found = multi.runtime.services.installations.find_bot(enterprise_id=ENTERPRISE,
                                                          team_id=TEAM)
    assert found is not None and found.bot_token == BOT_TOKEN
    # Background senders (approval DMs, channel notices) know only the workspace id.
    assert multi.runtime.clients.for_team(TEAM).token == BOT_TOKEN

    helped, _ = multi.grid.command("help")
    assert helped.status_code == 200
    assert "/cal connect" in helped.json()["text"] and "/cal notify" in helped.json()["text"]

    listed, _ = multi.grid.command("list")
    assert "/cal connect" in listed.json()["text"]
    assert cal.requests == []

    slack.clear()
    opened, _ = multi.grid.command("connect")
    assert opened.status_code == 200
    call = slack.wait_for("views.open")[0]
    assert call.ok, call.response
    assert call.token == BOT_TOKEN  # the installed workspace's bot token, nothing else
    assert call.params["view"]["callback_id"] == ids.CONNECT_VIEW
    assert {c.token for c in slack.calls} == {BOT_TOKEN}


def test_uninstall_forgets_the_installation_and_the_workspace_data(multi, slack):
    assert install(multi).status_code == 200
    store = multi.store
    store.save_connection(TEAM, USER, ALICE_KEY, None)
    store.subscribe(TEAM, USER, CHANNEL, {"created"})
    store.save_connection(OTHER_TEAM, USER, BOB_KEY, None)  # another workspace: kept
    store.subscribe(OTHER_TEAM, USER, CHANNEL, {"created"})

    answer = multi.grid.uninstalled()
    assert answer.status_code == 200
    wait_until(lambda: not installed_bots(multi) and not installations(multi),
               what="installation deleted")
    wait_until(lambda: store.connection(TEAM, USER) is None, what="connection forgotten")
    for table in CALBOT_TABLES:
        assert db_rows(multi, f"SELECT count(*) FROM {table} WHERE team_id = ?", TEAM) == [(0,)]
    assert store.subscriptions(TEAM) == []
    assert store.connection(OTHER_TEAM, USER).api_key == BOB_KEY
    assert len(store.subscriptions(OTHER_TEAM)) == 1

    # Gone means gone: the workspace's commands no longer find a token.
    slack.clear()
    after, _ = multi.grid.command("connect")
    assert after.status_code == 200
    time.sleep(0.2)
    assert slack.calls_to("views.open") == []


def expire_states(app) -> None:
    """Age every issued state past its expiry, as 10 minutes of waiting would (slack_sdk's
    state store reads the wall clock itself)."""
    with closing(sqlite3.connect(app.settings.CALBOT_DATABASE)) as db, db:
        db.execute("UPDATE oauth_states SET expire_at = ?", (time.time() - 1,))


def callback(browser: httpx.Client, state: str, cookie: str | None) -> httpx.Response:
    headers = {"Cookie": f"{COOKIE}={cookie}"} if cookie else {}
    return browser.get("/slack/oauth_redirect", params={"code": "abc", "state": state},
                       headers=headers)


def failure_reason(page: httpx.Response) -> str:
    found = re.search(r"reason: (\w+)", page.text)
    return found.group(1) if found else ""


BAD_STATES = [
    # Cookie and state agree, but the state store (in calbot's database) refuses the state.
    ("forged", 401, "invalid_state"),
    ("expired", 401, "invalid_state"),
    ("garbage", 401, "invalid_state"),
    # A state that isn't this browser's (Bolt's cookie check, before the store).
    ("no_cookie", 400, "invalid_browser"),
    ("other_browser", 400, "invalid_browser"),
]


def bad_callback(app, kind: str) -> httpx.Response:
    browser, _, issued = start_install(app)
    browser.cookies.clear()
    try:
        if kind == "forged":  # well-formed, never issued
            state = "0b7e1c52-9f55-4b7e-8d0e-3f6a2c1d9e4b"
            return callback(browser, state, cookie=state)
        if kind == "expired":
            expire_states(app)
            return callback(browser, issued, cookie=issued)
        if kind == "garbage":
            return callback(browser, "no-dots-at-all", cookie="no-dots-at-all")
        if kind == "no_cookie":
            return callback(browser, issued, cookie=None)
        other_browser, _, other = start_install(app)
        other_browser.close()
        return callback(browser, other, cookie=issued)
    finally:
        browser.close()


def test_bad_state_shows_an_error_page_and_stores_nothing(multi, slack):
    for kind, status, reason in BAD_STATES:
        answer = bad_callback(multi, kind)
        assert (answer.status_code, failure_reason(answer)) == (status, reason), kind
        assert "text/html" in answer.headers["content-type"], kind
        assert 'href="/slack/install"' in answer.text, kind  # where to start again
    assert slack.calls_to("oauth.v2.access") == []
    assert installed_bots(multi) == [] and installations(multi) == []


def test_the_callback_cannot_be_replayed(multi, slack):
    """Bolt clears its state cookie once the callback ran, and the state store consumed the
    state: a reload is refused, and so is a replay that carries the old cookie by hand."""
    browser, _, state = start_install(multi)
    try:
        assert finish_install(browser, state).status_code == 200
        # Bolt clears the cookie after the callback: a reload of the page is refused.
        assert browser.cookies.get(COOKIE) != state
        again = finish_install(browser, state)
        replayed = callback(browser, state, cookie=state)
    finally:
        browser.close()
    assert (again.status_code, failure_reason(again)) == (400, "invalid_browser")
    assert (replayed.status_code, failure_reason(replayed)) == (401, "invalid_state")
    assert len(slack.calls_to("oauth.v2.access")) == 1


def test_slack_refusing_the_code_stores_nothing(multi, slack):
    slack.fail_next("oauth.v2.access", "invalid_code")
    browser, _, state = start_install(multi)
    try:
        answer = finish_install(browser, state, code="used-code")
    finally:
        browser.close()
    assert answer.status_code == 401 and "text/html" in answer.headers["content-type"]
    assert len(slack.calls_to("oauth.v2.access")) == 1
    assert installed_bots(multi) == []
