"""The fake Slack Web API, driven by the real slack_sdk clients."""

from __future__ import annotations

import time
from collections.abc import Iterator
from types import SimpleNamespace

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import builtin_handlers
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.webhook import WebhookClient

from tests.fakes.slack import FakeSlack, check_message, check_view


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def client(slack: FakeSlack) -> WebClient:
    return WebClient(token=slack.bot_token, base_url=slack.api_url, timeout=5)


def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def button(action_id: str, value: str = "v") -> dict:
    return {"type": "button", "action_id": action_id, "value": value,
            "text": {"type": "plain_text", "text": "Go"}}


def modal(title: str = "Book", **extra: object) -> dict:
    return {"type": "modal", "title": {"type": "plain_text", "text": title},
            "blocks": [section("hi")], **extra}


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
    assert call.ok and call.time <= time.time()

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


def test_ephemeral_and_dm_by_user_id(slack: FakeSlack, client: WebClient):
    eph = client.chat_postEphemeral(channel="C1", user="U1", text="only you")
    assert eph["message_ts"] and slack.ephemerals[0]["user"] == "U1"
    opened = client.conversations_open(users="U1")
    dm = opened["channel"]["id"]
    assert dm.startswith("D")
    posted = client.chat_postMessage(channel="U1", text="dm")  # a user id posts to the DM
    assert posted["channel"] == dm and slack.messages_in(dm)[0]["text"] == "dm"
    with pytest.raises(SlackApiError, match="no_text"), pytest.warns(UserWarning):
        client.chat_postMessage(channel="C1")


def test_channel_state_and_canned_errors(slack: FakeSlack, client: WebClient):
    slack.set_channel("C9", is_member=False, name="sales")
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C9", text="x")
    assert err.value.response["error"] == "not_in_channel"
    assert client.conversations_join(channel="C9")["channel"]["is_member"] is True
    assert client.chat_postMessage(channel="C9", text="x")["ok"]

    slack.set_channel("G1", is_private=True, is_member=False)
    info = client.conversations_info(channel="G1")["channel"]
    assert info["is_private"] is True and info["id"] == "G1"
    assert slack.calls_to("conversations.info")[0].headers["content-type"].startswith(
        "application/x-www-form-urlencoded")  # form-encoded, and still understood
    with pytest.raises(SlackApiError, match="channel_not_found"):
        client.chat_postMessage(channel="G1", text="x")
    with pytest.raises(SlackApiError, match="method_not_supported_for_channel_type"):
        client.conversations_join(channel="G1")

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


def test_expired_trigger_ids(slack: FakeSlack, client: WebClient):
    trigger = slack.trigger_id()
    slack.expire_trigger(trigger)
    with pytest.raises(SlackApiError) as err:
        client.views_open(trigger_id=trigger, view=modal())
    assert err.value.response["error"] == "expired_trigger_id"

    slack.trigger_ttl = 0.05
    late = slack.trigger_id()
    time.sleep(0.1)
    with pytest.raises(SlackApiError, match="expired_trigger_id"):
        client.views_open(trigger_id=late, view=modal())
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        client.views_open(trigger_id="", view=modal())
    assert slack.violations == []  # an expired trigger is not a Block Kit mistake


def test_users_info_time_zone_and_lookup(slack: FakeSlack, client: WebClient):
    slack.set_user("U1", tz="Europe/Paris", name="ada", email="ada@example.com")
    user = client.users_info(user="U1")["user"]
    assert user["id"] == "U1" and user["tz"] == "Europe/Paris" and user["name"] == "ada"
    assert user["tz_offset"] in (3600, 7200) and user["tz_label"] in ("CET", "CEST")
    assert slack.calls_to("users.info")[0].params == {"user": "U1"}
    found = client.users_lookupByEmail(email="ada@example.com")["user"]
    assert found["id"] == "U1"
    with pytest.raises(SlackApiError, match="users_not_found"):
        client.users_lookupByEmail(email="nobody@example.com")
    assert client.users_info(user="U2")["user"]["tz"] == "America/Los_Angeles"  # default
    slack.strict_users = True
    with pytest.raises(SlackApiError, match="user_not_found"):
        client.users_info(user="U3")


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


def test_tokens_checked(slack: FakeSlack):
    anonymous = WebClient(base_url=slack.api_url)
    with pytest.raises(SlackApiError, match="not_authed"):
        anonymous.auth_test()
    with pytest.raises(SlackApiError, match="invalid_auth"):
        WebClient(token="nonsense", base_url=slack.api_url).auth_test()
    answer = httpx.get(slack.api_url + "auth.test", params={"token": slack.bot_token}).json()
    assert answer["ok"] and answer["team_id"] == slack.team_id  # GET + token param
    assert answer["user_id"] == slack.bot_user_id
    slack.revoke(slack.bot_token)
    with pytest.raises(SlackApiError, match="invalid_auth"):
        WebClient(token=slack.bot_token, base_url=slack.api_url).auth_test()


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
    slack.fail_next("oauth.v2.access", error="invalid_code")
    with pytest.raises(SlackApiError, match="invalid_code"):
        anonymous.oauth_v2_access(client_id="123.456", client_secret="s", code="reused")


def test_block_kit_mistakes_are_refused_and_recorded(slack: FakeSlack, client: WebClient):
    bad_messages = {
        "too many blocks": [section("x") for _ in range(51)],
        "section text": [section("x" * 3001)],
        "duplicate action_id": [{"type": "actions",
                                 "elements": [button("approve"), button("approve")]}],
        "button value": [{"type": "actions", "elements": [button("a", "v" * 2001)]}],
        "block without type": [{"text": {"type": "mrkdwn", "text": "x"}}],
    }
    for name, blocks in bad_messages.items():
        with pytest.raises(SlackApiError) as err:
            client.chat_postMessage(channel="C1", text=name, blocks=blocks)
        assert err.value.response["error"] == "invalid_blocks", name
        assert err.value.response["response_metadata"]["messages"], name
    assert len(slack.violations) == len(bad_messages)
    assert any("used twice" in str(v) for v in slack.violations)
    assert slack.messages_in("C1") == []  # nothing was posted

    slack.violations.clear()
    bad_views = [
        modal("A title longer than 24 chars"),
        modal(private_metadata="m" * 3001),
        modal(callback_id="c" * 256),
        modal(submit={"type": "plain_text", "text": "Submit this booking right now"}),
        {**modal(), "blocks": [section("x") for _ in range(101)]},
        {**modal(), "blocks": [{"type": "input", "label": {"type": "plain_text", "text": "When"},
                                "element": {"type": "plain_text_input", "action_id": "when"}}]},
    ]
    for view in bad_views:
        with pytest.raises(SlackApiError, match="invalid_blocks"):
            client.views_open(trigger_id=slack.trigger_id(), view=view)
    assert len(slack.violations) == len(bad_views)
    assert {v.method for v in slack.violations} == {"views.open"}


def test_blocks_sent_as_form_strings_are_checked(slack: FakeSlack):
    form = {"channel": "C1", "text": "x", "blocks": "[{not json"}
    answer = httpx.post(slack.api_url + "chat.postMessage", data=form,
                        headers={"Authorization": f"Bearer {slack.bot_token}"}).json()
    assert answer["error"] == "invalid_blocks" and len(slack.violations) == 1
    form["blocks"] = '[{"type": "divider"}]'
    answer = httpx.post(slack.api_url + "chat.postMessage", data=form,
                        headers={"Authorization": f"Bearer {slack.bot_token}"}).json()
    assert answer["ok"] and slack.messages_in("C1")[0]["blocks"] == [{"type": "divider"}]


def test_good_blocks_pass_the_checks():
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Bookings"}},
        section("x" * 3000),
        {"type": "section", "text": {"type": "mrkdwn", "text": "Intro"},
         "accessory": button("open", "b" * 2000)},
        {"type": "actions", "elements": [button("approve"), button("decline")]},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "Tue 10 Mar"}]},
        {"type": "divider"},
    ]
    assert check_message({"text": "t", "blocks": blocks}) == []
    view = modal("Exactly twenty-four char", private_metadata="m" * 3000,
                 submit={"type": "plain_text", "text": "Book"},
                 blocks=[{"type": "input", "block_id": "when",
                          "label": {"type": "plain_text", "text": "When"},
                          "element": {"type": "plain_text_input", "action_id": "when"}}])
    assert check_view(view) == []


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
