"""The fake Slack Web API, driven by the real slack_sdk clients: it answers as Slack does, and
refuses what Slack refuses, with Slack's error codes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import builtin_handlers
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.webhook import WebhookClient

from tests.clock import TestClock
from tests.fakes.slack import FakeSlack, check_message, check_view


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.set_channel("C1")
        fake.set_user("U1")
        yield fake


@pytest.fixture
def client(slack: FakeSlack) -> WebClient:
    return WebClient(token=slack.bot_token, base_url=slack.api_url, timeout=5)


def error_of(call: Any, **kw: Any) -> str:
    """The Slack error code a client call fails with ("ok" when it does not fail)."""
    try:
        call(**kw)
    except SlackApiError as e:
        return str(e.response["error"])
    return "ok"


def section(text: str, **extra: Any) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def button(action_id: str = "go", value: str = "v", **extra: Any) -> dict:
    return {"type": "button", "action_id": action_id, "value": value,
            "text": {"type": "plain_text", "text": "Go"}, **extra}


def actions(*elements: dict, **extra: Any) -> dict:
    return {"type": "actions", "elements": list(elements), **extra}


def plain(text: str) -> dict:
    return {"type": "plain_text", "text": text}


def option(n: int | str, text: str | None = None) -> dict:
    return {"text": plain(text or f"Option {n}"), "value": f"v{n}"}


def input_block(element: dict, block_id: str = "in") -> dict:
    return {"type": "input", "block_id": block_id, "label": plain("Label"), "element": element}


def modal(title: str = "Book", **extra: object) -> dict:
    return {"type": "modal", "title": plain(title), "blocks": [section("hi")], **extra}


# ---- messages, views, users: the happy paths ------------------------------------------------


def test_post_message_update_delete(slack: FakeSlack, client: WebClient):
    first = client.chat_postMessage(channel="C1", text="hello", blocks=[section("*hello*")])
    second = client.chat_postMessage(channel="C1", text="again", thread_ts=first["ts"])
    assert first["ok"] and first["channel"] == "C1"
    assert float(second["ts"]) > float(first["ts"])  # fresh, increasing
    assert first["message"]["blocks"] == [section("*hello*")]
    assert [m["text"] for m in slack.messages_in("C1")] == ["hello", "again"]
    assert slack.messages_in("C1")[1]["thread_ts"] == first["ts"]

    call = slack.calls_to("chat.postMessage")[0]
    assert call.params["text"] == "hello" and call.params["blocks"] == [section("*hello*")]
    assert call.headers["Authorization"] == f"Bearer {slack.bot_token}"
    assert call.headers["content-type"].startswith("application/json")  # slack_sdk sends JSON
    assert call.ok and call.error is None

    updated = client.chat_update(channel="C1", ts=first["ts"], text="edited", blocks=[])
    assert updated["ts"] == first["ts"] and updated["text"] == "edited"
    stored = slack.message("C1", first["ts"])
    assert stored is not None and stored["text"] == "edited" and stored["blocks"] == []
    with pytest.raises(SlackApiError) as err:
        client.chat_update(channel="C1", ts="1.000000", text="x")
    assert err.value.response["error"] == "message_not_found"

    assert client.chat_delete(channel="C1", ts=first["ts"])["ok"]
    assert slack.message("C1", first["ts"]) is None
    with pytest.raises(SlackApiError, match="message_not_found"):
        client.chat_delete(channel="C1", ts=first["ts"])


def test_message_ts_comes_from_the_clock():
    clock = TestClock(datetime(2027, 3, 1, 12, 0, tzinfo=UTC), ticking=False)
    with FakeSlack(clock=clock) as slack:
        slack.set_channel("C1")
        client = WebClient(token=slack.bot_token, base_url=slack.api_url)
        first = client.chat_postMessage(channel="C1", text="a")["ts"]
        second = client.chat_postMessage(channel="C1", text="b")["ts"]
    assert float(first) == pytest.approx(clock().timestamp())
    assert float(second) > float(first)  # a frozen clock still gives each message its own ts


def test_ephemeral_and_dm_by_user_id(slack: FakeSlack, client: WebClient):
    eph = client.chat_postEphemeral(channel="C1", user="U1", text="only you")
    assert eph["message_ts"] and slack.ephemerals[0]["user"] == "U1"
    opened = client.conversations_open(users="U1")
    dm = opened["channel"]["id"]
    assert dm.startswith("D")
    posted = client.chat_postMessage(channel="U1", text="dm")  # a user id posts to the DM
    assert posted["channel"] == dm and slack.messages_in(dm)[0]["text"] == "dm"
    assert client.conversations_info(channel=dm)["channel"]["is_im"] is True
    with pytest.raises(SlackApiError, match="no_text"), pytest.warns(UserWarning):
        client.chat_postMessage(channel="C1")


def test_channel_state_and_canned_errors(slack: FakeSlack, client: WebClient):
    slack.set_channel("C9", is_member=False, name="sales")
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C9", text="x")
    assert err.value.response["error"] == "not_in_channel"
    assert client.conversations_join(channel="C9")["channel"]["is_member"] is True
    assert client.chat_postMessage(channel="C9", text="x")["ok"]

    slack.set_channel("G2", is_private=True)
    info = client.conversations_info(channel="G2")["channel"]
    assert info["is_private"] is True and info["id"] == "G2"
    assert slack.calls_to("conversations.info")[0].headers["content-type"].startswith(
        "application/x-www-form-urlencoded")  # form-encoded, and still understood

    slack.set_channel("C8", is_archived=True)
    with pytest.raises(SlackApiError, match="is_archived"):
        client.chat_postMessage(channel="C8", text="x")

    slack.fail_next("chat.postMessage", error="missing_scope")
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C1", text="x")
    assert err.value.response.status_code == 200
    assert err.value.response.data == {"ok": False, "error": "missing_scope",
                                       "needed": "chat:write", "provided": "commands"}
    assert client.chat_postMessage(channel="C1", text="x")["ok"]  # only the next call


def test_views_open_update_push_publish(slack: FakeSlack, client: WebClient):
    opened = client.views_open(trigger_id=slack.trigger_id(),
                               view=modal(private_metadata="m", callback_id="cb"))
    view = opened["view"]
    assert view["id"].startswith("V") and view["private_metadata"] == "m"
    assert view["callback_id"] == "cb" and view["hash"]

    new = modal("Book: step 2")
    with pytest.raises(SlackApiError, match="hash_conflict"):
        client.views_update(view_id=view["id"], hash="stale", view=new)
    updated = client.views_update(view_id=view["id"], hash=view["hash"], view=new)["view"]
    assert updated["title"]["text"] == "Book: step 2" and updated["hash"] != view["hash"]
    with pytest.raises(SlackApiError, match="not_found"):
        client.views_update(view_id="VNOPE", view=new)

    pushed = client.views_push(trigger_id=slack.trigger_id(), view=modal("More"))["view"]
    assert pushed["id"] != view["id"]

    home = {"type": "home", "blocks": [section("Your bookings")]}
    published = client.views_publish(user_id="U1", view=home)["view"]
    assert slack.home_views["U1"]["id"] == published["id"]
    assert slack.home_views["U1"]["blocks"] == [section("Your bookings")]
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        client.views_open(trigger_id=slack.trigger_id(), view=home)  # home is not a modal


def test_users_info_time_zone_from_the_clock_and_lookup():
    winter = TestClock(datetime(2027, 1, 15, 12, 0, tzinfo=UTC), ticking=False)
    with FakeSlack(clock=winter) as slack:
        slack.set_user("U1", tz="Europe/Paris", name="ada", email="ada@example.com")
        client = WebClient(token=slack.bot_token, base_url=slack.api_url)
        user = client.users_info(user="U1")["user"]
        assert user["id"] == "U1" and user["tz"] == "Europe/Paris" and user["name"] == "ada"
        assert (user["tz_offset"], user["tz_label"]) == (3600, "CET")
        winter.set(datetime(2027, 7, 15, 12, 0, tzinfo=UTC))  # summer time, same user
        user = client.users_info(user="U1")["user"]
        assert (user["tz_offset"], user["tz_label"]) == (7200, "CEST")
        assert slack.calls_to("users.info")[0].params == {"user": "U1"}
        found = client.users_lookupByEmail(email="ada@example.com")["user"]
        assert found["id"] == "U1" and found["tz_offset"] == 7200
        with pytest.raises(SlackApiError, match="users_not_found"):
            client.users_lookupByEmail(email="nobody@example.com")
        slack.set_user("U2")
        assert client.users_info(user="U2")["user"]["tz"] == "America/Los_Angeles"  # default


def test_rate_limit_answer_is_429_with_retry_after(slack: FakeSlack, client: WebClient):
    slack.fail_next("chat.postMessage", retry_after=30)
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C1", text="x")
    response = err.value.response
    assert response.status_code == 429 and response["error"] == "ratelimited"
    assert response.headers["Retry-After"] in ("30", ["30"])
    assert client.chat_postMessage(channel="C1", text="x")["ok"]


def test_rate_limit_retry_handler_honours_retry_after(
    slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
):
    sleeps: list[float] = []
    monkeypatch.setattr(builtin_handlers, "time", SimpleNamespace(sleep=sleeps.append))
    client = WebClient(token=slack.bot_token, base_url=slack.api_url,
                       retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)])
    slack.fail_next("chat.postMessage", retry_after=7, times=2)
    assert client.chat_postMessage(channel="C1", text="x")["ok"]
    assert [c.status for c in slack.calls_to("chat.postMessage")] == [429, 429, 200]
    assert len(sleeps) == 2 and all(7 <= s < 8 for s in sleeps)
    assert len(slack.messages_in("C1")) == 1


def test_unknown_method(slack: FakeSlack, client: WebClient):
    with pytest.raises(SlackApiError, match="unknown_method"):
        client.api_call("chat.sendCarrierPigeon", json={"channel": "C1"})


def test_oauth_install_then_auth_test_with_new_token(slack: FakeSlack):
    anonymous = WebClient(base_url=slack.api_url)
    install = anonymous.oauth_v2_access(client_id="123.456", client_secret="s", code="abc")
    assert install["access_token"].startswith("xoxb-") and install["team"]["id"] == "T9TK3CUKW"
    assert slack.calls_to("oauth.v2.access")[0].headers["Authorization"].startswith("Basic ")
    bot = WebClient(token=install["access_token"], base_url=slack.api_url)
    assert bot.auth_test()["team_id"] == "T9TK3CUKW"
    assert bot.auth_test()["user_id"] == install["bot_user_id"]
    assert slack.workspace("T9TK3CUKW").bot_token == install["access_token"]
    slack.fail_next("oauth.v2.access", error="invalid_code")
    with pytest.raises(SlackApiError, match="invalid_code"):
        anonymous.oauth_v2_access(client_id="123.456", client_secret="s", code="reused")


def test_response_url_sink(slack: FakeSlack):
    url = slack.response_url("tok1")
    answer = WebhookClient(url).send(text="done", replace_original=True)
    assert answer.status_code == 200
    assert slack.responses_for("tok1") == [{"text": "done", "replace_original": True}]
    assert slack.responses_for("other") == []
    bad = WebhookClient(slack.response_url("tok2")).send(text="x", blocks=[section("y" * 3001)])
    assert bad.status_code == 400 and '"invalid_blocks"' in bad.body
    assert len(slack.violations) == 1 and slack.violations[0].method == "response_url"


def test_delay_and_wait_for(slack: FakeSlack, client: WebClient):
    slack.delay("users.info", 0.2)  # how long it takes is measured in bench/bench_fakes.py
    assert client.users_info(user="U1")["ok"]
    assert len(slack.wait_for("users.info", count=1, timeout=0.1)) == 1
    with pytest.raises(AssertionError, match="expected 2"):
        slack.wait_for("users.info", count=2, timeout=0.05)


# ---- tokens: each workspace's is its own ---------------------------------------------------


def test_tokens_checked(slack: FakeSlack):
    anonymous = WebClient(base_url=slack.api_url)
    with pytest.raises(SlackApiError, match="not_authed"):
        anonymous.auth_test()
    for stranger in ("nonsense", "xoxb-well-formed-but-never-issued"):
        with pytest.raises(SlackApiError, match="invalid_auth"):
            WebClient(token=stranger, base_url=slack.api_url).auth_test()
    answer = httpx.get(slack.api_url + "auth.test", params={"token": slack.bot_token}).json()
    assert answer["ok"] and answer["team_id"] == slack.team_id  # GET + token param
    assert answer["user_id"] == slack.bot_user_id
    slack.revoke(slack.bot_token)
    with pytest.raises(SlackApiError, match="invalid_auth"):
        WebClient(token=slack.bot_token, base_url=slack.api_url).auth_test()


def test_a_token_acts_on_its_own_workspace_only(slack: FakeSlack, client: WebClient):
    slack.add_workspace("T0SECOND1", "xoxb-second-workspace", bot_user_id="U0BOT0002")
    other = WebClient(token="xoxb-second-workspace", base_url=slack.api_url)
    assert other.auth_test()["team_id"] == "T0SECOND1"
    assert other.auth_test()["user_id"] == "U0BOT0002"
    assert client.auth_test()["team_id"] == slack.team_id

    # C1 and U1 are the first workspace's: the second one's token does not see them.
    assert error_of(other.chat_postMessage, channel="C1", text="x") == "channel_not_found"
    assert error_of(other.users_info, user="U1") == "user_not_found"
    assert error_of(other.conversations_open, users="U1") == "user_not_found"

    slack.set_channel("C1", team="T0SECOND1")  # the same id, in the other workspace
    assert other.chat_postMessage(channel="C1", text="second")["ok"]
    assert client.chat_postMessage(channel="C1", text="first")["ok"]
    assert [m["text"] for m in slack.messages_in("C1")] == ["first"]
    assert [m["text"] for m in slack.messages_in("C1", team="T0SECOND1")] == ["second"]

    # a view opened in one workspace cannot be updated from the other
    view = client.views_open(trigger_id=slack.trigger_id(), view=modal())["view"]
    assert error_of(other.views_update, view_id=view["id"], view=modal("B")) == "not_found"
    assert client.views_update(view_id=view["id"], view=modal("B"))["ok"]


# ---- trigger ids: issued, once, within 3 s ---------------------------------------------------


def test_only_issued_trigger_ids_open_a_view(slack: FakeSlack, client: WebClient):
    assert error_of(client.views_open, trigger_id="12345.98765.abcd", view=modal()) == (
        "invalid_trigger_id")
    assert error_of(client.views_push, trigger_id="12345.98765.abcd", view=modal()) == (
        "invalid_trigger_id")
    assert error_of(client.views_open, trigger_id="", view=modal()) == "invalid_arguments"
    assert client.views_open(trigger_id=slack.trigger_id(), view=modal())["ok"]
    assert client.views_push(trigger_id=slack.trigger_id(), view=modal())["ok"]


def test_a_trigger_id_opens_one_view_only(slack: FakeSlack, client: WebClient):
    trigger = slack.trigger_id()
    assert client.views_open(trigger_id=trigger, view=modal())["ok"]
    assert error_of(client.views_open, trigger_id=trigger, view=modal()) == (
        "exchanged_trigger_id")
    assert error_of(client.views_push, trigger_id=trigger, view=modal()) == (
        "exchanged_trigger_id")
    # a refused view does not use the trigger up
    again = slack.trigger_id()
    assert error_of(client.views_open, trigger_id=again, view=modal("x" * 25)) == (
        "invalid_arguments")
    assert client.views_open(trigger_id=again, view=modal())["ok"]


def test_trigger_ids_expire_after_three_seconds(slack: FakeSlack, client: WebClient):
    assert slack.trigger_ttl == 3.0  # Slack's window
    trigger = slack.trigger_id()
    slack.expire_trigger(trigger)
    assert error_of(client.views_open, trigger_id=trigger, view=modal()) == "expired_trigger_id"

    slack.trigger_ttl = 0.05
    late = slack.trigger_id()
    time.sleep(0.1)
    assert error_of(client.views_open, trigger_id=late, view=modal()) == "expired_trigger_id"
    slack.trigger_ttl = 3.0
    assert client.views_open(trigger_id=slack.trigger_id(), view=modal())["ok"]
    assert slack.violations == []  # an expired trigger is not a Block Kit mistake


def test_a_trigger_id_belongs_to_its_workspace(slack: FakeSlack, client: WebClient):
    slack.add_workspace("T0SECOND1", "xoxb-second-workspace")
    other = WebClient(token="xoxb-second-workspace", base_url=slack.api_url)
    theirs = slack.trigger_id("T0SECOND1")
    assert error_of(client.views_open, trigger_id=theirs, view=modal()) == "invalid_trigger_id"
    assert other.views_open(trigger_id=theirs, view=modal())["ok"]


# ---- channels and users that do not exist ----------------------------------------------------


def test_unknown_channels_are_not_found(slack: FakeSlack, client: WebClient):
    for method in (client.chat_postMessage, client.chat_postEphemeral):
        assert error_of(method, channel="C0NOWHERE", user="U1", text="x") == (
            "channel_not_found")
        assert error_of(method, channel="C1", user="U1", text="x") == "ok"
    assert error_of(client.conversations_info, channel="C0NOWHERE") == "channel_not_found"
    assert error_of(client.conversations_join, channel="C0NOWHERE") == "channel_not_found"
    assert error_of(client.chat_update, channel="C0NOWHERE", ts="1.0", text="x") == (
        "channel_not_found")
    assert error_of(client.conversations_open, channel="C0NOWHERE") == "channel_not_found"
    assert client.conversations_open(channel="C1")["channel"]["id"] == "C1"


def test_unknown_users_are_not_found(slack: FakeSlack, client: WebClient):
    assert error_of(client.users_info, user="U0NOBODY") == "user_not_found"
    assert error_of(client.users_info, user="U1") == "ok"
    assert error_of(client.conversations_open, users="U0NOBODY") == "user_not_found"
    assert error_of(client.conversations_open, users="U1,U0NOBODY") == "user_not_found"
    assert error_of(client.conversations_open, users="U1") == "ok"
    assert error_of(client.chat_postMessage, channel="U0NOBODY", text="x") == "user_not_found"
    assert error_of(client.chat_postMessage, channel="U1", text="x") == "ok"
    assert error_of(client.chat_postEphemeral, channel="C1", user="U0NOBODY", text="x") == (
        "user_not_found")


def test_a_private_channel_the_bot_is_not_in_is_invisible(slack: FakeSlack, client: WebClient):
    slack.set_channel("G1", is_private=True, is_member=False)
    assert error_of(client.chat_postMessage, channel="G1", text="x") == "channel_not_found"
    assert error_of(client.conversations_info, channel="G1") == "channel_not_found"
    assert error_of(client.conversations_join, channel="G1") == (
        "method_not_supported_for_channel_type")
    slack.set_channel("G1", is_member=True)  # invited
    assert error_of(client.chat_postMessage, channel="G1", text="x") == "ok"
    # a public channel the bot is not in: Slack says so
    slack.set_channel("C9", is_member=False)
    assert error_of(client.chat_postMessage, channel="C9", text="x") == "not_in_channel"


# ---- Block Kit: each limit refused with Slack's code, the same thing within it accepted ------

L = "x"
MESSAGE_CASES: dict[str, tuple[dict, dict, str, str]] = {
    # name: (bad params, good params, Slack's code, JSON pointer of the problem)
    "50 blocks": ({"blocks": [section("x")] * 51}, {"blocks": [section("x")] * 50},
                  "invalid_blocks", "/blocks"),
    "top-level text": ({"text": L * 40_001}, {"text": L * 40_000}, "msg_too_long", "/text"),
    "blocks' total text": ({"blocks": [section(L * 3000)] * 5},
                           {"blocks": [section(L * 3000)] * 4}, "msg_blocks_too_long",
                           "/blocks"),
    "blocks not an array": ({"blocks": {"type": "divider"}}, {"blocks": [{"type": "divider"}]},
                            "invalid_blocks_format", "/blocks"),
    "section text": ({"blocks": [section(L * 3001)]}, {"blocks": [section(L * 3000)]},
                     "invalid_blocks", "/blocks/0/text/text"),
    "header": ({"blocks": [{"type": "header", "text": plain(L * 151)}]},
               {"blocks": [{"type": "header", "text": plain(L * 150)}]},
               "invalid_blocks", "/blocks/0/text/text"),
    "header is plain_text": (
        {"blocks": [{"type": "header", "text": {"type": "mrkdwn", "text": "*h*"}}]},
        {"blocks": [{"type": "header", "text": plain("h")}]}, "invalid_blocks",
        "/blocks/0/text/type"),
    "button text": ({"blocks": [actions({**button(), "text": plain(L * 76)})]},
                    {"blocks": [actions({**button(), "text": plain(L * 75)})]},
                    "invalid_blocks", "/blocks/0/elements/0/text/text"),
    "action_id length": ({"blocks": [actions(button("a" * 256))]},
                         {"blocks": [actions(button("a" * 255))]},
                         "invalid_blocks", "/blocks/0/elements/0/action_id"),
    "action_id unique": ({"blocks": [actions(button("a"), button("a"))]},
                         {"blocks": [actions(button("a"), button("b"))]},
                         "invalid_blocks", "/blocks/0/elements/1/action_id"),
    "block_id length": ({"blocks": [section("x", block_id="b" * 256)]},
                        {"blocks": [section("x", block_id="b" * 255)]},
                        "invalid_blocks", "/blocks/0/block_id"),
    "block_id unique": ({"blocks": [section("x", block_id="b"), section("y", block_id="b")]},
                        {"blocks": [section("x", block_id="b"), section("y", block_id="c")]},
                        "invalid_blocks", "/blocks/1/block_id"),
    "button value": ({"blocks": [actions(button(value="v" * 2001))]},
                     {"blocks": [actions(button(value="v" * 2000))]},
                     "invalid_blocks", "/blocks/0/elements/0/value"),
    "button url": ({"blocks": [actions(button(url="https://x/" + L * 2991))]},
                   {"blocks": [actions(button(url="https://x/" + L * 2990))]},
                   "invalid_blocks", "/blocks/0/elements/0/url"),
    "button style": ({"blocks": [actions(button(style="green"))]},
                     {"blocks": [actions(button(style="danger"))]},
                     "invalid_blocks", "/blocks/0/elements/0/style"),
    "accessibility_label": ({"blocks": [actions(button(accessibility_label=L * 76))]},
                            {"blocks": [actions(button(accessibility_label=L * 75))]},
                            "invalid_blocks", "/blocks/0/elements/0/accessibility_label"),
    "25 elements per actions": (
        {"blocks": [actions(*[button(f"b{i}") for i in range(26)])]},
        {"blocks": [actions(*[button(f"b{i}") for i in range(25)])]},
        "invalid_blocks", "/blocks/0/elements"),
    "10 fields": ({"blocks": [{"type": "section", "fields": [plain("f")] * 11}]},
                  {"blocks": [{"type": "section", "fields": [plain("f")] * 10}]},
                  "invalid_blocks", "/blocks/0/fields"),
    "field text": ({"blocks": [{"type": "section", "fields": [plain(L * 2001)]}]},
                   {"blocks": [{"type": "section", "fields": [plain(L * 2000)]}]},
                   "invalid_blocks", "/blocks/0/fields/0/text"),
    "10 context elements": (
        {"blocks": [{"type": "context", "elements": [plain("c")] * 11}]},
        {"blocks": [{"type": "context", "elements": [plain("c")] * 10}]},
        "invalid_blocks", "/blocks/0/elements"),
    "no buttons in context": ({"blocks": [{"type": "context", "elements": [button()]}]},
                              {"blocks": [{"type": "context", "elements": [plain("c")]}]},
                              "invalid_blocks", "/blocks/0/elements/0/type"),
    "100 select options": (
        {"blocks": [actions({"type": "static_select", "action_id": "s",
                             "options": [option(i) for i in range(101)]})]},
        {"blocks": [actions({"type": "static_select", "action_id": "s",
                             "options": [option(i) for i in range(100)]})]},
        "invalid_blocks", "/blocks/0/elements/0/options"),
    "select initial_option": (
        {"blocks": [actions({"type": "static_select", "action_id": "s",
                             "options": [option(1)], "initial_option": option(2)})]},
        {"blocks": [actions({"type": "static_select", "action_id": "s",
                             "options": [option(1)], "initial_option": option(1)})]},
        "invalid_blocks", "/blocks/0/elements/0/initial_option"),
    "option text": (
        {"blocks": [actions({"type": "static_select", "action_id": "s",
                             "options": [option(1, L * 76)]})]},
        {"blocks": [actions({"type": "static_select", "action_id": "s",
                             "options": [option(1, L * 75)]})]},
        "invalid_blocks", "/blocks/0/elements/0/options/0/text/text"),
    "overflow 5 options": (
        {"blocks": [actions({"type": "overflow", "action_id": "o",
                             "options": [option(i) for i in range(6)]})]},
        {"blocks": [actions({"type": "overflow", "action_id": "o",
                             "options": [option(i) for i in range(5)]})]},
        "invalid_blocks", "/blocks/0/elements/0/options"),
    "overflow 1 option": (
        {"blocks": [actions({"type": "overflow", "action_id": "o", "options": []})]},
        {"blocks": [actions({"type": "overflow", "action_id": "o", "options": [option(1)]})]},
        "invalid_blocks", "/blocks/0/elements/0/options"),
    "confirm dialog complete": (
        {"blocks": [actions(button(confirm={"title": plain("Sure?"), "text": plain("Really"),
                                            "confirm": plain("Yes")}))]},
        {"blocks": [actions(button(confirm={"title": plain("Sure?"), "text": plain("Really"),
                                            "confirm": plain("Yes"), "deny": plain("No")}))]},
        "invalid_blocks", "/blocks/0/elements/0/confirm/deny"),
    "confirm title": (
        {"blocks": [actions(button(confirm={"title": plain(L * 101), "text": plain("t"),
                                            "confirm": plain("Y"), "deny": plain("N")}))]},
        {"blocks": [actions(button(confirm={"title": plain(L * 100), "text": plain("t"),
                                            "confirm": plain("Y"), "deny": plain("N")}))]},
        "invalid_blocks", "/blocks/0/elements/0/confirm/title/text"),
    "confirm button": (
        {"blocks": [actions(button(confirm={"title": plain("T"), "text": plain("t"),
                                            "confirm": plain(L * 31), "deny": plain("N")}))]},
        {"blocks": [actions(button(confirm={"title": plain("T"), "text": plain("t"),
                                            "confirm": plain(L * 30), "deny": plain("N")}))]},
        "invalid_blocks", "/blocks/0/elements/0/confirm/confirm/text"),
    "checkboxes 10 options": (
        {"blocks": [actions({"type": "checkboxes", "action_id": "c",
                             "options": [option(i) for i in range(11)]})]},
        {"blocks": [actions({"type": "checkboxes", "action_id": "c",
                             "options": [option(i) for i in range(10)]})]},
        "invalid_blocks", "/blocks/0/elements/0/options"),
    "radio initial_option": (
        {"blocks": [actions({"type": "radio_buttons", "action_id": "r",
                             "options": [option(1)], "initial_option": option(9)})]},
        {"blocks": [actions({"type": "radio_buttons", "action_id": "r",
                             "options": [option(1)], "initial_option": option(1)})]},
        "invalid_blocks", "/blocks/0/elements/0/initial_option"),
    "datepicker date": (
        {"blocks": [actions({"type": "datepicker", "action_id": "d",
                             "initial_date": "tomorrow"})]},
        {"blocks": [actions({"type": "datepicker", "action_id": "d",
                             "initial_date": "2026-11-24"})]},
        "invalid_blocks", "/blocks/0/elements/0/initial_date"),
    "timepicker time": (
        {"blocks": [actions({"type": "timepicker", "action_id": "t",
                             "initial_time": "25:00"})]},
        {"blocks": [actions({"type": "timepicker", "action_id": "t",
                             "initial_time": "09:30", "timezone": "Europe/Rome"})]},
        "invalid_blocks", "/blocks/0/elements/0/initial_time"),
    "users_select user": (
        {"blocks": [actions({"type": "users_select", "action_id": "u",
                             "initial_user": "bob"})]},
        {"blocks": [actions({"type": "users_select", "action_id": "u",
                             "initial_user": "U1"})]},
        "invalid_blocks", "/blocks/0/elements/0/initial_user"),
    "multi_users_select count": (
        {"blocks": [actions({"type": "multi_users_select", "action_id": "u",
                             "max_selected_items": 0})]},
        {"blocks": [actions({"type": "multi_users_select", "action_id": "u",
                             "max_selected_items": 3, "initial_users": ["U1"]})]},
        "invalid_blocks", "/blocks/0/elements/0/max_selected_items"),
    "external_select query length": (
        {"blocks": [actions({"type": "external_select", "action_id": "e",
                             "min_query_length": -1})]},
        {"blocks": [actions({"type": "external_select", "action_id": "e",
                             "min_query_length": 0})]},
        "invalid_blocks", "/blocks/0/elements/0/min_query_length"),
    "select placeholder": (
        {"blocks": [actions({"type": "external_select", "action_id": "e",
                             "placeholder": plain(L * 151)})]},
        {"blocks": [actions({"type": "external_select", "action_id": "e",
                             "placeholder": plain(L * 150)})]},
        "invalid_blocks", "/blocks/0/elements/0/placeholder/text"),
    "text inputs only in input blocks": (
        {"blocks": [actions({"type": "plain_text_input", "action_id": "p"})]},
        {"blocks": [input_block({"type": "plain_text_input", "action_id": "p"})]},
        "invalid_blocks", "/blocks/0/elements/0/type"),
    "plain_text_input max_length": (
        {"blocks": [input_block({"type": "plain_text_input", "action_id": "p",
                                 "max_length": 3001})]},
        {"blocks": [input_block({"type": "plain_text_input", "action_id": "p",
                                 "max_length": 3000, "min_length": 1})]},
        "invalid_blocks", "/blocks/0/element/max_length"),
    "email_text_input value": (
        {"blocks": [input_block({"type": "email_text_input", "action_id": "m",
                                 "initial_value": 5})]},
        {"blocks": [input_block({"type": "email_text_input", "action_id": "m",
                                 "initial_value": "ada@example.com"})]},
        "invalid_blocks", "/blocks/0/element/initial_value"),
    "url_text_input placeholder": (
        {"blocks": [input_block({"type": "url_text_input", "action_id": "w",
                                 "placeholder": plain(L * 151)})]},
        {"blocks": [input_block({"type": "url_text_input", "action_id": "w",
                                 "placeholder": plain(L * 150)})]},
        "invalid_blocks", "/blocks/0/element/placeholder/text"),
    "number_input decimals": (
        {"blocks": [input_block({"type": "number_input", "action_id": "n",
                                 "is_decimal_allowed": False, "initial_value": "1.5"})]},
        {"blocks": [input_block({"type": "number_input", "action_id": "n",
                                 "is_decimal_allowed": True, "initial_value": "1.5"})]},
        "invalid_blocks", "/blocks/0/element/initial_value"),
    "number_input needs is_decimal_allowed": (
        {"blocks": [input_block({"type": "number_input", "action_id": "n"})]},
        {"blocks": [input_block({"type": "number_input", "action_id": "n",
                                 "is_decimal_allowed": False})]},
        "invalid_blocks", "/blocks/0/element/is_decimal_allowed"),
    "block without type": ({"blocks": [{"text": {"type": "mrkdwn", "text": "x"}}]},
                           {"blocks": [section("x")]}, "invalid_blocks", "/blocks/0"),
}


@pytest.mark.parametrize("name", list(MESSAGE_CASES))
def test_message_block_kit_limits(slack: FakeSlack, client: WebClient, name: str):
    bad, good, code, pointer = MESSAGE_CASES[name]
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C1", **{"text": "t", **bad})
    answer = err.value.response
    assert answer["error"] == code
    assert any(f"[json-pointer:{pointer}]" in m
               for m in answer["response_metadata"]["messages"]), answer.data
    assert [v.code for v in slack.violations] == [code] and slack.messages_in("C1") == []
    assert client.chat_postMessage(channel="C1", **{"text": "t", **good})["ok"]
    assert check_message({"text": "t", **good}) == []


VIEW_CASES: dict[str, tuple[dict, dict, str]] = {
    # name: (bad view, good view, JSON pointer); Slack answers invalid_arguments for views
    "title": (modal(L * 25), modal(L * 24), "/view/title/text"),
    "submit": (modal(submit=plain(L * 25)), modal(submit=plain(L * 24)), "/view/submit/text"),
    "close": (modal(close=plain(L * 25)), modal(close=plain(L * 24)), "/view/close/text"),
    "private_metadata": (modal(private_metadata=L * 3001), modal(private_metadata=L * 3000),
                         "/view/private_metadata"),
    "callback_id": (modal(callback_id=L * 256), modal(callback_id=L * 255),
                    "/view/callback_id"),
    "100 blocks": (modal(blocks=[section("x")] * 101), modal(blocks=[section("x")] * 100),
                   "/view/blocks"),
    "input needs submit": (
        modal(blocks=[input_block({"type": "plain_text_input", "action_id": "p"})]),
        modal(blocks=[input_block({"type": "plain_text_input", "action_id": "p"})],
              submit=plain("Book")),
        "/view/submit"),
    "block inside": (modal(blocks=[section(L * 3001)]), modal(blocks=[section(L * 3000)]),
                     "/view/blocks/0/text/text"),
}


@pytest.mark.parametrize("name", list(VIEW_CASES))
def test_view_block_kit_limits(slack: FakeSlack, client: WebClient, name: str):
    bad, good, pointer = VIEW_CASES[name]
    with pytest.raises(SlackApiError) as err:
        client.views_open(trigger_id=slack.trigger_id(), view=bad)
    answer = err.value.response
    assert answer["error"] == "invalid_arguments"
    assert any(f"[json-pointer:{pointer}]" in m
               for m in answer["response_metadata"]["messages"]), answer.data
    assert [v.method for v in slack.violations] == ["views.open"]
    assert client.views_open(trigger_id=slack.trigger_id(), view=good)["ok"]
    assert check_view(good) == []


def test_home_view_takes_100_blocks(slack: FakeSlack, client: WebClient):
    home = {"type": "home", "blocks": [section("x")] * 101}
    assert error_of(client.views_publish, user_id="U1", view=home) == "invalid_arguments"
    home["blocks"] = home["blocks"][:100]
    assert client.views_publish(user_id="U1", view=home)["ok"]


def test_blocks_sent_as_form_strings_are_checked(slack: FakeSlack):
    form = {"channel": "C1", "text": "x", "blocks": "[{not json"}
    answer = httpx.post(slack.api_url + "chat.postMessage", data=form,
                        headers={"Authorization": f"Bearer {slack.bot_token}"}).json()
    assert answer["error"] == "invalid_blocks_format" and len(slack.violations) == 1
    form["blocks"] = '[{"type": "divider"}]'
    answer = httpx.post(slack.api_url + "chat.postMessage", data=form,
                        headers={"Authorization": f"Bearer {slack.bot_token}"}).json()
    assert answer["ok"] and slack.messages_in("C1")[0]["blocks"] == [{"type": "divider"}]


def test_good_blocks_pass_the_checks():
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Bookings", "emoji": True}},
        section("x" * 3000),
        {"type": "section", "text": {"type": "mrkdwn", "text": "Intro"},
         "accessory": button("open", "b" * 2000)},
        actions(button("approve", style="primary"), button("decline")),
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "Tue 10 Mar"}]},
        {"type": "divider"},
    ]
    assert check_message({"text": "t", "blocks": blocks}) == []
    view = modal("Exactly twenty-four char", private_metadata="m" * 3000,
                 submit={"type": "plain_text", "text": "Book"},
                 blocks=[{"type": "input", "block_id": "when", "optional": True,
                          "label": {"type": "plain_text", "text": "When"},
                          "element": {"type": "plain_text_input", "action_id": "when",
                                      "dispatch_action_config": {
                                          "trigger_actions_on": ["on_enter_pressed"]}}}])
    assert check_view(view) == []
