"""Hostile requests against the real app over real HTTP: oversized, unsigned, malformed and
repeated requests, and user-given Cal.com URLs that are private, plain http or slow.

Each test reproduces an attack and shows it held: nothing lost, nothing done twice, no secret
or body in the log, no traceback in any response.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from datetime import timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from blockkit import ids
from tests.clock import START
from tests.e2e.harness import OTHER_USER, USER, CalbotUnderTest, wait_until
from tests.fakes.calcom import ALICE_KEY, BOB_KEY

BIG = 20 << 20


def opened_view(slack, count: int = 1) -> dict:
    call = slack.wait_for("views.open", count)[count - 1]
    view_id = call.response["view"]["id"]
    return wait_until(lambda: slack.views[view_id]["blocks"] and slack.views[view_id],
                      what="the modal")


def no_traceback(response: httpx.Response) -> None:
    assert "Traceback" not in response.text and "Error" not in response.text
    assert response.status_code < 500


def chunks(total: int, size: int = 1 << 16) -> Iterator[bytes]:
    block = b"A" * size
    for _ in range(total // size):
        yield block


# --- 1. body limits -------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/slack/events", "/calcom/webhooks/anything",
                                  "/slack/install"])
@pytest.mark.parametrize("chunked", [False, True])
def test_oversized_bodies_get_413_and_nothing_is_logged_of_them(calbot, caplog, path, chunked):
    caplog.set_level(logging.DEBUG)
    body = chunks(BIG) if chunked else b"A" * BIG
    answer = calbot.side.http.post(path, content=body,
                                   headers={"Content-Type": "application/json"})
    assert answer.status_code == 413
    no_traceback(answer)
    assert "AAAAAAAA" not in caplog.text
    assert calbot.side.http.get("/healthz").status_code == 200


# --- 2. no secret in the log, whatever fails verification -----------------------------------

def test_failed_verifications_of_a_connect_submission_log_no_key(tmp_path, slack, cal, caplog):
    caplog.set_level(logging.DEBUG)  # every logger, below production's level
    app = CalbotUnderTest(tmp_path, slack, cal, cal.url)
    try:
        app.side.command("connect")
        view = opened_view(slack)
        stale = str(int(time.time()) - 400)  # clock skew over five minutes
        for kw in ({"timestamp": stale}, {"secret": "the-old-signing-secret"},
                   {"timestamp": "soon"}, {"headers": {"X-Slack-Signature": ""}}):
            refused = app.side.submit(view, {ids.API_KEY: ALICE_KEY}, **kw)
            assert refused.status_code == 401
            no_traceback(refused)
        assert app.store.connection(app.team, USER) is None
        assert cal.count("getMe") == 0
        done = app.side.submit(view, {ids.API_KEY: ALICE_KEY})  # and then a good one
        assert done.json()["response_action"] == "update"
        wait_until(lambda: app.store.connection(app.team, USER), what="connected")
        _, token = app.side.command("list")  # and the rest of a session
        app.side.reply(token)
        app.side.event({"type": "app_home_opened", "user": USER, "tab": "home",
                        "channel": "D1", "event_ts": "1.0"})
        slack.wait_for("views.publish", 2)  # "loading", then the bookings
    finally:
        app.stop()
    assert ALICE_KEY not in caplog.text
    assert ALICE_KEY[9:] not in caplog.text  # not even without its prefix
    refusals = [r for r in caplog.records if "refused a request" in r.getMessage()]
    assert len(refusals) == 4 and all(r.exc_info is None for r in refusals)


# --- 6. malformed requests: 400 (or 401 before parsing), one line, no traceback -------------

def test_unsigned_garbage_gets_401_before_it_is_parsed(calbot, caplog):
    for body, content_type, ts in [
        (b"[" * 50_000, "application/json", None),
        (b"payload=%5B1%5D", "application/x-www-form-urlencoded", "not-a-number"),
        (b"{}", "application/json", "1e9"),
    ]:
        sent = {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts or "1",
                "X-Slack-Signature": "v0=" + "0" * 64}
        answer = calbot.side.http.post("/slack/events", content=body, headers=sent)
        assert answer.status_code == 401
        no_traceback(answer)
    assert not [r for r in caplog.records if r.exc_info]


def test_thirty_non_numeric_timestamps_get_thirty_401s(calbot, caplog):
    caplog.set_level(logging.INFO)
    for n in range(30):
        body, _, _ = calbot.side.command_body("list")
        answer = calbot.side.post(body, "application/x-www-form-urlencoded",
                                  timestamp=f"12345abc{n}")
        assert answer.status_code == 401
    lines = [r for r in caplog.records if r.name == "bot.guard"]
    assert len(lines) == 30 and not [r for r in caplog.records if r.exc_info]


DEEP = "[" * 30_000 + "]" * 30_000


def interactive(payload: object) -> bytes:
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()


@pytest.mark.parametrize("name,body,content_type", [
    ("form as JSON", b"command=%2Fcal&text=list&user_id=U1", "application/json"),
    ("non-object payload", interactive(["view_submission"]),
     "application/x-www-form-urlencoded"),
    ("view without fields", interactive({"type": "view_submission", "user": {"id": USER},
                                         "view": {"callback_id": ids.CONNECT_VIEW}}),
     "application/x-www-form-urlencoded"),
    ("deep JSON event", ('{"type":"event_callback","event":' + DEEP + "}").encode(),
     "application/json"),
    ("deep private_metadata", interactive({
        "type": "view_submission", "user": {"id": USER},
        "view": {"id": "V1", "callback_id": ids.BOOK_VIEW, "private_metadata": DEEP,
                 "state": {"values": {}}}}), "application/x-www-form-urlencoded"),
])
def test_signed_malformed_requests_get_400_in_one_line(calbot, slack, caplog, name, body,
                                                       content_type):
    caplog.set_level(logging.INFO)
    answer = calbot.side.post(body, content_type)
    assert answer.status_code == 400, name
    no_traceback(answer)
    lines = [r for r in caplog.records if r.name == "bot.guard"]
    assert len(lines) == 1 and "[[[[" not in caplog.text
    assert not [r for r in caplog.records if r.exc_info]
    assert [c.method for c in slack.calls if c.method != "auth.test"] == []  # nothing done


def test_a_webhook_nested_tens_of_thousands_deep_gets_400(calbot, caplog):
    answer = calbot.side.http.post("/calcom/webhooks/whatever", content=DEEP.encode(),
                                   headers={"Content-Type": "application/json"})
    assert answer.status_code == 400
    no_traceback(answer)
    assert not [r for r in caplog.records if r.exc_info]


# --- 9. Slack retries of events ------------------------------------------------------------

def test_an_event_delivered_four_times_publishes_home_once(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    event = {"type": "app_home_opened", "user": USER, "channel": "D1", "tab": "home",
             "event_ts": "1.0", "view": {"id": "VHOME1", "type": "home"}}
    first = calbot.side.event(event, event_id="Ev0RETRIED")
    assert first.status_code == 200
    slack.wait_for("views.publish")
    calls_to_cal = len(cal.requests)
    for retry in (1, 2, 3):
        again = calbot.side.event(event, event_id="Ev0RETRIED", headers={
            "X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
        assert again.status_code == 200
    # a different event still works, and by the time it has, the retries did nothing
    calbot.side.event(event, event_id="Ev0ANOTHER")
    slack.wait_for("views.publish", 2)
    wait_until(lambda: len(cal.requests) >= 2 * calls_to_cal, what="the second home")
    assert len(slack.calls_to("views.publish")) == 2
    assert len(cal.requests) == 2 * calls_to_cal


# --- 4. user-given Cal.com API URLs ---------------------------------------------------------

@pytest.mark.parametrize("url,why", [
    ("https://127.0.0.1:8443", "private or local"),
    ("https://[::1]:8443", "private or local"),
    ("http://cal.example.com", "https://"),
])
def test_connect_refuses_private_and_plain_http_urls_before_sending_the_key(calbot, slack,
                                                                           cal, url, why):
    calbot.side.command("connect")
    answer = calbot.side.submit(opened_view(slack), {ids.API_KEY: ALICE_KEY, ids.API_URL: url})
    errors = answer.json()["errors"]
    assert answer.json()["response_action"] == "errors" and why in errors[ids.API_URL]
    assert ALICE_KEY not in json.dumps(errors)
    assert calbot.store.connection(calbot.team, USER) is None and cal.requests == []


class Stall:
    """A self-hosted 'Cal.com' on 127.0.0.1 that holds every call until released, then
    answers 401 (so nothing is retried)."""

    ANSWER = (b"HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n"
              b"Content-Length: 2\r\nConnection: close\r\n\r\n{}")

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.connections = 0
        self.released = threading.Event()
        self.closed = threading.Event()
        self.threads = [threading.Thread(target=self._accept, daemon=True)]
        self.threads[0].start()

    def _accept(self) -> None:
        self.listener.settimeout(0.05)  # a closed listener doesn't wake accept()
        while not self.closed.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            self.connections += 1
            thread = threading.Thread(target=self._hold, args=(conn,), daemon=True)
            self.threads.append(thread)
            thread.start()

    def _hold(self, conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            self.released.wait(30)
            conn.sendall(self.ANSWER)

    def close(self) -> None:
        self.released.set()
        self.closed.set()
        self.listener.close()
        for thread in self.threads:
            thread.join(5)


def test_forty_slow_connects_to_one_url_do_not_stall_another_users_booking(tmp_path, slack,
                                                                          cal):
    app = CalbotUnderTest(tmp_path, slack, cal, cal.url, CALBOT_ALLOW_PRIVATE_URLS="true")
    stall = Stall()
    try:
        app.side.command("connect")
        form = opened_view(slack)
        answers: list[httpx.Response] = []

        def attack() -> None:
            answers.append(app.side.submit(form, {ids.API_KEY: ALICE_KEY,
                                                  ids.API_URL: stall.url}))

        threads = [threading.Thread(target=attack) for _ in range(40)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        busy = [a for a in answers if a.json().get("response_action") == "errors"]
        assert len(busy) == 36 and "try again in a minute" in json.dumps(busy[0].json())
        assert stall.connections <= 4

        # meanwhile another user books against the operator's Cal.com, answered in the ack
        app.connect(BOB_KEY, user=OTHER_USER)
        slack.set_user(OTHER_USER, tz="America/New_York")
        weekday = START.astimezone(ZoneInfo("America/New_York")) + timedelta(days=2)
        while weekday.weekday() >= 5:  # bob works Monday to Friday
            weekday += timedelta(days=1)
        app.side.command(f"book 30min {weekday:%Y-%m-%d} 15:00 with jane@example.com",
                         user=OTHER_USER)
        view = opened_view(slack, 2)
        view = wait_until(lambda: slack.views[view["id"]]["callback_id"] == ids.BOOK_VIEW
                          and slack.views[view["id"]], what="the booking form")
        done = app.side.submit(view, {}, user=OTHER_USER)
        assert done.json()["response_action"] == "update"
        assert "Booked" in json.dumps(done.json()["view"]), done.json()
        assert cal.count("createBooking") == 1
    finally:
        stall.released.set()  # the 4 held calls are answered now, and their forms say so
        wait_until(lambda: len([c for c in slack.calls_to("views.update")
                                if "didn't accept your API key" in json.dumps(c.params)]) >= 4,
                   what="the held connects to finish")
        stall.close()
        app.stop()
