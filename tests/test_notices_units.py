"""Pure parts of notices/: webhook parsing, dedupe keys, signatures, the poll diff, rendering,
the outbox schedule and Slack error classification. No I/O, injected clocks."""

from __future__ import annotations

import json
import urllib.error
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from blockkit import ids
from blockkit import notices as bn
from calcom.models import Attendee, Booking
from notices.changes import Change, change_from_webhook, dedupe_key, sign, signature_ok
from notices.outbox import backoff, classify, retry_after, schedule
from notices.poller import diff
from storage import OutboxMessage
from tests.data import data_path
from tests.fakes.slack import check_message

SAMPLES = data_path("calcom", "webhooks")


def sample(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.json").read_text())


# ---- webhook payloads -------------------------------------------------------------------


@pytest.mark.parametrize("name, kind, key, by, reason", [
    ("booking-created", "created", "created:kT3xWq9ZbN2yHf7LmP4sRd", "John Doe", None),
    ("booking-requested", "requested", "requested:Pn8cVb3RtY6uJk1oLz5qWe", "John Doe", None),
    ("booking-cancelled", "cancelled", "cancelled:kT3xWq9ZbN2yHf7LmP4sRd", "Pro Example",
     "Will travel"),
    ("booking-rescheduled", "rescheduled",
     "rescheduled:kT3xWq9ZbN2yHf7LmP4sRd:Ha2mKe7VdS9xQw4rTy6uIo", "John Doe",
     "Conflict with another meeting"),
])
def test_each_shared_sample_becomes_one_change(name, kind, key, by, reason):
    change = change_from_webhook(sample(name))
    assert change is not None
    assert (change.kind, change.key, change.by_name, change.reason) == (kind, key, by, reason)
    assert change.booking.start.tzinfo is not None
    assert change.booking.attendees[0].email == "john.doe@example.com"
    assert change.notes == "Quarterly review"


def test_reschedule_carries_old_uid_and_old_time_and_continues_its_thread():
    change = change_from_webhook(sample("booking-rescheduled"))
    assert change.old_uid == "kT3xWq9ZbN2yHf7LmP4sRd"
    assert change.old_start == datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    assert change.booking.start == datetime(2026, 12, 8, 14, 0, tzinfo=UTC)
    assert change.thread_uids == ["Ha2mKe7VdS9xQw4rTy6uIo", "kT3xWq9ZbN2yHf7LmP4sRd"]
    assert change.events == {"rescheduled"}


def test_rejected_and_pending_reschedule_shapes():
    body = sample("booking-requested")
    body["triggerEvent"] = "BOOKING_REJECTED"
    body["payload"]["status"] = "REJECTED"
    body["payload"]["rejectionReason"] = "Fully booked"
    change = change_from_webhook(body)
    assert (change.kind, change.key, change.reason) == (
        "rejected", "rejected:Pn8cVb3RtY6uJk1oLz5qWe", "Fully booked")
    assert change.by_name == "Pro Example"  # the host declines
    assert change.events == {"requested", "cancelled"}

    moved = sample("booking-rescheduled")
    moved["triggerEvent"] = "BOOKING_REQUESTED"
    moved["payload"]["status"] = "PENDING"
    change = change_from_webhook(moved)
    assert change.kind == "requested" and change.old_uid == "kT3xWq9ZbN2yHf7LmP4sRd"
    assert change.key == "requested:Ha2mKe7VdS9xQw4rTy6uIo"
    assert change.events == {"requested", "rescheduled"}


def test_unknown_triggers_are_ignored_and_junk_is_refused():
    assert change_from_webhook({"triggerEvent": "PING", "payload": {}}) is None
    assert change_from_webhook({"triggerEvent": "MEETING_ENDED", "payload": {}}) is None
    from notices.changes import BadPayload

    with pytest.raises(BadPayload):
        change_from_webhook({"triggerEvent": "BOOKING_CANCELLED", "payload": {"title": "x"}})
    with pytest.raises(BadPayload):
        change_from_webhook(["not", "an", "object"])  # type: ignore[arg-type]


def test_dedupe_keys_are_the_same_from_every_source():
    start = datetime(2026, 12, 7, 9, tzinfo=UTC)
    assert dedupe_key("cancelled", "u1") == "cancelled:u1"
    assert dedupe_key("rescheduled", "new", "old") == "rescheduled:old:new"
    epoch = int(start.timestamp())
    assert dedupe_key("rescheduled", "u1", "u1", start) == f"rescheduled:u1:u1@{epoch}"
    with pytest.raises(ValueError):
        dedupe_key("exploded", "u1")
    # The poller's view of the sample's cancellation has the webhook's key.
    hook = change_from_webhook(sample("booking-cancelled"))
    polled = Booking(uid=hook.uid, title=hook.booking.title, status="cancelled",
                     start=hook.booking.start)
    assert Change("cancelled", polled, source="poll").key == hook.key


# ---- signatures -------------------------------------------------------------------------


def test_signature_is_hex_hmac_sha256_of_the_raw_body():
    body = json.dumps(sample("booking-created")).encode()
    good = sign(body, "s3cret")
    assert signature_ok(body, "s3cret", good)
    assert signature_ok(body, "s3cret", good.upper())
    assert signature_ok(body, "s3cret", "sha256=" + good)
    assert not signature_ok(body, "other", good)
    assert not signature_ok(body + b" ", "s3cret", good)
    assert not signature_ok(body, "s3cret", None)
    assert not signature_ok(body, None, good)
    assert not signature_ok(body, "s3cret", "")


# ---- the poll diff ----------------------------------------------------------------------

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def booking(uid: str, status: str = "accepted", *, hours: int = 48, created: datetime = NOW,
            **extra) -> Booking:
    return Booking(uid=uid, title=f"Meeting {uid}", status=status,
                   start=NOW + timedelta(hours=hours), created_at=created,
                   attendees=[Attendee(name="Jane Doe", email="jane@example.com")], **extra)


def test_first_poll_is_a_baseline_and_announces_nothing():
    changes, state = diff({}, [booking("a"), booking("p", "pending")], NOW)
    assert changes == []
    assert set(state["b"]) == {"a", "p"}


def test_poll_diff_finds_each_kind_of_change():
    old = NOW - timedelta(days=30)
    _, state = diff({}, [booking("a", created=old), booking("p", "pending", created=old),
                         booking("q", "pending", created=old), booking("m", created=old),
                         booking("x", created=old)], NOW)
    later = NOW + timedelta(minutes=1)
    now_listed = [
        booking("a", created=old),                        # unchanged
        booking("p", created=old),                        # pending -> accepted
        booking("q", "rejected", created=old),            # declined
        booking("m", "cancelled", created=old, rescheduled_to_uid="m2"),  # moved away
        booking("m2", hours=72, rescheduled_from_uid="m", created=later),
        booking("x", "cancelled", created=old, cancellation_reason="Sick"),
        booking("n", "pending", created=later),           # new request
        booking("c", created=later),                      # new booking
        booking("old", created=old),                      # scrolled into view: no news
    ]
    changes, state2 = diff(state, now_listed, later)
    found = {c.key: c for c in changes}
    assert set(found) == {"confirmed:p", "rejected:q", "rescheduled:m:m2", "cancelled:x",
                          "requested:n", "created:c"}
    assert found["cancelled:x"].reason == "Sick"
    assert found["rescheduled:m:m2"].old_start == NOW + timedelta(hours=48)
    assert all(c.source == "poll" for c in changes)
    again, _ = diff(state2, now_listed, later + timedelta(minutes=1))
    assert again == []  # nothing new on the next poll


def test_poll_diff_sees_a_move_that_keeps_its_uid():
    _, state = diff({}, [booking("a")], NOW)
    changes, _ = diff(state, [booking("a", hours=50)], NOW + timedelta(minutes=1))
    assert [c.key for c in changes] == [
        f"rescheduled:a:a@{int((NOW + timedelta(hours=50)).timestamp())}"]


# ---- rendering --------------------------------------------------------------------------


def test_approval_dm_has_details_and_confirm_decline_with_the_uid():
    change = change_from_webhook(sample("booking-requested"))
    message = bn.approval_request(change.booking, notes=change.notes)
    assert check_message(message) == []
    actions = [b for b in message["blocks"] if b["type"] == "actions"]
    assert actions[0]["block_id"] == ids.BOOKING_ACTIONS
    assert [(e["action_id"], e["value"]) for e in actions[0]["elements"]] == [
        (ids.CONFIRM, change.uid), (ids.DECLINE, change.uid), (ids.DETAILS, change.uid)]
    assert "Intro call" in actions[0]["elements"][0]["accessibility_label"]
    text = json.dumps(message)
    for part in ("Intro call between Pro Example and John Doe", "john.doe@example.com",
                 "Quarterly review", "<!date^1796634000^{date_short_pretty} at {time}|"):
        assert part in text


def test_settled_approval_shows_outcome_and_actor_with_only_details():
    change = change_from_webhook(sample("booking-requested"))
    message = bn.approval_outcome(change.booking, "Declined", by="<@U123>", reason="No <b>")
    assert check_message(message) == []
    assert [e["action_id"] for b in message["blocks"] if b["type"] == "actions"
            for e in b["elements"]] == [ids.DETAILS]
    text = json.dumps(message)
    assert "Declined* by <@U123>" in text and "No &lt;b&gt;" in text


def test_channel_notice_says_what_which_when_who_why():
    change = change_from_webhook(sample("booking-rescheduled"))
    message = bn.notice(change.kind, change.booking, by=bn.actor_text(None, change.by_name),
                        reason=change.reason, old_start=change.old_start,
                        old_uid=change.old_uid)
    assert check_message(message) == []
    text = json.dumps(message)
    for part in ("Booking rescheduled", "by John Doe", "~<!date^1796634000^", "<!date^1796738400^",
                 "Conflict with another meeting", "Ha2mKe7VdS9xQw4rTy6uIo",
                 "kT3xWq9ZbN2yHf7LmP4sRd", "*With:* John Doe"):
        assert part in text
    assert "john.doe@example.com" not in text  # a channel reads it: names only
    assert bn.actor_text("U1", "Pro") == "<@U1>"
    assert bn.actor_text(None, "<!channel>") == "&lt;!channel&gt;"  # no forged mentions


# ---- outbox scheduling and Slack errors -------------------------------------------------


def row(id: int, channel: str, *, team: str = "T1", not_before: float = 0.0) -> OutboxMessage:
    return OutboxMessage(id=id, team_id=team, channel=channel, payload={}, key=str(id),
                         status="queued", attempts=0, not_before=not_before, sent_ts=None,
                         error=None)


def test_schedule_sends_each_lanes_oldest_row_paced():
    queued = [row(1, "C1"), row(2, "C1"), row(3, "C2"), row(4, "C3", not_before=105.0)]
    ready, later = schedule(queued, 100.0, {}, {})
    assert [m.id for m in ready] == [1, 3]  # row 2 waits for row 1 (its thread root)
    assert later == 105.0
    ready, later = schedule(queued[1:], 100.5, {("T1", "C1"): 101.0, ("T1", "C2"): 101.0}, {})
    assert [m.id for m in ready] == [] and later == 101.0  # paced: one per second per channel
    ready, _ = schedule(queued[1:], 101.0, {("T1", "C1"): 101.0}, {})
    assert [m.id for m in ready] == [2, 3]


def test_schedule_holds_a_workspace_on_429_and_head_of_line_in_backoff():
    queued = [row(1, "C1", not_before=200.0), row(2, "C1"), row(3, "C2", team="T2")]
    ready, later = schedule(queued, 100.0, {}, {"T2": 150.0})
    assert ready == [] and later == 150.0  # C1's root is backing off; T2 is rate limited


def slack_error(status: int, body: dict, headers: dict | None = None) -> SlackApiError:
    response = SlackResponse(client=None, http_verb="POST", api_url="https://x/api/m",
                             req_args={}, data=body, headers=headers or {}, status_code=status)
    return SlackApiError("boom", response)


def test_slack_errors_are_classified():
    rate = classify(slack_error(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "7"}))
    assert (rate.action, rate.wait) == ("retry_after", 7.0)
    assert classify(slack_error(200, {"ok": False, "error": "not_in_channel"})).action == "join"
    assert classify(slack_error(200, {"ok": False, "error": "channel_not_found"})).action == (
        "private")
    assert classify(slack_error(200, {"ok": False, "error": "is_archived"})).action == "archived"
    assert classify(slack_error(503, {"ok": False, "error": "service_unavailable"})).action == (
        "backoff")
    assert classify(slack_error(200, {"ok": False, "error": "invalid_blocks"})).action == "drop"
    assert classify(urllib.error.URLError("refused")).action == "backoff"
    assert classify(TimeoutError()).action == "backoff"
    assert retry_after({"retry-after": ["3"]}) == 3.0
    assert retry_after({}) == 1.0
    assert [backoff(n) for n in (0, 1, 2, 20)] == [1.0, 2.0, 4.0, 300.0]
