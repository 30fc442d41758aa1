"""calbot's Cal.com client and webhook parser on what a real Cal.com server answered."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from calcom import CalcomClient
from calcom.errors import NotFound, RateLimited, Rejected, Unauthorized, Unavailable
from calcom.models import ChangeKind
from commands.errors import user_message
from notices.changes import change_from_webhook, signature_ok
from tests.conftest import SleepRecorder
from tests.recorded import WEBHOOK_SECRET, deliveries, replay

ALL = list(deliveries())


def client(*names: str, sleeps: SleepRecorder | None = None, max_wait: float = 0.0,
           strict: bool = True) -> CalcomClient:
    http = httpx.Client(transport=replay(*names, strict=strict))
    return CalcomClient(http, "cal_test_recorded_key_0000", base_url="http://127.0.0.1:55555",
                        sleep=sleeps or SleepRecorder(), max_wait=max_wait, read_retries=0)


# ---- webhooks ---------------------------------------------------------------------------

def test_all_34_deliveries_are_there():
    assert len(ALL) == 34


@pytest.mark.parametrize("delivery", ALL, ids=[d.name for d in ALL])
def test_every_delivery_verifies_with_its_secret_and_parses(delivery):
    given = delivery.headers["X-Cal-Signature-256"]
    assert signature_ok(delivery.raw, WEBHOOK_SECRET, given)
    assert not signature_ok(delivery.raw, "another-secret", given)
    assert not signature_ok(delivery.raw + b" ", WEBHOOK_SECRET, given)
    change = change_from_webhook(delivery.body)
    assert change is not None
    assert change.booking.uid == delivery.body["payload"]["uid"]
    assert change.booking.start.tzinfo is not None


def test_webhook_statuses_are_uppercase_and_read_as_the_api_writes_them():
    statuses = {d.body["payload"]["status"] for d in ALL}
    assert statuses == {"ACCEPTED", "PENDING", "REJECTED", "CANCELLED"}
    kinds = {change_from_webhook(d.body).booking.status for d in ALL}  # type: ignore[union-attr]
    assert kinds == {"accepted", "pending", "rejected", "cancelled"}


def test_a_guest_listed_among_attendees_with_no_name_is_shown_once():
    created = change_from_webhook(ALL[0].body)
    assert created is not None
    booking = created.booking
    assert [a.email for a in booking.attendees] == ["carol@example.test"]
    assert booking.guests == ["dave@example.test"]


def test_cancellations_carry_no_cancelled_by_and_a_series_cancel_says_how_many():
    cancels = [change_from_webhook(d.body) for d in ALL if d.trigger == "BOOKING_CANCELLED"]
    assert all(c is not None and c.kind == ChangeKind.CANCELLED for c in cancels)
    assert all(c.by_name is None for c in cancels if c is not None)
    series = [c for c in cancels if c is not None and c.booking.recurrence
              and c.booking.recurrence.count]
    assert [(c.booking.uid, c.booking.recurrence.count) for c in series] == [  # type: ignore
        ("8FJbK8JoR4ouMpdvYYFRXg", 3), ("twqhVP9ahojvx5bzkp4YFK", 3)]


def test_metadata_naming_a_slack_user_is_read_but_is_not_proof():
    from commands.provenance import verified_booker

    created = change_from_webhook(ALL[0].body)
    assert created is not None
    assert created.booking.metadata == {"source": "calbot", "slack_user": "U123"}
    assert verified_booker(created.booking, "T1", {"U123": "cal_key"}) is None


# ---- the API ----------------------------------------------------------------------------

def test_me_has_no_name():
    me = client("001-me-ok").me()
    assert (me.id, me.email, me.username, me.name) == (1, "alice@example.test", "alice", None)


@pytest.mark.parametrize("name", ["002-me-badkey", "003-me-nokey", "004-me-garbage-token"])
def test_a_bad_key_is_unauthorized(name):
    with pytest.raises(Unauthorized):
        client(name).me()


def test_event_types_without_username_are_404_and_read_as_none():
    assert client("011-et-list-nousername").event_types() == []


def test_event_types_by_username():
    types = client("012-et-list-username").event_types(username="alice")
    assert {t.slug for t in types} >= {"plain-30"}


def test_a_non_host_confirming_gets_401_which_is_not_a_dead_key():
    with pytest.raises(Unauthorized) as info:
        client("061-cf-confirm-by-nonhost-bob").confirm_booking("pBAahL8fgg6hnM6fHU3hZ6")
    assert info.value.message == "You are not authorized to access this resource"


def test_rescheduling_an_unknown_uid_is_a_bare_500():
    c = client("093-rs-reschedule-missing", "058-bk-get-missing", strict=False)
    with pytest.raises(Unavailable) as info:
        c.reschedule_booking("nosuchuid", datetime(2026, 12, 7, 15, tzinfo=UTC))
    assert info.value.status == 500


def test_the_bare_nestjs_error_body_keeps_its_message():
    with pytest.raises(Rejected) as info:
        client("074-cx-host-no-reason", "058-bk-get-missing", strict=False).cancel_booking(
            "vpfYhLYHLAtANH3gFSoaUu")
    assert "reason is required" in info.value.message


def test_a_validation_error_keeps_cal_coms_words_in_short():
    with pytest.raises(Rejected) as info:
        client("035-bk-create-bad-body")._request(  # the body calbot would never send
            "POST", "/v2/bookings", version="2024-08-13", json={"start": "tomorrow"})
    sentence = user_message(info.value)
    assert sentence.startswith("Cal.com refused that: start property is wrong")
    assert len(sentence) < 260


@pytest.mark.parametrize("name", ["032-bk-create-taken-slot", "034-bk-create-outside-hours"])
def test_taken_and_outside_hours_are_both_not_available(name):
    with pytest.raises(Rejected) as info:
        client(name)._request("POST", "/v2/bookings", version="2024-08-13", json={})
    sentence = user_message(info.value)
    assert "isn't available" in sentence and "/cal slots" in sentence
    assert "no longer free" not in sentence


def test_a_429_has_no_retry_after_its_reset_is_the_block_left_and_is_not_waited_in_slack():
    sleeps = SleepRecorder()
    c = client("105-rl-me-3", sleeps=sleeps)
    with pytest.raises(RateLimited) as info:
        c.me()
    assert info.value.retry_after == 30.0 and sleeps.waits == []
    assert isinstance(info.value.details, str)
    assert c.rate_limit is not None and c.rate_limit.remaining == 0
    assert "try again in 31 seconds" in user_message(info.value)


def test_every_answer_carries_the_rate_limit_headers():
    c = client("001-me-ok")
    c.me()
    assert c.rate_limit is not None
    assert (c.rate_limit.limit, c.rate_limit.remaining, c.rate_limit.reset_s) == (120, 119, 60.0)


def test_webhook_ids_are_uuid_strings():
    hook = client("015-wh-create").create_webhook(
        "http://127.0.0.1:57001/hook/alice", WEBHOOK_SECRET, ["BOOKING_CREATED"])
    assert hook.id == "0e96501d-bad3-41cb-bfdd-f85a18ef1aef"


def test_a_missing_booking_is_not_found():
    with pytest.raises(NotFound):
        client("058-bk-get-missing").booking("doesnotexist123")


def test_another_users_key_reads_any_booking_so_calbot_must_check_itself():
    from commands.access import Identity, role_in

    booking = client("057-bk-get-by-bob").booking("9qpuhhCkh9UtjKEfTfFCpe")
    assert role_in(booking, Identity(2, "bob@example.test")) is None
    assert role_in(booking, Identity(1, "alice@example.test")) == "host"
    assert role_in(booking, Identity(None, "dave@example.test")) == "attendee"
