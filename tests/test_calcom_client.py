"""CalcomClient against the spec-checked fake Cal.com (in-process, plus one real-HTTP test).

Every test uses the ``calcom_fake`` fixture, which fails the test if any request the client
sent breaks Cal.com's published API spec (including the cal-api-version header).
"""

from __future__ import annotations

import logging
import socket
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from calcom import (
    Attendee,
    Booking,
    CalcomClient,
    EventType,
    Forbidden,
    NotFound,
    RateLimited,
    Rejected,
    Unauthorized,
    Unavailable,
    iso_z,
    new_http_client,
)
from tests.conftest import SleepRecorder
from tests.fakes.calcom import ALICE_KEY, BOB_KEY, FakeCalcom

MON = datetime(2030, 3, 4, tzinfo=UTC)  # a Monday, far in the future

JOHN = Attendee(name="John Doe", email="john.doe@example.com", time_zone="America/New_York")


def at(hour: int, minute: int = 0, day: datetime = MON) -> datetime:
    return day.replace(hour=hour, minute=minute)


def et_id(fake: FakeCalcom, slug: str, key: str = ALICE_KEY) -> int:
    return fake.event_type_id(key, slug)


# --------------------------------------------------------------------------- operations


def test_me(alice: CalcomClient) -> None:
    me = alice.me()
    assert (me.id, me.email, me.username, me.name, me.time_zone) == (  # no name: recorded 001
        1, "alice@example.com", "alice", None, "Europe/Rome")


def test_event_types_flags(alice: CalcomClient) -> None:
    types = {et.slug: et for et in alice.event_types(username="alice")}
    assert set(types) == {"30min", "intro-call", "weekly-sync"}
    assert types["30min"].length == 30
    assert not types["30min"].requires_confirmation and not types["30min"].recurring
    assert types["intro-call"].requires_confirmation
    assert types["weekly-sync"].recurring and types["weekly-sync"].recurrence_count == 4


def test_version_header_per_family(alice: CalcomClient, calcom_fake: FakeCalcom) -> None:
    alice.me()
    alice.event_types(username="alice")
    alice.slots(et_id(calcom_fake, "30min"), MON.date(), "UTC")
    [b] = alice.create_booking(et_id(calcom_fake, "30min"), at(9), JOHN)
    alice.booking(b.uid)
    alice.bookings("upcoming")
    alice.cancel_booking(b.uid, "travel")
    hook = alice.create_webhook("https://example.test/hook", "s", ["BOOKING_CREATED"])
    alice.webhooks()
    alice.delete_webhook(hook.id)
    expected = {
        "getMe": None, "getWebhooks": None, "createWebhook": None, "deleteWebhook": None,
        "getEventTypes": "2024-06-14", "getAvailableSlots": "2024-09-04",
        "createBooking": "2024-08-13", "getBooking": "2024-08-13",
        "getBookings": "2024-08-13", "cancelBooking": "2024-08-13",
    }
    for op, version in expected.items():
        requests = calcom_fake.requests_for(op)
        assert requests, op
        assert all(r.headers.get("cal-api-version") == version for r in requests), op
    # the fake strips Authorization from its records, but knew who was calling
    assert all("authorization" not in r.headers and r.user == "alice"
               for r in calcom_fake.requests)


def test_create_booking_sends_utc_z_and_fields(alice: CalcomClient,
                                               calcom_fake: FakeCalcom) -> None:
    rome_10 = datetime(2030, 3, 4, 10, 0, tzinfo=ZoneInfo("Europe/Rome"))  # 09:00Z
    [booking] = alice.create_booking(
        et_id(calcom_fake, "30min"), rome_10, JOHN, guests=["guest@example.com"],
        notes="Quarterly review")
    body = calcom_fake.last_request("createBooking").body
    assert body["start"] == "2030-03-04T09:00:00Z"
    assert body["eventTypeId"] == et_id(calcom_fake, "30min")
    assert body["attendee"] == {"name": "John Doe", "email": "john.doe@example.com",
                                "timeZone": "America/New_York"}
    assert body["guests"] == ["guest@example.com"]
    assert body["bookingFieldsResponses"] == {"notes": "Quarterly review"}
    assert isinstance(booking, Booking)
    assert booking.start == at(9) and booking.start.tzinfo is not None
    assert booking.start.utcoffset() == timedelta(0)
    assert booking.end == at(9, 30) and booking.duration == 30
    assert booking.status == "accepted"
    assert booking.event_type_id == et_id(calcom_fake, "30min")
    assert booking.event_type_slug == "30min"
    assert booking.attendees[0].email == "john.doe@example.com"
    assert booking.hosts[0].email == "alice@example.com"
    assert booking.guests == ["guest@example.com"]
    assert booking.meeting_url and booking.updated_at is not None


def test_naive_start_is_refused_before_sending(alice: CalcomClient,
                                               calcom_fake: FakeCalcom) -> None:
    with pytest.raises(ValueError):
        alice.create_booking(et_id(calcom_fake, "30min"), datetime(2030, 3, 4, 9), JOHN)
    assert calcom_fake.count("createBooking") == 0


def test_iso_z() -> None:
    assert iso_z(datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)) == "2030-01-02T03:04:05Z"
    assert iso_z(datetime(2030, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)) == "2030-01-02T03:04:05.123Z"
    assert iso_z(datetime(2030, 7, 1, 12, tzinfo=ZoneInfo("America/New_York"))) == (
        "2030-07-01T16:00:00Z")


def test_create_recurring_returns_every_occurrence(alice: CalcomClient,
                                                   calcom_fake: FakeCalcom) -> None:
    made = alice.create_booking(et_id(calcom_fake, "weekly-sync"), at(9), JOHN)
    assert [b.start for b in made] == [at(9) + timedelta(weeks=i) for i in range(4)]
    assert len({b.uid for b in made}) == 4
    assert len({b.recurring_booking_uid for b in made}) == 1 and made[0].recurring_booking_uid


def test_taken_slot_is_rejected_with_calcoms_message(alice: CalcomClient,
                                                     calcom_fake: FakeCalcom) -> None:
    alice.create_booking(et_id(calcom_fake, "30min"), at(9), JOHN)
    with pytest.raises(Rejected) as info:
        alice.create_booking(et_id(calcom_fake, "30min"), at(9), JOHN)
    assert info.value.status == 400
    assert info.value.code == "BadRequestException"
    assert "already has booking at this time" in info.value.message


def test_confirm_and_decline_pending(alice: CalcomClient, calcom_fake: FakeCalcom) -> None:
    [one] = alice.create_booking(et_id(calcom_fake, "intro-call"), at(9), JOHN)
    [two] = alice.create_booking(et_id(calcom_fake, "intro-call"), at(10), JOHN)
    assert one.status == two.status == "pending"
    assert [b.uid for b in alice.bookings("unconfirmed")] == [one.uid, two.uid]
    confirmed = alice.confirm_booking(one.uid)
    assert confirmed.uid == one.uid and confirmed.status == "accepted"
    declined = alice.decline_booking(two.uid, "Host has to take another call")
    assert declined.status == "rejected"
    assert calcom_fake.last_request("declineBooking").body == {
        "reason": "Host has to take another call"}
    assert calcom_fake.last_request("confirmBooking").body is None
    with pytest.raises(Rejected, match="Bad request: Please check"):  # recorded 066
        alice.confirm_booking(one.uid)
    assert alice.bookings("unconfirmed") == []


def test_bookings_status_filter_and_pagination(alice: CalcomClient,
                                               calcom_fake: FakeCalcom) -> None:
    uids = [calcom_fake.add_booking(ALICE_KEY, at(9 + i)) for i in range(7)]
    calcom_fake.cancel_elsewhere(uids[0], "nope")
    calcom_fake.reset_records()
    found = alice.bookings("upcoming", take=3)
    assert [b.uid for b in found] == uids[1:]
    pages = calcom_fake.requests_for("getBookings")
    assert [(r.query["take"], r.query["skip"]) for r in pages] == [
        (["3"], ["0"]), (["3"], ["3"])]
    assert all(r.query["status"] == ["upcoming"] for r in pages)
    assert [b.uid for b in alice.bookings("cancelled")] == [uids[0]]
    assert len(alice.bookings()) == 7


def test_bookings_are_bounded(calcom_http: httpx.Client, calcom_fake: FakeCalcom) -> None:
    for i in range(7):
        calcom_fake.add_booking(ALICE_KEY, at(9 + i))
    cal = CalcomClient(calcom_http, ALICE_KEY, sleep=SleepRecorder(), max_pages=2)
    assert len(cal.bookings(take=2)) == 4
    assert calcom_fake.count("getBookings") == 2


def test_bookings_after_updated_at(alice: CalcomClient, calcom_fake: FakeCalcom) -> None:
    old = calcom_fake.add_booking(ALICE_KEY, at(9))
    new = calcom_fake.add_booking(ALICE_KEY, at(10))
    calcom_fake.booking(old).updated_at = datetime(2020, 1, 1, tzinfo=UTC)
    found = alice.bookings(after_updated_at=datetime(2021, 1, 1, tzinfo=UTC))
    assert [b.uid for b in found] == [new]
    assert calcom_fake.last_request("getBookings").query["afterUpdatedAt"] == [
        "2021-01-01T00:00:00Z"]


def test_booking_get_not_found_and_anyones_by_uid(alice: CalcomClient,
                                                  calcom_fake: FakeCalcom) -> None:
    uid = calcom_fake.add_booking(ALICE_KEY, at(9))
    assert alice.booking(uid).uid == uid
    with pytest.raises(NotFound) as info:
        alice.booking("doesNotExist")
    assert info.value.status == 404 and "not found" in info.value.message
    bobs = calcom_fake.add_booking(BOB_KEY, at(15))
    assert alice.booking(bobs).uid == bobs  # as recorded (057): calbot must check itself


def test_reschedule_returns_the_new_booking(alice: CalcomClient,
                                            calcom_fake: FakeCalcom) -> None:
    [old] = alice.create_booking(et_id(calcom_fake, "30min"), at(9), JOHN)
    new = alice.reschedule_booking(old.uid, at(11), reason="Conflict")
    assert new.uid != old.uid
    assert new.start == at(11) and new.status == "accepted"
    assert new.rescheduled_from_uid == old.uid
    assert calcom_fake.last_request("rescheduleBooking").body == {
        "start": "2030-03-04T11:00:00Z", "reschedulingReason": "Conflict"}
    gone = alice.booking(old.uid)
    assert gone.status == "cancelled" and gone.rescheduled_to_uid == new.uid


def test_cancel_and_cancel_twice_counts_as_done(alice: CalcomClient,
                                                calcom_fake: FakeCalcom) -> None:
    [b] = alice.create_booking(et_id(calcom_fake, "30min"), at(9), JOHN)
    alice.cancel_booking(b.uid, "Will travel")
    assert calcom_fake.booking(b.uid).status == "cancelled"
    assert calcom_fake.last_request("cancelBooking").body == {"cancellationReason": "Will travel"}
    alice.cancel_booking(b.uid, "Will travel")  # Cal.com answers 400; looked up: done
    assert calcom_fake.count("cancelBooking") == 2
    assert [r.status for r in calcom_fake.requests_for("cancelBooking")] == [200, 400]
    assert calcom_fake.requests_for("getBooking")[-1].path.endswith(b.uid)


def test_cancel_refused_for_another_reason_is_raised(alice: CalcomClient,
                                                     calcom_fake: FakeCalcom) -> None:
    [b] = alice.create_booking(et_id(calcom_fake, "30min"), at(9), JOHN)
    with pytest.raises(Rejected, match="reason is required"):
        alice.cancel_booking(b.uid)  # Cal.com wants a reason from hosts
    assert calcom_fake.booking(b.uid).status == "accepted"


def test_slots_are_utc_instants_of_the_local_day(alice: CalcomClient,
                                                 calcom_fake: FakeCalcom) -> None:
    thirty = et_id(calcom_fake, "30min")
    calcom_fake.add_booking(ALICE_KEY, at(10))
    slots = alice.slots(thirty, date(2030, 3, 4), "Europe/Rome")
    # alice works 09:00-17:00 Europe/Rome (UTC+1 in March) => 08:00Z .. 15:30Z, minus 10:00Z
    expected = [at(8) + timedelta(minutes=30 * i) for i in range(16)]
    expected.remove(at(10))
    assert slots == expected
    assert all(s.tzinfo is not None and s.utcoffset() == timedelta(0) for s in slots)
    query = calcom_fake.last_request("getAvailableSlots").query
    assert query == {"eventTypeId": [str(thirty)], "start": ["2030-03-03T23:00:00Z"],
                     "end": ["2030-03-04T22:59:59Z"], "timeZone": ["Europe/Rome"]}
    # same event seen from New York: the NY day 2030-03-04 starts at 05:00Z
    ny = alice.slots(thirty, date(2030, 3, 4), "America/New_York")
    assert ny[0] == at(8) and ny[-1] == at(15, 30)
    assert alice.slots(thirty, date(2030, 3, 9), "Europe/Rome") == []  # Saturday


def test_slots_unknown_time_zone(alice: CalcomClient, calcom_fake: FakeCalcom) -> None:
    with pytest.raises(Rejected):
        alice.slots(et_id(calcom_fake, "30min"), date(2030, 3, 4), "Mars/Olympus")
    assert calcom_fake.count("getAvailableSlots") == 0


def test_webhooks_create_list_delete(alice: CalcomClient, calcom_fake: FakeCalcom) -> None:
    hook = alice.create_webhook("https://calbot.test/calcom/webhooks/abc", "s3cret",
                                ["booking_created", "BOOKING_CANCELLED"])
    assert hook.subscriber_url == "https://calbot.test/calcom/webhooks/abc"
    assert hook.triggers == ["BOOKING_CREATED", "BOOKING_CANCELLED"]
    assert hook.secret == "s3cret" and hook.active
    assert calcom_fake.last_request("createWebhook").body == {
        "active": True, "subscriberUrl": "https://calbot.test/calcom/webhooks/abc",
        "triggers": ["BOOKING_CREATED", "BOOKING_CANCELLED"], "secret": "s3cret"}
    assert [w.id for w in alice.webhooks()] == [hook.id]
    with pytest.raises(Rejected, match="already exists"):  # 409
        alice.create_webhook("https://calbot.test/calcom/webhooks/abc", "x", ["BOOKING_CREATED"])
    alice.delete_webhook(hook.id)
    assert alice.webhooks() == []
    alice.delete_webhook(hook.id)  # already gone: done
    assert calcom_fake.count("deleteWebhook") == 2


# --------------------------------------------------------------------------- errors


def test_unknown_key_is_unauthorized_and_key_never_leaks(
    calcom_http: httpx.Client, calcom_fake: FakeCalcom, caplog: pytest.LogCaptureFixture
) -> None:
    secret_key = "cal_live_THIS_IS_SECRET_1234"
    cal = CalcomClient(calcom_http, secret_key, sleep=SleepRecorder())
    caplog.set_level(logging.DEBUG)
    with pytest.raises(Unauthorized) as info:
        cal.me()
    assert info.value.status == 401
    calcom_fake.drop_next(5)
    with pytest.raises(Unavailable) as dropped:
        cal.me()
    for text in (str(info.value), repr(info.value), str(dropped.value), repr(cal), caplog.text):
        assert secret_key not in text
    assert "…1234" in repr(cal)


def test_revoked_key(alice: CalcomClient, calcom_fake: FakeCalcom) -> None:
    alice.me()
    calcom_fake.revoke_key(ALICE_KEY)
    with pytest.raises(Unauthorized):
        alice.event_types()


@pytest.mark.parametrize("status,cls", [(400, Rejected), (409, Rejected), (422, Rejected),
                                        (403, Forbidden), (404, NotFound)])
def test_error_envelope_maps_to_typed_error(alice: CalcomClient, calcom_fake: FakeCalcom,
                                            status: int, cls: type[Exception]) -> None:
    calcom_fake.inject("error", status=status, message=f"nope {status}")
    with pytest.raises(cls) as info:
        alice.me()
    assert info.value.message == f"nope {status}"  # type: ignore[attr-defined]
    assert info.value.status == status  # type: ignore[attr-defined]


def test_bare_500_body(alice: CalcomClient, calcom_fake: FakeCalcom,
                       sleeps: SleepRecorder) -> None:
    calcom_fake.fail_next(3, status=500)
    with pytest.raises(Unavailable) as info:
        alice.me()
    assert info.value.status == 500 and info.value.message == "Internal server error"


@pytest.mark.parametrize("status", [200, 502])
def test_non_json_body_is_unavailable(alice: CalcomClient, calcom_fake: FakeCalcom,
                                      status: int) -> None:
    calcom_fake.inject("html", status=status, times=None)
    with pytest.raises(Unavailable, match="not JSON" if status == 200 else "502"):
        alice.me()


def test_network_errors_never_leak_httpx(sleeps: SleepRecorder) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    http = new_http_client(timeout=2.0)
    try:
        for base in (f"http://127.0.0.1:{port}", "not a url", "ftp://example.test"):
            cal = CalcomClient(http, ALICE_KEY, base_url=base, sleep=sleeps)
            with pytest.raises(Unavailable) as info:
                cal.me()
            assert info.value.__cause__ is None and info.value.__suppress_context__
    finally:
        http.close()


# --------------------------------------------------------------------------- retries


def test_429_waits_reset_seconds_once(alice: CalcomClient, calcom_fake: FakeCalcom,
                                      sleeps: SleepRecorder) -> None:
    calcom_fake.rate_limit_next(1, reset=3)
    assert alice.me().username == "alice"
    assert sleeps.waits == [3.0]
    assert calcom_fake.count("getMe") == 2


def test_429_wait_is_bounded(alice: CalcomClient, calcom_fake: FakeCalcom,
                             sleeps: SleepRecorder) -> None:
    calcom_fake.rate_limit_next(2, reset=3)
    with pytest.raises(RateLimited) as info:
        alice.me()
    assert info.value.retry_after == 3.0 and info.value.status == 429
    assert sleeps.waits == [3.0]  # one wait, then give up
    assert calcom_fake.count("getMe") == 2


def test_429_longer_than_max_wait_is_not_waited(calcom_http: httpx.Client,
                                                calcom_fake: FakeCalcom) -> None:
    sleeps = SleepRecorder()
    cal = CalcomClient(calcom_http, ALICE_KEY, sleep=sleeps, max_wait=5)
    calcom_fake.rate_limit_next(1, reset=60)
    with pytest.raises(RateLimited) as info:
        cal.me()
    assert info.value.retry_after == 60 and sleeps.waits == []


def test_429_on_create_is_retried_because_nothing_was_made(
    alice: CalcomClient, calcom_fake: FakeCalcom, sleeps: SleepRecorder
) -> None:
    calcom_fake.rate_limit_next(1, reset=1, path="^/v2/bookings$", method="POST")
    [b] = alice.create_booking(et_id(calcom_fake, "30min"), at(9), JOHN)
    assert calcom_fake.count("createBooking") == 2 and sleeps.waits == [1.0]
    assert len(calcom_fake.bookings_json(ALICE_KEY)) == 1 and b.status == "accepted"


def test_get_retried_on_500_and_network_errors(alice: CalcomClient, calcom_fake: FakeCalcom,
                                               sleeps: SleepRecorder) -> None:
    calcom_fake.fail_next(1, status=503)
    calcom_fake.drop_next(1)
    assert len(alice.event_types(username="alice")) == 3
    assert calcom_fake.count("getEventTypes") == 3
    assert sleeps.waits == [0.5, 1.0]  # backoff


def test_get_gives_up_after_bounded_retries(alice: CalcomClient, calcom_fake: FakeCalcom,
                                            sleeps: SleepRecorder) -> None:
    calcom_fake.timeout_next(10)
    with pytest.raises(Unavailable, match="timed out"):
        alice.me()
    assert calcom_fake.count("getMe") == 3 and len(sleeps.waits) == 2


def test_create_500_is_not_resent_and_lookup_finds_nothing(
    alice: CalcomClient, calcom_fake: FakeCalcom
) -> None:
    calcom_fake.fail_next(1, status=500, path="^/v2/bookings$", method="POST")
    with pytest.raises(Unavailable, match="not found"):
        alice.create_booking(et_id(calcom_fake, "30min"), at(9), JOHN)
    assert calcom_fake.count("createBooking") == 1  # never blindly re-sent
    lookup = calcom_fake.last_request("getBookings").query
    assert lookup["attendeeEmail"] == ["john.doe@example.com"]
    assert lookup["eventTypeId"] == [str(et_id(calcom_fake, "30min"))]
    assert calcom_fake.bookings_json(ALICE_KEY) == []


def test_timed_out_create_is_found_by_lookup(alice: CalcomClient,
                                             calcom_fake: FakeCalcom) -> None:
    # Cal.com made the booking but the answer never arrived
    calcom_fake.timeout_next(1, path="^/v2/bookings$", method="POST", after=True)
    [b] = alice.create_booking(et_id(calcom_fake, "30min"), at(9), JOHN)
    assert calcom_fake.count("createBooking") == 1
    [made] = calcom_fake.bookings_json(ALICE_KEY)
    assert b.uid == made["uid"] and b.start == at(9)


def test_lost_webhook_create_answer_is_found_not_repeated(alice: CalcomClient,
                                                          calcom_fake: FakeCalcom) -> None:
    url = "https://calbot.example.com/calcom/webhooks/abc"
    calcom_fake.drop_next(1, path="^/v2/webhooks$", method="POST", after=True)
    hook = alice.create_webhook(url, "s3cret", ["BOOKING_CANCELLED"])
    assert [w.id for w in calcom_fake.webhooks_of(ALICE_KEY)] == [hook.id]
    assert hook.subscriber_url == url and hook.secret == "s3cret"
    # Not made at all: the error stands, and nothing was sent twice.
    calcom_fake.fail_next(1, status=503, path="^/v2/webhooks$", method="POST")
    with pytest.raises(Unavailable):
        alice.create_webhook(url + "x", "s3cret", ["BOOKING_CANCELLED"])
    assert len(calcom_fake.webhooks_of(ALICE_KEY)) == 1


def test_5xx_recurring_create_found_with_all_occurrences(alice: CalcomClient,
                                                         calcom_fake: FakeCalcom) -> None:
    calcom_fake.fail_next(1, status=500, path="^/v2/bookings$", method="POST", after=True)
    made = alice.create_booking(et_id(calcom_fake, "weekly-sync"), at(9), JOHN)
    assert calcom_fake.count("createBooking") == 1
    assert len(made) == 4 and sorted(b.uid for b in made) == sorted(
        b["uid"] for b in calcom_fake.bookings_json(ALICE_KEY))


def test_lookup_ignores_other_bookings(alice: CalcomClient, calcom_fake: FakeCalcom) -> None:
    # same attendee, other time / cancelled at same time: not the one we tried to make
    calcom_fake.add_booking(ALICE_KEY, at(10), attendee_email="john.doe@example.com")
    gone = calcom_fake.add_booking(ALICE_KEY, at(9), attendee_email="john.doe@example.com")
    calcom_fake.cancel_elsewhere(gone, "x")
    calcom_fake.drop_next(1, path="^/v2/bookings$", method="POST")
    with pytest.raises(Unavailable):
        alice.create_booking(et_id(calcom_fake, "30min"), at(9), JOHN)
    assert calcom_fake.count("createBooking") == 1


def test_cancel_lost_answer_counts_as_done(alice: CalcomClient,
                                           calcom_fake: FakeCalcom) -> None:
    [b] = alice.create_booking(et_id(calcom_fake, "30min"), at(9), JOHN)
    calcom_fake.timeout_next(1, path="/cancel$", after=True)
    alice.cancel_booking(b.uid, "travel")
    assert calcom_fake.count("cancelBooking") == 1
    calcom_fake.fail_next(1, status=500, path="/cancel$")  # not processed: raised, not resent
    [c] = alice.create_booking(et_id(calcom_fake, "30min"), at(10), JOHN)
    with pytest.raises(Unavailable):
        alice.cancel_booking(c.uid, "travel")
    assert calcom_fake.count("cancelBooking") == 2
    assert calcom_fake.booking(c.uid).status == "accepted"


def test_reschedule_lost_answer_found(alice: CalcomClient, calcom_fake: FakeCalcom) -> None:
    [b] = alice.create_booking(et_id(calcom_fake, "30min"), at(9), JOHN)
    calcom_fake.fail_next(1, status=502, path="/reschedule$", after=True)
    new = alice.reschedule_booking(b.uid, at(12))
    assert calcom_fake.count("rescheduleBooking") == 1
    assert new.start == at(12) and new.rescheduled_from_uid == b.uid


# --------------------------------------------------------------------------- models


def test_models_tolerate_unknown_fields_statuses_and_gaps() -> None:
    b = Booking.model_validate({
        "uid": "u1", "start": "2030-03-04T10:00:00.000+01:00", "status": "AWAITING_HOST",
        "somethingNew": {"x": 1}, "attendees": None, "duration": 30.0,
        "eventType": {"id": 7, "slug": "intro"},
    })
    assert b.status == "awaiting_host" and b.start == at(9) and b.attendees == []
    assert b.event_type_id == 7 and b.event_type_slug == "intro" and b.end is None
    et = EventType.model_validate({"id": 3, "lengthInMinutes": 45, "recurrence": None})
    assert et.length == 45 and not et.recurring and not et.requires_confirmation


def test_awaiting_host_through_the_api(alice: CalcomClient, calcom_fake: FakeCalcom) -> None:
    calcom_fake.check_responses = False  # awaiting_host is outside the spec's status enum
    uid = calcom_fake.add_booking(ALICE_KEY, at(9), status="awaiting_host")
    assert alice.booking(uid).status == "awaiting_host"
    assert [b.uid for b in alice.bookings("upcoming")] == [uid]


# --------------------------------------------------------------------------- real HTTP


def test_over_real_http_with_self_hosted_base_url(calcom_fake: FakeCalcom) -> None:
    sleeps = SleepRecorder()
    http = new_http_client(timeout=httpx.Timeout(2.0))
    try:
        with calcom_fake.serve() as base_url:
            cal = CalcomClient(http, BOB_KEY, base_url=base_url + "/", sleep=sleeps)
            assert cal.me().username == "bob"
            thirty = calcom_fake.event_type_id(BOB_KEY, "30min")
            first = cal.slots(thirty, date(2030, 3, 4), "America/New_York")[0]
            assert first == at(14)  # 09:00 EST
            [b] = cal.create_booking(thirty, first, JOHN)
            calcom_fake.drop_next(1, path="^/v2/bookings/")
            assert cal.booking(b.uid).status == "accepted"  # GET retried after a drop
            cal.cancel_booking(b.uid, "bye")
            cal.cancel_booking(b.uid, "bye")
            assert calcom_fake.booking(b.uid).status == "cancelled"
            assert all(r.path.startswith("/v2/") for r in calcom_fake.requests)
    finally:
        http.close()
