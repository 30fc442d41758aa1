"""Approvals and notifications over REAL HTTP: the production app (bot.runtime.build) on
127.0.0.1, the fake Slack Web API as SLACK_API_URL, the fake Cal.com served over HTTP as
CALCOM_API_URL, and the fake Cal.com POSTing signed webhooks (shapes of shared/calcom/webhooks)
to http://127.0.0.1:<port>/calcom/webhooks/<public_id>. No fixed sleeps: conditions are polled.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta

import httpx
import pytest

from blockkit import ids
from notices.changes import sign
from tests.clock import START
from tests.e2e.harness import CHANNEL, USER, CalbotUnderTest, wait_until
from tests.fakes.calcom import ALICE_KEY
from tests.fakes.slack import FakeSlack

ALL_EVENTS = {"created", "cancelled", "rescheduled", "requested"}


@pytest.fixture
def app(tmp_path, slack, cal):
    running = CalbotUnderTest(tmp_path, slack, cal, cal.url)
    yield running
    running.stop()


def hook_up(app: CalbotUnderTest, *, user: str = USER, key: str = ALICE_KEY,
            events: set[str] | None = None, channel: str = CHANNEL) -> tuple[str, str]:
    """Connect the user, register a webhook for them in the fake Cal.com pointing at the app,
    and subscribe a channel. Returns (public_id, secret)."""
    app.connect(key, user)
    public_id, secret = secrets.token_urlsafe(12), secrets.token_hex(16)
    hook_id = app.cal.add_webhook(key, f"{app.url}/calcom/webhooks/{public_id}", secret)
    assert app.store.set_webhook(app.team, user, str(hook_id), public_id, secret)
    if events:
        app.store.subscribe(app.team, user, channel, events)
    return public_id, secret


def start_at(days: int = 3, hour: int = 10) -> datetime:
    return (START + timedelta(days=days)).replace(hour=hour, minute=0, second=0,
                                                              microsecond=0)


def texts(slack: FakeSlack, channel: str) -> list[str]:
    return [json.dumps(m.get("blocks")) + m.get("text", "") for m in slack.messages_in(channel)]


def count_in(slack: FakeSlack, channel: str, *parts: str) -> int:
    return sum(all(p in t for p in parts) for t in texts(slack, channel))


def approvals(app: CalbotUnderTest, uid: str):
    return wait_until(lambda: app.store.booking_messages(app.team, uid, "approval"),
                      what="approval DM")


def settled(app: CalbotUnderTest) -> None:
    """The outbox is empty (everything sent or failed)."""
    wait_until(lambda: not app.store.due_messages(float("inf"), 10), what="outbox drained")


# ---- every trigger, end to end ------------------------------------------------------------


def test_each_trigger_reaches_dm_and_channel_threads(app, slack, cal):
    hook_up(app, events=ALL_EVENTS)
    # BOOKING_REQUESTED: an approval DM with Confirm/Decline, and a channel notice.
    pending = cal.add_booking(ALICE_KEY, start_at(), event_type="intro-call", status="pending",
                              attendee_name="Jane Doe", attendee_email="jane@example.com")
    dm = approvals(app, pending)[0]
    shown = slack.message(dm.channel, dm.ts)
    buttons = [(e["action_id"], e["value"]) for b in shown["blocks"] if b["type"] == "actions"
               for e in b["elements"]]
    assert buttons == [(ids.CONFIRM, pending), (ids.DECLINE, pending), (ids.DETAILS, pending)]
    assert "Jane Doe" in json.dumps(shown["blocks"]) and "<!date^" in json.dumps(shown["blocks"])
    assert slack.calls_to("conversations.open")[0].params["users"] == USER
    wait_until(lambda: count_in(slack, CHANNEL, "awaiting approval", pending) == 1)

    # BOOKING_CREATED after a confirmation elsewhere: "confirmed", DM edited, in the thread.
    cal.confirm_elsewhere(pending)
    wait_until(lambda: "Confirmed" in json.dumps(slack.message(dm.channel, dm.ts)["blocks"]),
               what="approval DM edited")
    edited = slack.message(dm.channel, dm.ts)
    assert [e["action_id"] for b in edited["blocks"] if b["type"] == "actions"
            for e in b["elements"]] == [ids.DETAILS]
    assert "Alice Example" in json.dumps(edited["blocks"])  # who: the host, in Cal.com
    wait_until(lambda: count_in(slack, CHANNEL, "Booking confirmed", pending) == 1)
    root = app.store.thread_ts(app.team, CHANNEL, pending)
    reply = next(m for m in slack.messages_in(CHANNEL) if "Booking confirmed" in m["text"])
    assert reply["thread_ts"] == root

    # BOOKING_CREATED (plain), BOOKING_RESCHEDULED (new uid, old thread), BOOKING_CANCELLED.
    made = cal.add_booking(ALICE_KEY, start_at(4), attendee_name="Max Mustermann",
                           attendee_email="max@example.com")
    wait_until(lambda: count_in(slack, CHANNEL, "New booking", made) == 1)
    moved = cal.reschedule_elsewhere(made, start_at(5, 11), reason="Dentist")
    wait_until(lambda: count_in(slack, CHANNEL, "Booking rescheduled", moved, made) == 1)
    cal.cancel_elsewhere(moved, reason="Project ended")
    wait_until(lambda: count_in(slack, CHANNEL, "Booking cancelled", moved,
                                "Project ended", "Alice Example") == 1)
    thread = app.store.thread_ts(app.team, CHANNEL, made)
    assert app.store.thread_ts(app.team, CHANNEL, moved) == thread
    later = [m for m in slack.messages_in(CHANNEL) if moved in m["text"] + json.dumps(
        m.get("blocks"))]
    assert [m.get("thread_ts") for m in later] == [thread, thread]
    # Cal.com's BOOKING_RESCHEDULED carries no reason (recorded 021-023): the notice reads
    # well without one, old → new.
    shown = json.dumps(later[0]["blocks"])
    assert "Dentist" not in shown and "Reason" not in shown and "~" in shown

    # BOOKING_REJECTED: "declined" in the request's thread and the approval DM settled.
    other = cal.add_booking(ALICE_KEY, start_at(6), event_type="intro-call", status="pending")
    dm2 = approvals(app, other)[0]
    cal.decline_elsewhere(other, reason="Fully booked")
    wait_until(lambda: count_in(slack, CHANNEL, "Booking declined", other, "Fully booked") == 1)
    wait_until(lambda: "Declined" in json.dumps(slack.message(dm2.channel, dm2.ts)["blocks"]))
    assert all(d.status == 200 for d in cal.deliveries)


# ---- the webhook route ----------------------------------------------------------------------


def test_bad_signature_or_unknown_id_is_401_and_nothing_is_done(app, slack, cal):
    public_id, secret = hook_up(app, events=ALL_EVENTS)
    uid = cal.add_booking(ALICE_KEY, start_at(), notify=False)
    raw, headers = cal.webhook_body("BOOKING_CANCELLED", uid, secret=secret)
    url = f"{app.url}/calcom/webhooks/{public_id}"
    forged = {**headers, "X-Cal-Signature-256": sign(raw, "not-the-secret")}
    assert httpx.post(url, content=raw, headers=forged).status_code == 401
    unsigned = {k: v for k, v in headers.items() if k != "X-Cal-Signature-256"}
    assert httpx.post(url, content=raw, headers=unsigned).status_code == 401
    tampered = raw.replace(b"CANCELLED", b"CANCELED!")
    assert httpx.post(url, content=tampered, headers=headers).status_code == 401
    unknown = f"{app.url}/calcom/webhooks/no-such-hook"
    assert httpx.post(unknown, content=raw, headers=headers).status_code == 401
    assert app.store.due_messages(float("inf"), 10) == []
    assert app.store.booking(app.team, uid) is None  # nothing recorded
    assert app.store.claim_event(f"{app.team}:{USER}:cancelled:{uid}")  # never claimed
    assert slack.calls_to("chat.postMessage") == []


def test_duplicate_delivery_is_announced_once(app, slack, cal):
    public_id, secret = hook_up(app, events={"cancelled"})
    uid = cal.add_booking(ALICE_KEY, start_at())
    cal.cancel_elsewhere(uid, reason="Snow")
    raw, headers = cal.webhook_body("BOOKING_CANCELLED", uid, secret=secret)
    url = f"{app.url}/calcom/webhooks/{public_id}"
    answers = [httpx.post(url, content=raw, headers=headers) for _ in range(3)]
    assert [a.json()["duplicate"] for a in answers] == [True, True, True]
    cal.deliver_webhooks("BOOKING_CANCELLED", uid)  # Cal.com re-sends it too
    settled(app)
    assert count_in(slack, CHANNEL, "Booking cancelled", uid) == 1


def test_webhook_and_poller_seeing_one_change_announce_it_once(app, slack, cal):
    hook_up(app, events={"cancelled", "created"})
    notices = app.runtime.services.notices
    conn = app.store.connection(app.team, USER)
    uid = cal.add_booking(ALICE_KEY, start_at())
    assert notices.poller.poll_user(conn) == []  # baseline
    cal.cancel_elsewhere(uid, reason="Flu")  # the webhook announces it
    wait_until(lambda: count_in(slack, CHANNEL, "Booking cancelled", uid) == 1)
    before = len(cal.requests)
    assert notices.poller.poll_user(conn) == []  # the poller sees it too: same key, no news
    assert len(cal.requests) - before == 3  # the poll budget
    settled(app)
    assert count_in(slack, CHANNEL, "Booking cancelled", uid) == 1
    assert count_in(slack, CHANNEL, "New booking", uid) == 1


def test_poller_without_webhook_baseline_then_changes_within_budget(app, slack, cal):
    app.connect(ALICE_KEY)
    app.store.subscribe(app.team, USER, CHANNEL, ALL_EVENTS)
    notices = app.runtime.services.notices
    conn = app.store.connection(app.team, USER)
    assert conn in app.store.connections_to_poll()
    kept = cal.add_booking(ALICE_KEY, start_at())
    asked = cal.add_booking(ALICE_KEY, start_at(2), event_type="intro-call", status="pending")
    requests = len(cal.requests)
    assert notices.poller.poll_user(conn) == []  # first poll: baseline only
    assert len(cal.requests) - requests == 3
    cal.cancel_elsewhere(kept, reason="Moved abroad")
    cal.confirm_elsewhere(asked)
    fresh = cal.add_booking(ALICE_KEY, start_at(3))
    requests = len(cal.requests)
    found = {c.key for c in notices.poller.poll_user(conn)}
    assert len(cal.requests) - requests == 3
    assert found == {f"cancelled:{kept}", f"confirmed:{asked}", f"created:{fresh}"}
    wait_until(lambda: count_in(slack, CHANNEL, "Booking cancelled", kept, "Moved abroad") == 1)
    wait_until(lambda: count_in(slack, CHANNEL, "Booking confirmed", asked) == 1)
    wait_until(lambda: count_in(slack, CHANNEL, "New booking", fresh) == 1)
    assert notices.poller.poll_user(conn) == []


# ---- approvals from Slack -------------------------------------------------------------------


def test_double_click_confirm_is_harmless_and_credits_the_slack_user(app, slack, cal):
    hook_up(app, events={"requested"})
    uid = cal.add_booking(ALICE_KEY, start_at(), event_type="intro-call", status="pending")
    dm = approvals(app, uid)[0]
    first, _ = app.side.click(ids.CONFIRM, uid, channel=dm.channel, message_ts=dm.ts)
    second, _ = app.side.click(ids.CONFIRM, uid, channel=dm.channel, message_ts=dm.ts)
    assert first.status_code == second.status_code == 200
    wait_until(lambda: cal.booking(uid).status == "accepted")
    wait_until(lambda: count_in(slack, CHANNEL, "Booking confirmed", uid) == 1)
    wait_until(lambda: f"<@{USER}>" in json.dumps(slack.message(dm.channel, dm.ts)["blocks"]),
               what="the DM names the Slack user")
    settled(app)
    assert count_in(slack, CHANNEL, "Booking confirmed", uid) == 1
    assert [e["action_id"] for b in slack.message(dm.channel, dm.ts)["blocks"]
            if b["type"] == "actions" for e in b["elements"]] == [ids.DETAILS]


def test_acted_claims_the_change_so_the_later_webhook_is_not_announced_again(app, slack, cal):
    hook_up(app, events={"cancelled"})
    uid = cal.add_booking(ALICE_KEY, start_at())
    calbot = app.runtime.services.calbot
    cal.auto_deliver = False  # the webhook comes late, after Slack's own announcement
    calbot.cancel(app.team, USER, uid, "Double booked")  # announces through Calbot.on_change
    wait_until(lambda: count_in(slack, CHANNEL, "Booking cancelled", uid, f"<@{USER}>",
                                "Double booked") == 1)
    cal.auto_deliver = True
    cal.deliver_webhooks("BOOKING_CANCELLED", uid)
    settled(app)
    assert count_in(slack, CHANNEL, "Booking cancelled", uid) == 1


def test_approval_dm_is_edited_when_cancelled_elsewhere(app, slack, cal):
    hook_up(app)
    uid = cal.add_booking(ALICE_KEY, start_at(), event_type="intro-call", status="pending")
    dm = approvals(app, uid)[0]
    cal.cancel_elsewhere(uid, reason="Found another slot", by="guest@example.com")
    wait_until(lambda: "Cancelled" in json.dumps(slack.message(dm.channel, dm.ts)["blocks"]))
    blocks = json.dumps(slack.message(dm.channel, dm.ts)["blocks"])
    assert "Guest Person" in blocks and "Found another slot" in blocks
    assert ids.CONFIRM not in blocks


# ---- Slack's limits and failures ------------------------------------------------------------


def test_slack_429_mid_burst_delivers_all_exactly_once(app, slack, cal):
    hook_up(app, events={"cancelled"})
    slack.set_channel("C0SECOND01")
    app.store.subscribe(app.team, USER, "C0SECOND01", {"cancelled"})
    uids = [cal.add_booking(ALICE_KEY, start_at(2 + i // 8, 9 + i % 8)) for i in range(12)]
    slack.fail_next("chat.postMessage", retry_after=0.2, times=3)
    for uid in uids:
        cal.cancel_elsewhere(uid, reason="Burst")
    settled(app)
    for channel in (CHANNEL, "C0SECOND01"):
        for uid in uids:
            assert count_in(slack, channel, "Booking cancelled", uid) == 1, (channel, uid)
    limited = [c for c in slack.calls_to("chat.postMessage") if c.status == 429]
    assert len(limited) == 3
    assert app.runtime.services.notices.outbox.rate_limited == 3


def test_restart_with_notices_queued_sends_them_once(tmp_path, slack, cal):
    first = CalbotUnderTest(tmp_path, slack, cal, cal.url)
    secret_key = first.settings.CALBOT_SECRET_KEY.get_secret_value()
    first.runtime.services.notices.stop()  # the sender is down: notices stay queued
    hook_up(first, events={"cancelled"})
    uids = [cal.add_booking(ALICE_KEY, start_at(3, 9 + i)) for i in range(4)]
    for uid in uids:
        cal.cancel_elsewhere(uid, reason="Restart")
    assert len(first.store.due_messages(float("inf"), 100)) == 4
    assert slack.messages_in(CHANNEL) == []
    first.stop()

    second = CalbotUnderTest(tmp_path, slack, cal, cal.url, CALBOT_SECRET_KEY=secret_key)
    try:
        settled(second)
        for uid in uids:
            assert count_in(slack, CHANNEL, "Booking cancelled", uid) == 1
    finally:
        second.stop()


def test_private_channel_subscriber_is_warned_once(app, slack, cal):
    slack.set_channel("G0PRIVATE1", is_private=True, is_member=False)
    slack.set_channel("C0PUBLIC01", is_private=False, is_member=False)
    hook_up(app, events={"cancelled"}, channel="G0PRIVATE1")
    app.store.subscribe(app.team, USER, "C0PUBLIC01", {"cancelled"})
    uids = [cal.add_booking(ALICE_KEY, start_at(2, 9 + i)) for i in range(3)]
    for uid in uids:
        cal.cancel_elsewhere(uid, reason="Private")
    settled(app)
    assert slack.messages_in("G0PRIVATE1") == []
    dms = [m for ch, msgs in slack.messages.items() if ch.startswith("D") for m in msgs]
    warnings = [m for m in dms if "/invite @calbot" in m["text"]]
    assert len(warnings) == 1 and "G0PRIVATE1" in warnings[0]["text"]
    # The public channel the bot wasn't in: it joined and posted every notice.
    assert [c.params["channel"] for c in slack.calls_to("conversations.join")] == ["C0PUBLIC01"]
    for uid in uids:
        assert count_in(slack, "C0PUBLIC01", "Booking cancelled", uid) == 1


def test_no_approval_dm_for_a_booking_the_user_only_attends(app, slack, cal):
    """A key also reaches bookings its owner attends; only a host is asked to approve."""
    app.store.save_connection(app.team, USER, ALICE_KEY, None, calcom_user_id=99,
                              calcom_email="alice@example.com")
    from calcom.models import Booking
    from notices.changes import Change

    theirs = Booking(uid="bk_attending_only", title="Their call", status="pending",
                     start=start_at(), end=start_at() + timedelta(minutes=30),
                     hosts=[{"id": 5, "email": "pro@example.com", "name": "Pro"}],
                     attendees=[{"name": "Alice", "email": "alice@example.com"}])
    ours = Booking.model_validate({**theirs.model_dump(), "uid": "bk_hosting", "hosts": [
        {"id": 99, "email": "Alice@Example.com", "name": "Alice"}]})
    notices = app.runtime.services.notices
    assert notices.record(app.team, USER, Change("requested", theirs, source="poll"))
    assert notices.record(app.team, USER, Change("requested", ours, source="poll"))
    approvals(app, "bk_hosting")
    settled(app)
    assert app.store.booking_messages(app.team, "bk_attending_only", "approval") == []


def test_a_booking_made_in_slack_is_announced_once_and_credits_the_user(app, slack, cal):
    from tests.e2e.test_slack_flows import ROME, later, wait_view

    hook_up(app, events={"created"})
    slack.set_user(USER, tz="Europe/Rome")
    when = later(3, 11).astimezone(ROME).strftime("%a %d %b 11am")
    app.side.command(f"book 30min {when} with jane@example.com")
    view_id = slack.wait_for("views.open")[0].response["view"]["id"]
    view = wait_view(slack, view_id, ids.BOOK_VIEW)
    done = app.side.submit(view, {}).json()
    assert "Booked" in json.dumps(done["view"])
    uid = cal.requests_for("createBooking")[0].status and next(
        b["uid"] for b in cal.bookings_json(ALICE_KEY) if b["status"] == "accepted")
    wait_until(lambda: count_in(slack, CHANNEL, uid, f"<@{USER}>") == 1,
               what="one notice naming the Slack user")
    cal.wait_deliveries()  # Cal.com's own BOOKING_CREATED arrives too
    settled(app)
    assert count_in(slack, CHANNEL, uid) == 1


def test_connecting_without_a_public_url_takes_the_poll_baseline_at_once(app, slack, cal):
    uid = cal.add_booking(ALICE_KEY, start_at())
    app.side.command("connect")
    view_id = slack.wait_for("views.open")[0].response["view"]["id"]
    assert app.side.submit(slack.views[view_id], {ids.API_KEY: ALICE_KEY}).json()[
        "response_action"] == "update"
    wait_until(lambda: app.store.poll_state(app.team, USER), what="the baseline after connect")
    assert cal.count("getBookings") == 3  # one poll's worth, no more
    app.store.subscribe(app.team, USER, CHANNEL, {"cancelled"})
    cal.cancel_elsewhere(uid, reason="Right after connecting")
    conn = app.store.connection(app.team, USER)
    assert [c.key for c in app.runtime.services.notices.poller.poll_user(conn)] == [
        f"cancelled:{uid}"]
    wait_until(lambda: count_in(slack, CHANNEL, uid, "Right after connecting") == 1)


def test_connect_registers_the_webhook_and_disconnect_removes_it(tmp_path, slack, cal):
    app = CalbotUnderTest(tmp_path, slack, cal, cal.url,
                          CALBOT_PUBLIC_URL="https://calbot.example.com/")
    try:
        app.side.command("connect")
        view_id = slack.wait_for("views.open")[0].response["view"]["id"]
        app.side.submit(slack.views[view_id], {ids.API_KEY: ALICE_KEY})
        conn = wait_until(lambda: (c := app.store.connection(app.team, USER)) and c.webhook_id
                          and c, what="webhook kept")
        [hook] = cal.webhooks_of(ALICE_KEY)
        assert hook.subscriber_url == f"https://calbot.example.com/calcom/webhooks/{conn.webhook_public_id}"
        assert set(hook.triggers) == {"BOOKING_CREATED", "BOOKING_REQUESTED",
                                      "BOOKING_RESCHEDULED", "BOOKING_CANCELLED",
                                      "BOOKING_REJECTED"}
        assert conn not in app.store.connections_to_poll()  # webhooks, not polling
        _, token = app.side.command("disconnect")
        assert "gone" in app.side.reply(token)["text"]
        assert cal.webhooks_of(ALICE_KEY) == []
        assert app.store.connection_by_webhook(conn.webhook_public_id) is None
    finally:
        app.stop()
