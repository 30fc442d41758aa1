"""The outbox sender against the fake Slack (loopback HTTP) with an INJECTED clock: pacing,
Retry-After, thread ordering and retries are decided by the clock we move, never by waiting."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from slack_sdk import WebClient

from notices.outbox import Outbox
from storage import Store
from tests.fakes.slack import FakeSlack


class Clock:
    def __init__(self, now: float = 1000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def slack():
    with FakeSlack() as fake:
        fake.set_user("U1")  # the subscriber, and the channels the notices go to
        fake.set_channel("C1")
        fake.set_channel("C2")
        yield fake
    assert fake.violations == []


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(tmp_path, clock):
    with Store(tmp_path / "calbot.db", Fernet.generate_key().decode(), clock=clock) as s:
        yield s


@pytest.fixture
def outbox(store, slack, clock):
    client = WebClient(token=slack.bot_token, base_url=slack.api_url)
    return Outbox(store, lambda team: client, pace_s=1.0, clock=clock)


def notice(store: Store, channel: str, uid: str, n: int, thread: list[str] | None = None) -> None:
    payload = {"kind": "notice", "user": "U1", "uid": uid, "thread_uids": thread or [uid],
               "message": {"text": f"notice {n} {uid}"}}
    assert store.enqueue("T1", channel, payload, f"notice:T1:{channel}:{n}", user_id="U1")


def posted(slack: FakeSlack, channel: str) -> list[str]:
    return [m["text"] for m in slack.messages_in(channel)]


def test_one_message_per_channel_per_second_and_replies_in_the_roots_thread(
        store, slack, clock, outbox):
    notice(store, "C1", "a", 1)
    notice(store, "C1", "a", 2)
    notice(store, "C1", "b", 3)
    notice(store, "C2", "a", 4)
    wait = outbox.pump()
    assert posted(slack, "C1") == ["notice 1 a"] and posted(slack, "C2") == ["notice 4 a"]
    assert wait == pytest.approx(1.0)
    assert outbox.pump() == pytest.approx(1.0)  # same instant: nothing more goes out
    assert len(posted(slack, "C1")) == 1
    clock.now += 1.0
    outbox.pump()
    clock.now += 1.0
    outbox.pump()
    messages = slack.messages_in("C1")
    assert [m["text"] for m in messages] == ["notice 1 a", "notice 2 a", "notice 3 b"]
    assert messages[1]["thread_ts"] == messages[0]["ts"]  # later event of "a": in its thread
    assert "thread_ts" not in messages[2]  # "b" starts its own thread
    assert store.thread_ts("T1", "C1", "a") == messages[0]["ts"]


def test_a_reschedule_continues_the_old_uids_thread(store, slack, clock, outbox):
    notice(store, "C1", "old", 1)
    notice(store, "C1", "new", 2, thread=["new", "old"])
    notice(store, "C1", "new", 3)
    for _ in range(3):
        outbox.pump()
        clock.now += 1.0
    root, moved, later = slack.messages_in("C1")
    assert moved["thread_ts"] == root["ts"] and later["thread_ts"] == root["ts"]


def test_429_holds_the_workspace_for_retry_after_then_sends_each_once(
        store, slack, clock, outbox):
    notice(store, "C1", "a", 1)
    notice(store, "C2", "b", 2)
    slack.fail_next("chat.postMessage", retry_after=30)
    wait = outbox.pump()
    assert wait == pytest.approx(30.0)  # Retry-After honoured, for every channel of T1
    assert len(slack.calls_to("chat.postMessage")) == 1
    clock.now += 29.0
    outbox.pump()
    assert len(slack.calls_to("chat.postMessage")) == 1
    clock.now += 1.0
    outbox.pump()
    assert posted(slack, "C1") == ["notice 1 a"] and posted(slack, "C2") == ["notice 2 b"]
    assert store.due_messages(float("inf")) == []


def test_transient_failures_back_off_and_a_root_in_backoff_blocks_its_replies(
        store, slack, clock, outbox):
    notice(store, "C1", "a", 1)
    notice(store, "C1", "a", 2)
    slack.fail_next("chat.postMessage", error="internal_error", status=500)
    assert outbox.pump() == pytest.approx(1.0)  # backoff 1 s, and the lane waits for its root
    assert posted(slack, "C1") == []
    clock.now += 1.0
    outbox.pump()
    clock.now += 1.0
    outbox.pump()
    first, second = slack.messages_in("C1")
    assert first["text"] == "notice 1 a" and second["thread_ts"] == first["ts"]


def test_unreachable_channels_warn_the_subscriber_once(store, slack, clock, outbox):
    slack.set_channel("G1", is_private=True, is_member=False)
    slack.set_channel("C9", is_archived=True)
    for n in range(3):
        notice(store, "G1", f"u{n}", n)
    notice(store, "C9", "x", 9)
    for _ in range(6):
        outbox.pump()
        clock.now += 1.0
    dm = [m["text"] for ch, msgs in slack.messages.items() if ch.startswith("D") for m in msgs]
    assert len([t for t in dm if "G1" in t and "/invite" in t]) == 1
    assert len([t for t in dm if "C9" in t and "archived" in t]) == 1
    assert store.due_messages(float("inf")) == []
    assert [store.outbox_message(i).status for i in (1, 2, 3, 4)] == ["failed"] * 4


def test_a_bug_while_sending_is_logged_with_its_traceback_and_never_retried(
        store, slack, clock, caplog):
    def broken_client(team: str) -> WebClient:
        raise KeyError("a bug, not Slack")

    outbox = Outbox(store, broken_client, pace_s=1.0, clock=clock)
    notice(store, "C1", "a", 1)
    with caplog.at_level("ERROR", logger="notices.outbox"):
        outbox.pump()
    bug = [r for r in caplog.records if "a bug" in r.getMessage()]
    assert bug and bug[0].exc_info is not None and bug[0].exc_info[0] is KeyError
    clock.now += 3600.0
    outbox.pump()  # nothing is due again: a bug is not a retry loop
    assert store.due_messages(float("inf"), 10) == []
    assert len([r for r in caplog.records if "a bug" in r.getMessage()]) == 1


def test_a_network_failure_is_retried_later():
    import urllib.error

    from notices.outbox import classify

    assert classify(urllib.error.URLError("refused")).action == "backoff"
    with pytest.raises(TypeError):
        classify(KeyError("a bug"))
