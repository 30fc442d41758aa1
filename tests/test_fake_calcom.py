"""The fake Cal.com itself: spec checking, realistic answers, faults, webhooks, HTTP serving."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.data import data_path
from tests.fakes.calcom import ALICE_KEY, BOB_KEY, FakeCalcom, spec_checker, spec_path

MON = datetime(2030, 3, 4, tzinfo=UTC)
SAMPLES = spec_path().parent / "webhooks"

BOOKINGS_V = {"cal-api-version": "2024-08-13"}


def at(hour: int, minute: int = 0) -> datetime:
    return MON.replace(hour=hour, minute=minute)


@pytest.fixture
def raw(calcom_fake: FakeCalcom) -> Iterator[httpx.Client]:
    """Plain httpx straight into the fake: no calcom client in between."""
    with httpx.Client(transport=calcom_fake.transport(), base_url="https://api.cal.com",
                      headers={"Authorization": f"Bearer {ALICE_KEY}"}) as client:
        yield client


def good_create(fake: FakeCalcom, **over: Any) -> dict[str, Any]:
    body = {"start": "2030-03-04T09:00:00Z", "eventTypeId": fake.event_type_id(ALICE_KEY, "30min"),
            "attendee": {"name": "John Doe", "email": "john@example.com", "timeZone": "UTC"}}
    body.update(over)
    return body


# --------------------------------------------------------------------------- spec checking


def test_valid_request_passes(raw: httpx.Client, calcom_fake: FakeCalcom) -> None:
    r = raw.post("/v2/bookings", json=good_create(calcom_fake), headers=BOOKINGS_V)
    assert r.status_code == 201 and r.json()["status"] == "success"
    assert calcom_fake.violations == []


@pytest.mark.parametrize("mutate,expect", [
    (lambda b: b.pop("start"), "'start' is a required property"),
    (lambda b: b.update(start=1234567890), "not of type 'string'"),
    (lambda b: b.update(eventTypeId="1001"), "body"),
    (lambda b: b["attendee"].pop("timeZone"), "body"),
    (lambda b: b.update(guests="a@b.c"), "body"),
])
def test_bad_create_body_is_caught(raw: httpx.Client, calcom_fake: FakeCalcom,
                                   mutate: Any, expect: str) -> None:
    body = good_create(calcom_fake)
    mutate(body)
    r = raw.post("/v2/bookings", json=body, headers=BOOKINGS_V)
    assert r.status_code == 400
    envelope = r.json()
    assert envelope["status"] == "error" and envelope["path"] == "/v2/bookings"
    assert envelope["error"]["code"] == "BadRequestException"
    found = calcom_fake.take_violations()
    assert len(found) == 1 and expect in found[0], found
    assert calcom_fake.bookings_json(ALICE_KEY) == []  # nothing was booked


@pytest.mark.parametrize("method,url,headers,kwargs,expect", [
    ("POST", "/v2/bookings", {}, {"json": None}, "cal-api-version missing"),
    ("GET", "/v2/bookings", {"cal-api-version": "2024-04-15"}, {}, "must be 2024-08-13"),
    ("GET", "/v2/slots", {"cal-api-version": "2024-08-13"},
     {"params": {"start": "2030-03-04", "end": "2030-03-05", "eventTypeId": 1001}},
     "must be 2024-09-04"),
    ("GET", "/v2/event-types", {"cal-api-version": "2024-08-13"}, {}, "must be 2024-06-14"),
    ("GET", "/v2/slots", {"cal-api-version": "2024-09-04"}, {"params": {"eventTypeId": 1001}},
     "'start' is required"),
    ("GET", "/v2/bookings", BOOKINGS_V, {"params": {"take": "lots"}}, "not of type 'number'"),
    ("GET", "/v2/bookings", BOOKINGS_V, {"params": {"status": "soon"}}, "is not one of"),
    ("GET", "/v2/bookings", BOOKINGS_V, {"params": {"sortUpdated": "asc"}}, "not in the spec"),
    ("POST", "/v2/bookings/abc/confirm", BOOKINGS_V, {"json": {"x": 1}}, "takes no request body"),
    ("POST", "/v2/bookings/abc/decline", BOOKINGS_V, {}, "requires a JSON body"),
    ("GET", "/v2/nothing-here", {}, {}, "no such path"),
    ("PUT", "/v2/me", {}, {}, "method not allowed"),
    ("POST", "/v2/webhooks", {}, {"json": {"subscriberUrl": "https://x.test"}}, "required"),
])
def test_spec_violations_are_caught(raw: httpx.Client, calcom_fake: FakeCalcom,
                                    method: str, url: str, headers: dict[str, str],
                                    kwargs: dict[str, Any], expect: str) -> None:
    if kwargs.get("json", 0) is None:
        kwargs = {"json": good_create(calcom_fake)}
    r = raw.request(method, url, headers=headers, **kwargs)
    assert r.status_code in (400, 404)
    found = calcom_fake.take_violations()
    assert found and any(expect in v for v in found), found


def test_violations_fail_the_test() -> None:
    fake = FakeCalcom()
    with httpx.Client(transport=fake.transport()) as http:
        r = http.get("https://api.cal.com/v2/bookings",
                     headers={"Authorization": f"Bearer {ALICE_KEY}"})
    assert r.status_code == 400
    with pytest.raises(AssertionError, match="cal-api-version missing"):
        fake.assert_no_violations()


def test_response_check_is_real() -> None:
    spec = spec_checker()
    assert spec_checker() is spec  # prepared once per process
    op = next(o for o in spec.operations if o.name == "getBooking")
    fake = FakeCalcom()
    uid = fake.add_booking(ALICE_KEY, at(9))
    good = {"status": "success", "data": fake.booking_json(uid)}
    assert spec.check_response(op, 200, good) == []
    bad = json.loads(json.dumps(good))
    del bad["data"]["hosts"]
    assert spec.check_response(op, 200, bad)


def test_unknown_key_401_envelope(calcom_fake: FakeCalcom) -> None:
    with httpx.Client(transport=calcom_fake.transport()) as http:
        r = http.get("https://api.cal.com/v2/me", headers={"Authorization": "Bearer cal_nope"})
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "UnauthorizedException"
    assert calcom_fake.last_request().user is None


def test_fake_crash_is_bare_500_and_fails_the_test(raw: httpx.Client,
                                                   calcom_fake: FakeCalcom,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(**_: Any) -> Any:
        raise RuntimeError("bug")

    monkeypatch.setattr(calcom_fake.operations, "op_getMe", boom)
    r = raw.get("/v2/me")
    assert r.status_code == 500 and r.json() == {"statusCode": 500,
                                                 "message": "Internal server error"}
    assert any("fake crashed" in v for v in calcom_fake.take_violations())


# --------------------------------------------------------------------------- behaviour


def test_taken_slot_cancel_twice_and_confirm_rules(raw: httpx.Client,
                                                   calcom_fake: FakeCalcom) -> None:
    first = raw.post("/v2/bookings", json=good_create(calcom_fake), headers=BOOKINGS_V)
    uid = first.json()["data"]["uid"]
    again = raw.post("/v2/bookings", json=good_create(calcom_fake), headers=BOOKINGS_V)
    assert again.status_code == 400
    assert again.json()["error"]["message"] == (
        "User either already has booking at this time or is not available")
    outside = raw.post("/v2/bookings", json=good_create(calcom_fake, start="2030-03-04T20:00:00Z"),
                       headers=BOOKINGS_V)
    assert outside.status_code == 400  # outside working hours
    confirm = raw.post(f"/v2/bookings/{uid}/confirm", headers=BOOKINGS_V)
    assert confirm.status_code == 400 and confirm.json()["error"]["message"] == (
        "Bad request: Please check your request data and try again")  # recorded 072
    cancel = {"cancellationReason": "Will travel"}
    done = raw.post(f"/v2/bookings/{uid}/cancel", json=cancel, headers=BOOKINGS_V)
    assert done.status_code == 200
    twice = raw.post(f"/v2/bookings/{uid}/cancel", json=cancel, headers=BOOKINGS_V)
    assert twice.status_code == 400
    assert "it has been cancelled already" in twice.json()["error"]["message"]  # recorded 077
    assert calcom_fake.count("cancelBooking") == 2 and calcom_fake.count("createBooking") == 3


def test_reschedule_and_pending_flow(raw: httpx.Client, calcom_fake: FakeCalcom) -> None:
    intro = calcom_fake.event_type_id(ALICE_KEY, "intro-call")
    made = raw.post("/v2/bookings", json=good_create(calcom_fake, eventTypeId=intro),
                    headers=BOOKINGS_V).json()["data"]
    assert made["status"] == "pending"
    moved = raw.post(f"/v2/bookings/{made['uid']}/reschedule",
                     json={"start": "2030-03-04T10:00:00Z"}, headers=BOOKINGS_V)
    new = moved.json()["data"]
    assert moved.status_code == 201 and new["uid"] != made["uid"]
    assert new["rescheduledFromUid"] == made["uid"] and new["status"] == "pending"
    old = calcom_fake.booking_json(made["uid"])
    assert old["status"] == "cancelled" and old["rescheduledToUid"] == new["uid"]
    declined = raw.post(f"/v2/bookings/{new['uid']}/decline", json={"reason": "busy"},
                        headers=BOOKINGS_V)
    assert declined.json()["data"]["status"] == "rejected"


def test_slots_shape(raw: httpx.Client, calcom_fake: FakeCalcom) -> None:
    r = raw.get("/v2/slots", headers={"cal-api-version": "2024-09-04"}, params={
        "eventTypeId": calcom_fake.event_type_id(BOB_KEY, "30min"), "start": "2030-03-04",
        "end": "2030-03-04", "timeZone": "America/New_York", "format": "range"})
    data = r.json()["data"]
    assert list(data) == ["2030-03-04"]
    assert data["2030-03-04"][0] == {"start": "2030-03-04T09:00:00.000-05:00",
                                     "end": "2030-03-04T09:30:00.000-05:00"}
    assert len(data["2030-03-04"]) == 16


def test_past_slots_and_frozen_clock(calcom_fake: FakeCalcom) -> None:
    calcom_fake.set_now(at(12))
    with httpx.Client(transport=calcom_fake.transport()) as http:
        r = http.get("https://api.cal.com/v2/slots", params={
            "eventTypeId": calcom_fake.event_type_id(ALICE_KEY, "30min"),
            "start": "2030-03-04", "end": "2030-03-04"},
            headers={"Authorization": f"Bearer {ALICE_KEY}", "cal-api-version": "2024-09-04"})
    starts = [s["start"] for s in r.json()["data"]["2030-03-04"]]
    assert starts[0] == "2030-03-04T12:00:00.000+00:00" and len(starts) == 8


def test_records_and_counts(raw: httpx.Client, calcom_fake: FakeCalcom) -> None:
    raw.get("/v2/me")
    raw.get("/v2/me")
    raw.post("/v2/bookings", json=good_create(calcom_fake), headers=BOOKINGS_V)
    assert calcom_fake.count("getMe") == 2 and calcom_fake.count("createBooking") == 1
    rec = calcom_fake.last_request("createBooking")
    assert rec.method == "POST" and rec.path == "/v2/bookings" and rec.status == 201
    assert rec.body["start"] == "2030-03-04T09:00:00Z" and rec.user == "alice"
    assert "authorization" not in rec.headers and rec.headers["cal-api-version"] == "2024-08-13"


def test_same_slot_from_many_threads_books_once(calcom_fake: FakeCalcom) -> None:
    results: list[int] = []

    def book() -> None:
        with httpx.Client(transport=calcom_fake.transport()) as http:
            r = http.post("https://api.cal.com/v2/bookings", json=good_create(calcom_fake),
                          headers={"Authorization": f"Bearer {ALICE_KEY}", **BOOKINGS_V})
            results.append(r.status_code)

    threads = [threading.Thread(target=book) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [201] + [400] * 7
    assert len(calcom_fake.bookings_json(ALICE_KEY)) == 1


# --------------------------------------------------------------------------- faults


def test_faults_by_count_path_and_method(raw: httpx.Client, calcom_fake: FakeCalcom) -> None:
    calcom_fake.fail_next(2, status=503, path="^/v2/me$")
    calcom_fake.rate_limit_next(1, reset=7, path="^/v2/webhooks", method="GET")
    assert raw.get("/v2/webhooks", params={"take": 5}).status_code == 429
    r = raw.get("/v2/webhooks")
    assert r.status_code == 200
    assert [raw.get("/v2/me").status_code for _ in range(3)] == [503, 503, 200]
    limited = calcom_fake.requests_for("getWebhooks")[0]
    assert limited.status == 429
    calcom_fake.rate_limit_next(1, reset=7)
    r = raw.get("/v2/me")
    assert r.headers["X-RateLimit-Reset-Default"] == "7" and "retry-after" not in r.headers
    calcom_fake.inject("error", times=None, path="^/v2/me$")
    assert [raw.get("/v2/me").status_code for _ in range(3)] == [500] * 3
    calcom_fake.clear_faults()
    assert raw.get("/v2/me").status_code == 200


def test_drop_timeout_and_after(raw: httpx.Client, calcom_fake: FakeCalcom) -> None:
    calcom_fake.drop_next(1)
    with pytest.raises(httpx.RemoteProtocolError):
        raw.get("/v2/me")
    calcom_fake.timeout_next(1, after=True, path="^/v2/bookings$")
    with pytest.raises(httpx.ReadTimeout):
        raw.post("/v2/bookings", json=good_create(calcom_fake), headers=BOOKINGS_V)
    assert len(calcom_fake.bookings_json(ALICE_KEY)) == 1  # processed before the "timeout"
    calcom_fake.timeout_next(1, path="^/v2/bookings$")
    with pytest.raises(httpx.ReadTimeout):
        raw.post("/v2/bookings", json=good_create(calcom_fake, start="2030-03-04T10:00:00Z"),
                 headers=BOOKINGS_V)
    assert len(calcom_fake.bookings_json(ALICE_KEY)) == 1  # not processed


def test_latency(raw: httpx.Client, calcom_fake: FakeCalcom) -> None:
    """A one-time latency fault still answers, and is used up (how long it takes is measured
    in bench/bench_fakes.py)."""
    fault = calcom_fake.slow(0.15, path="^/v2/me$", times=1)
    assert raw.get("/v2/me").status_code == 200
    assert fault.times == 0 and not fault.matches("GET", "/v2/me")
    assert raw.get("/v2/me").status_code == 200


# --------------------------------------------------------------------------- webhooks


class _Receiver:
    def __init__(self) -> None:
        self.got: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.got.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/calcom/webhooks/abc"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[_Receiver]:
    r = _Receiver()
    yield r
    r.close()


_RECORDED = {"booking-created.json": "001-BOOKING_CREATED.json",
             "booking-rescheduled.json": "021-BOOKING_RESCHEDULED.json",
             "booking-cancelled.json": "014-BOOKING_CANCELLED.json",
             "booking-requested.json": "005-BOOKING_REQUESTED.json",
             "booking-rejected.json": "011-BOOKING_REJECTED.json"}


def _sample_keys(name: str) -> set[str]:
    """The payload keys of what the real server sent for that trigger (recorded/webhooks)."""
    recorded = data_path("calcom", "recorded", "webhooks", _RECORDED[name])
    return set(json.loads(recorded.read_text())["body_json"]["payload"])


def _check(headers: dict[str, str], body: bytes, secret: str) -> dict[str, Any]:
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["x-cal-signature-256"] == expected
    return json.loads(body)


def test_webhooks_delivered_on_changes(raw: httpx.Client, calcom_fake: FakeCalcom,
                                       receiver: _Receiver) -> None:
    reg = raw.post("/v2/webhooks", json={
        "active": True, "subscriberUrl": receiver.url, "secret": "s3cret",
        "triggers": ["BOOKING_CREATED", "BOOKING_REQUESTED", "BOOKING_CANCELLED",
                     "BOOKING_RESCHEDULED", "BOOKING_REJECTED"]})
    assert reg.status_code == 201
    made = raw.post("/v2/bookings", json=good_create(calcom_fake), headers=BOOKINGS_V)
    uid = made.json()["data"]["uid"]
    new_uid = calcom_fake.reschedule_elsewhere(uid, at(13), by="john@example.com")
    calcom_fake.cancel_elsewhere(new_uid, "Will travel", by="john@example.com")
    pending = calcom_fake.add_booking(ALICE_KEY, at(15), event_type="intro-call",
                                      status="pending")
    calcom_fake.confirm_elsewhere(pending)
    other = calcom_fake.add_booking(ALICE_KEY, at(16), event_type="intro-call", status="pending")
    calcom_fake.decline_elsewhere(other, "no")
    calcom_fake.add_booking(BOB_KEY, at(15))  # bob has no webhook: nothing sent
    bodies = [_check(h, b, "s3cret") for h, b in receiver.got]
    assert [b["triggerEvent"] for b in bodies] == [
        "BOOKING_CREATED", "BOOKING_RESCHEDULED", "BOOKING_CANCELLED", "BOOKING_REQUESTED",
        "BOOKING_CREATED", "BOOKING_REQUESTED", "BOOKING_REJECTED"]
    created, moved, cancelled, requested = (b["payload"] for b in bodies[:4])
    assert created["uid"] == uid and created["status"] == "ACCEPTED"
    assert created["startTime"] == "2030-03-04T09:00:00Z"
    assert _sample_keys("booking-created.json") - {"appsStatus"} <= set(created)
    assert moved["uid"] == new_uid and moved["rescheduleUid"] == uid
    assert moved["rescheduleStartTime"] == "2030-03-04T09:00:00Z"
    assert moved["startTime"] == "2030-03-04T13:00:00Z"
    assert _sample_keys("booking-rescheduled.json") - {"appsStatus"} <= set(moved)
    assert cancelled["status"] == "CANCELLED" and cancelled["cancellationReason"] == "Will travel"
    assert _sample_keys("booking-cancelled.json") <= set(cancelled)
    assert requested["status"] == "PENDING" and requested["requiresConfirmation"] is True
    assert _sample_keys("booking-requested.json") - {"appsStatus"} <= set(requested)
    assert all(d.status == 200 for d in calcom_fake.deliveries)


def test_webhook_body_for_resending(calcom_fake: FakeCalcom) -> None:
    calcom_fake.add_webhook(ALICE_KEY, "http://127.0.0.1:9/unused", "topsecret")
    uid = calcom_fake.add_booking(ALICE_KEY, at(9), notify=False)
    body, headers = calcom_fake.webhook_body("booking_created", uid)
    payload = _check({k.lower(): v for k, v in headers.items()}, body, "topsecret")
    assert payload["triggerEvent"] == "BOOKING_CREATED" and payload["payload"]["uid"] == uid
    assert set(json.loads((SAMPLES / "booking-created.json").read_text())) == set(payload)
    _, other = calcom_fake.webhook_body("BOOKING_CREATED", uid, secret="different")
    assert other["X-Cal-Signature-256"] != headers["X-Cal-Signature-256"]


def test_delivery_can_be_manual_or_async(calcom_fake: FakeCalcom,
                                         receiver: _Receiver) -> None:
    calcom_fake.add_webhook(ALICE_KEY, receiver.url, "k")
    calcom_fake.auto_deliver = False
    uid = calcom_fake.add_booking(ALICE_KEY, at(9))
    assert receiver.got == []
    [d] = calcom_fake.deliver_webhooks("BOOKING_CREATED", uid)
    assert d.status == 200 and len(receiver.got) == 1
    calcom_fake.auto_deliver = True
    calcom_fake.async_delivery = True
    calcom_fake.cancel_elsewhere(uid, "x")
    calcom_fake.wait_deliveries()
    assert json.loads(receiver.got[-1][1])["triggerEvent"] == "BOOKING_CANCELLED"


# --------------------------------------------------------------------------- real HTTP


def test_serve_over_real_http(calcom_fake: FakeCalcom) -> None:
    with calcom_fake.serve() as base_url, httpx.Client(base_url=base_url, headers={
            "Authorization": f"Bearer {ALICE_KEY}"}) as http:
        assert base_url.startswith("http://127.0.0.1:")
        assert http.get("/v2/me").json()["data"]["username"] == "alice"
        r = http.post("/v2/bookings", json=good_create(calcom_fake), headers=BOOKINGS_V)
        assert r.status_code == 201
        calcom_fake.drop_next(1)
        with pytest.raises(httpx.RemoteProtocolError):
            http.get("/v2/me")
        assert http.get("/v2/me").status_code == 200
        bad = http.get("/v2/bookings")  # no cal-api-version
        assert bad.status_code == 400
    assert calcom_fake.take_violations() == [
        "GET /v2/bookings: header cal-api-version missing (must be 2024-08-13)"]


def test_spec_file_is_the_one_in_the_repository() -> None:
    assert spec_path() == Path(__file__).resolve().parent / "data" / "calcom" / "openapi-v2.json"
    assert len(spec_checker().operations) > 100
