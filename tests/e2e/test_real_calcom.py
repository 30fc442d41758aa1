"""What users meet on the real Cal.com (issue 9): the fake answers like the recorded server
(tests/data/calcom/recorded/), and calbot does the right thing on it. One test per point."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx

from blockkit import ids
from tests.e2e.harness import CHANNEL, OTHER_USER, USER, wait_until
from tests.e2e.test_notices import approvals, count_in, hook_up, settled, start_at, texts
from tests.e2e.test_slack_flows import later, opened_view
from tests.fakes.calcom import ALICE_KEY, BOB_KEY

BOB = dict(calcom_user_id=2, calcom_email="bob@example.com")
ALICE = dict(calcom_user_id=1, calcom_email="alice@example.com")


def connect(calbot, user: str, key: str, who: dict) -> None:
    calbot.store.save_connection(calbot.team, user, key, None, **who)


# 1. Anyone can act on any booking by uid: calbot decides, before it calls.
def test_1_a_typed_cancel_of_someone_elses_booking_is_refused_before_any_call(calbot, cal):
    connect(calbot, OTHER_USER, BOB_KEY, BOB)
    uid = cal.add_booking(ALICE_KEY, later(3), notify=False)
    _, token = calbot.side.command(f"cancel {uid} not mine", user=OTHER_USER)
    said = calbot.side.reply(token)
    assert "isn't one you host or attend" in said["text"]
    assert cal.count("cancelBooking") == 0 and cal.booking(uid).status == "accepted"


def test_1_an_attendee_may_act_on_a_booking_they_attend(calbot, cal):
    connect(calbot, OTHER_USER, BOB_KEY, BOB)
    uid = cal.add_booking(ALICE_KEY, later(3), attendee_email="bob@example.com",
                          attendee_name="Bob", notify=False)
    _, token = calbot.side.command(f"cancel {uid} can't make it", user=OTHER_USER)
    wait_until(lambda: cal.booking(uid).status == "cancelled", what="cancelled")
    assert "Cancelled" in calbot.side.reply(token)["text"]


# 2. A non-host confirming gets 401: not proof of a dead key.
def test_2_a_non_host_confirming_is_told_only_the_host_can_not_to_reconnect(calbot, cal):
    connect(calbot, OTHER_USER, BOB_KEY, BOB)
    uid = cal.add_booking(ALICE_KEY, later(3), event_type="intro-call", status="pending",
                          attendee_email="bob@example.com", attendee_name="Bob", notify=False)
    _, token = calbot.side.click(ids.CONFIRM, uid, user=OTHER_USER)
    said = calbot.side.reply(token)["text"]
    assert "Only the booking's host can do that" in said and "/cal connect" not in said
    assert cal.booking(uid).status == "pending"


# 3. Event types need the username; a 404 is "no event types", not "booking not found".
def test_3_event_types_are_asked_for_by_username(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    calbot.side.command("book")
    view = wait_until(lambda: opened_view(slack)["callback_id"] == ids.BOOK_VIEW
                      and opened_view(slack), what="book form")
    assert "30 Min" in json.dumps(view) or "30min" in json.dumps(view)
    asked = cal.requests_for("getEventTypes")[-1]
    assert asked.query["username"] == ["alice"]


def test_3_no_event_types_says_so(calbot, slack, cal):
    calbot.connect(BOB_KEY)
    for et in [e for e in cal.state.event_types.values() if e.owner_key == BOB_KEY]:
        del cal.state.event_types[et.id]
    calbot.side.command("book")
    view = wait_until(lambda: "no event types" in json.dumps(opened_view(slack))
                      and opened_view(slack), what="the sentence")
    assert "can't find that booking" not in json.dumps(view)


# 4. Rescheduling an unknown uid: there is no such booking (not "Cal.com isn't answering").
def test_4_rescheduling_an_unknown_uid_says_there_is_no_such_booking(calbot, cal):
    calbot.connect(ALICE_KEY)
    _, token = calbot.side.command("reschedule nosuchuid123 tomorrow 3pm")
    said = calbot.side.reply(token)["text"]
    assert "can't find that booking" in said and "isn't answering" not in said
    assert cal.count("rescheduleBooking") == 0


# 5. A stale Confirm must not flip a decided booking.
def test_5_a_stale_confirm_on_a_declined_booking_changes_nothing(calbot, cal):
    calbot.connect(ALICE_KEY)
    connect(calbot, USER, ALICE_KEY, ALICE)
    uid = cal.add_booking(ALICE_KEY, later(3), event_type="intro-call", status="pending",
                          notify=False)
    cal.decline_elsewhere(uid, "no")
    _, token = calbot.side.click(ids.CONFIRM, uid)
    said = calbot.side.reply(token)["text"]
    assert "already declined" in said and "nothing was changed" in said
    assert cal.count("confirmBooking") == 0 and cal.booking(uid).status == "rejected"


def test_5_a_double_confirm_is_done_once(calbot, cal):
    connect(calbot, USER, ALICE_KEY, ALICE)
    uid = cal.add_booking(ALICE_KEY, later(3), event_type="intro-call", status="pending",
                          notify=False)
    calbot.side.click(ids.CONFIRM, uid, where="ephemeral")
    wait_until(lambda: cal.booking(uid).status == "accepted", what="confirmed")
    calbot.side.click(ids.CONFIRM, uid, where="ephemeral")
    wait_until(lambda: cal.count("getBooking") >= 2, what="second look")
    assert cal.count("confirmBooking") == 1


# 6. A recurring series: announced once, its cancellation as the series'.
def test_6_a_series_is_announced_once(calbot, slack, cal):
    hook_up(calbot, events={"created", "cancelled"})
    made = cal.add_series(ALICE_KEY, later(3), event_type="weekly-sync")
    assert len(made) >= 3
    settled(calbot)
    assert count_in(slack, CHANNEL, "New booking") == 1
    cal.cancel_series(made[0], reason="over")
    wait_until(lambda: count_in(slack, CHANNEL, "cancelled") >= 1, what="cancel notice")
    settled(calbot)
    shown = [t for t in texts(slack, CHANNEL) if "cancelled" in t.lower()]
    assert len(shown) == 1 and "the whole weekly series, 4 occurrences" in shown[0]


# 7. Rate limits: never waited out in a Slack request; the user is told when to try again.
def test_7_a_rate_limited_list_says_when_to_try_again(calbot, cal):
    calbot.connect(ALICE_KEY)
    cal.rate_limit_next(1, reset=42, path="^/v2/bookings$")
    _, token = calbot.side.command("list")
    said = calbot.side.reply(token)["text"]
    assert "try again in 43 seconds" in said
    assert cal.count("getBookings") == 1  # not retried inside the request


# 8 and 15. Webhooks carry no cancelledBy: a change made in Slack credits the Slack user
# although Cal.com's webhook arrives before Cal.com's own answer.
def test_8_15_a_cancel_from_slack_credits_the_slack_user_and_keeps_the_reason(calbot, slack,
                                                                             cal):
    hook_up(calbot, events={"cancelled"})
    uid = cal.add_booking(ALICE_KEY, later(3), notify=False)
    calbot.side.command(f"cancel {uid} Tom & Jerry")
    wait_until(lambda: count_in(slack, CHANNEL, "cancelled", uid) == 1, what="notice")
    settled(calbot)
    notice = next(t for t in texts(slack, CHANNEL) if uid in t)
    assert f"<@{USER}>" in notice and "Tom" in notice
    hooks = wait_until(lambda: [d for d in cal.outbox.deliveries
                                if d.trigger == "BOOKING_CANCELLED"], what="the webhook")
    assert b"cancelledBy" not in hooks[0].body  # as recorded: Cal.com doesn't say who


# 9. Error bodies: each gets its own sentence.
def test_9_a_slot_taken_in_a_race_says_pick_another(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    cal.inject("error", status=409, path="^/v2/bookings$", method="POST",
               message="booking_conflict_error")
    calbot.side.command(f"book 30min {later(3):%Y-%m-%d} 10:00 with jane@example.com")
    view = wait_until(lambda: opened_view(slack)["callback_id"] == ids.BOOK_VIEW
                      and opened_view(slack), what="book form")
    answer = calbot.side.submit(view, {}).json()
    if answer.get("response_action") == "update":  # the reading shown back first
        answer = calbot.side.submit(answer["view"] | {"id": view["id"]}, {}).json()
    assert "just taken" in answer["errors"][ids.WHEN]


# 10. Shapes: a guest is listed among attendees with an empty name; shown once.
def test_10_a_guest_is_shown_once(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, later(3), notify=False)
    cal.state.bookings[uid].guests = ["dave@example.com"]
    _, token = calbot.side.command("list")
    listed = json.dumps(calbot.side.reply(token))
    assert listed.count("dave@example.com") <= 1


# 11. A webhook about a booking its user neither hosts nor attends changes nothing.
def test_11_a_signed_fake_cancellation_of_someone_elses_booking_changes_nothing(calbot, slack,
                                                                              cal):
    connect(calbot, USER, ALICE_KEY, ALICE)
    hook_up(calbot, events={"cancelled"})
    connect(calbot, USER, ALICE_KEY, ALICE)  # hook_up reconnected without the identity
    public_id, secret = hook_up(calbot, user=OTHER_USER, key=BOB_KEY, events={"cancelled"})
    connect(calbot, OTHER_USER, BOB_KEY, BOB)
    theirs = cal.add_booking(ALICE_KEY, later(3), event_type="intro-call", status="pending")
    approvals(calbot, theirs)
    raw, headers = cal.webhook_body("BOOKING_CANCELLED", theirs, secret=secret)
    answer = httpx.post(f"{calbot.url}/calcom/webhooks/{public_id}", content=raw,
                        headers=headers)
    assert answer.status_code == 200 and answer.json().get("ignored")
    settled(calbot)
    dm = calbot.store.booking_messages(calbot.team, theirs, "approval")[0]
    assert any(b["type"] == "actions" for b in slack.message(dm.channel, dm.ts)["blocks"])


# 12. Metadata is user input: a forged calbot_slack_user pings nobody and credits nobody.
def test_12_forged_booker_metadata_is_not_believed(calbot, slack, cal):
    hook_up(calbot, events={"created"})
    uid = cal.add_booking(ALICE_KEY, later(3), notify=False)
    cal.state.bookings[uid].metadata = {"calbot_slack_user": "U0OTHER0001"}
    cal.deliver_webhooks("BOOKING_CREATED", uid)
    wait_until(lambda: count_in(slack, CHANNEL, uid) == 1, what="notice")
    notice = next(t for t in texts(slack, CHANNEL) if uid in t)
    assert "<@U0OTHER0001>" not in notice and "<!channel>" not in notice


# 13. Out of order: a late BOOKING_CREATED after the cancellation posts no "New booking".
def test_13_a_late_creation_after_the_cancellation_is_not_announced(calbot, slack, cal):
    hook_up(calbot, events={"created", "cancelled"})
    uid = cal.add_booking(ALICE_KEY, later(3), notify=False)
    cal.cancel_elsewhere(uid, reason="changed plans")
    wait_until(lambda: count_in(slack, CHANNEL, uid) == 1, what="cancel notice")
    cal.deliver_webhooks("BOOKING_CREATED", uid)  # arrives late
    settled(calbot)
    assert count_in(slack, CHANNEL, "New booking", uid) == 0


# 14. Downtime: what changed while calbot was down is caught up at start, once.
def test_14_changes_while_down_are_announced_at_start(tmp_path, slack, cal, clock):
    from tests.e2e.harness import CalbotUnderTest

    first = CalbotUnderTest(tmp_path, slack, cal, cal.url, clock=clock)
    hook_up(first, events={"cancelled"})
    uid = cal.add_booking(ALICE_KEY, start_at(4), notify=False)
    first.runtime.services.notices.connected(first.team, USER)  # the baseline
    first.stop()
    cal.auto_deliver = False  # calbot is down: its webhook delivery is lost
    cal.cancel_elsewhere(uid, reason="while you were away")
    cal.auto_deliver = True
    second = CalbotUnderTest(tmp_path, slack, cal, cal.url, clock=clock,
                             CALBOT_SECRET_KEY=first.settings.secret("CALBOT_SECRET_KEY"))
    try:
        wait_until(lambda: count_in(slack, CHANNEL, "cancelled", uid) == 1, what="caught up")
        settled(second)
        assert count_in(slack, CHANNEL, "cancelled", uid) == 1
    finally:
        second.stop()


# 17. A duration books whole minutes.
def test_17_in_4_hours_books_a_whole_minute(calbot, slack, cal, clock):
    calbot.connect(ALICE_KEY)
    clock.set(datetime(2026, 11, 24, 8, 57, 39, 27000, tzinfo=UTC))
    preview = calbot.runtime.services.calbot.preview("in 4 hours", "Europe/Rome")
    assert preview.start == datetime(2026, 11, 24, 12, 58, tzinfo=UTC)
    assert preview.start.second == 0 and preview.start - clock() < timedelta(hours=4, minutes=1)
