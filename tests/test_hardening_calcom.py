"""Cal.com calls: user-given API URLs are vetted, one origin holds few calls, and every call
ends at its deadline however slowly the answer trickles in."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import httpx
import pytest

from calcom import Busy, CalcomClient, Unavailable, UnsafeUrl, new_http_client
from calcom.origins import (
    OriginBusy,
    OriginPolicy,
    UnsafeOrigin,
    check_api_url,
    is_public,
)
from calcom.transport import GuardedTransport
from commands.errors import user_message
from tests.conftest import SleepRecorder
from tests.fakes.calcom import ALICE_KEY

PUBLIC = "93.184.215.14"


def resolver(table: dict[str, list[str]]):
    asked: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        asked.append(host)
        if host not in table:
            raise OSError(f"unknown host {host}")
        return table[host]

    resolve.asked = asked  # type: ignore[attr-defined]
    return resolve


# --- which URLs ---------------------------------------------------------------------------

@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
    "0.0.0.0", "100.64.0.1", "::1", "fe80::1", "fc00::1", "::", "::ffff:127.0.0.1",
    "::ffff:10.0.0.1", "224.0.0.1", "not an address",
])
def test_private_and_local_addresses_are_not_public(address):
    assert not is_public(address)


@pytest.mark.parametrize("address", [PUBLIC, "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_public(address):
    assert is_public(address)


@pytest.mark.parametrize("url,why", [
    ("http://cal.example.com", "https"),
    ("https://inside.example.com", "private"),
    ("https://mixed.example.com", "private"),
    ("https://127.0.0.1:8443", "private"),
    ("https://[::1]", "private"),
    ("https://metadata.example.com", "private"),
    ("ftp://cal.example.com", "https"),
    ("https://", "https"),
])
def test_user_given_urls_that_are_plain_http_or_private_are_refused(url, why):
    resolve = resolver({"inside.example.com": ["10.0.0.7"], "127.0.0.1": ["127.0.0.1"],
                        "::1": ["::1"], "mixed.example.com": [PUBLIC, "192.168.0.2"],
                        "metadata.example.com": ["169.254.169.254"]})
    with pytest.raises(UnsafeOrigin, match=why):
        check_api_url(url, allow_private=False, resolve=resolve)


def test_a_public_https_url_passes_and_the_operator_may_allow_private_ones():
    resolve = resolver({"cal.example.com": [PUBLIC], "cal.lan": ["192.168.1.5"]})
    check_api_url("https://cal.example.com", allow_private=False, resolve=resolve)
    check_api_url("http://cal.lan:3000", allow_private=True, resolve=resolve)
    check_api_url("https://cal.lan", allow_private=True, resolve=resolve)
    assert resolve.asked == ["cal.example.com"]  # allowed private URLs are not even resolved


def test_the_operators_own_url_is_trusted_as_it_is():
    resolve = resolver({})
    policy = OriginPolicy(trusted=("http://127.0.0.1:4000",), resolve=resolve)
    assert policy.vet("http://127.0.0.1:4000/v2/me")
    assert policy.addresses("127.0.0.1", 4000) is None
    with pytest.raises(UnsafeOrigin):
        policy.vet("http://127.0.0.1:4001/v2/me")
    assert resolve.asked == []


def test_a_name_resolving_to_private_at_connect_time_is_refused():
    # vetted public first, then the name changes (DNS rebinding): the connect re-checks
    table = {"cal.example.com": [PUBLIC]}
    policy = OriginPolicy(resolve=resolver(table))
    policy.vet("https://cal.example.com/v2/me")
    table["cal.example.com"] = ["127.0.0.1"]
    with pytest.raises(UnsafeOrigin):
        policy.addresses("cal.example.com", 443)


# --- through the client: nothing is sent to a refused URL ---------------------------------

class Recording(httpx.BaseTransport):
    def __init__(self) -> None:
        self.sent: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return httpx.Response(200, json={"status": "success", "data": {
            "id": 1, "email": "a@example.com", "username": "a", "timeZone": "UTC"}})


def test_the_client_sends_nothing_to_a_refused_url_and_says_why():
    inner = Recording()
    policy = OriginPolicy(resolve=resolver({"inside.example.com": ["10.0.0.7"]}))
    http = new_http_client(transport=inner, policy=policy)
    for url in ("http://cal.example.com", "https://inside.example.com"):
        with pytest.raises(UnsafeUrl) as info:
            CalcomClient(http, ALICE_KEY, base_url=url, sleep=SleepRecorder()).me()
        sentence = user_message(info.value)
        assert "won't send your key" in sentence and ALICE_KEY not in sentence
    assert inner.sent == []
    assert CalcomClient(http, ALICE_KEY, sleep=SleepRecorder()).me().id == 1  # api.cal.com


# --- bounded calls per origin -------------------------------------------------------------

def test_one_user_origin_holds_at_most_its_share_then_busy_at_once():
    policy = OriginPolicy.open()
    slow = ("https", "slow.example.com", 443)
    for _ in range(policy.per_origin):
        policy.acquire(slow)
    with pytest.raises(OriginBusy):
        policy.acquire(slow)
    other = ("https", "other.example.com", 443)
    for _ in range(policy.user_origins - policy.per_origin):
        policy.acquire(other)
    with pytest.raises(OriginBusy):  # all user-given origins together are bounded too
        policy.acquire(("https", "third.example.com", 443))
    trusted = ("https", "api.cal.com", 443)
    for _ in range(50):
        policy.acquire(trusted)  # the operator's origin is not held back by users' ones
    policy.release(slow)
    policy.acquire(slow)


class Gate(httpx.BaseTransport):
    """Answers once released; counts calls that reached it."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.reached = 0
        self.lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.reached += 1
        self.release.wait(10)
        return httpx.Response(200, json={"status": "success", "data": {
            "id": 1, "email": "a@example.com", "username": "a", "timeZone": "UTC"}})


def test_forty_slow_calls_to_one_origin_leave_the_others_free():
    gate = Gate()
    http = new_http_client(transport=gate)  # open policy: every origin is a user's
    errors: list[BaseException] = []
    done: list[int] = []

    def slow_call() -> None:
        try:
            CalcomClient(http, ALICE_KEY, base_url="https://slow.example.com",
                         sleep=SleepRecorder(), read_retries=0).me()
            done.append(1)
        except Busy as error:
            errors.append(error)

    threads = [threading.Thread(target=slow_call) for _ in range(40)]
    for t in threads:
        t.start()
    try:
        busy_seen = 40 - OriginPolicy.open().per_origin
        while len(errors) < busy_seen:
            threading.Event().wait(0.01)
        assert gate.reached == 4  # the other 36 were refused without sending anything
        assert "try again in a minute" in user_message(errors[0])
    finally:
        gate.release.set()
        for t in threads:
            t.join()
    assert len(done) == 4 and len(errors) == 36


# --- one total deadline -------------------------------------------------------------------

class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


class Trickle(httpx.SyncByteStream):
    """One byte per read, each read taking one (fake) second; never ends by itself."""

    def __init__(self, clock: Clock):
        self.clock = clock
        self.sent = 0

    def __iter__(self) -> Iterator[bytes]:
        while self.sent < 10_000:
            self.clock.t += 1.0
            self.sent += 1
            yield b" "


def test_an_answer_trickling_in_ends_at_the_deadline():
    clock = Clock()
    stream = Trickle(clock)

    class Slow(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            return httpx.Response(200, headers={"Content-Length": "10000"}, stream=stream)

    policy = OriginPolicy.open()
    transport = GuardedTransport(policy, inner=Slow(), deadline_s=15.0, clock=clock)
    http = httpx.Client(transport=transport)
    cal = CalcomClient(http, ALICE_KEY, sleep=SleepRecorder(), read_retries=0)
    with pytest.raises(Unavailable, match="timed out"):
        cal.me()
    assert stream.sent == 15  # cut at the deadline, not after 10 000 bytes
    assert policy.held("https://api.cal.com") == 0


@pytest.fixture
def trickling_server() -> Iterator[tuple[str, list[int]]]:
    """A real server on 127.0.0.1 that sends its headers, or its body, one byte at a time."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    sent: list[int] = []
    stop = threading.Event()

    listener.settimeout(0.05)

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.recv(65536)
                head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                answer = head + b"Content-Length: 2000\r\n\r\n" + b" " * 2000
                count = 0
                for byte in answer:
                    if stop.wait(0.02):
                        break
                    try:
                        conn.sendall(bytes([byte]))
                    except OSError:
                        break
                    count += 1
                sent.append(count)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", sent
    stop.set()
    listener.close()
    thread.join(5)


def test_a_real_trickling_server_is_cut_at_the_deadline(trickling_server):
    url, sent = trickling_server
    # each byte comes well inside the read timeout, so only the total deadline can end it
    http = new_http_client(timeout=httpx.Timeout(5.0), deadline_s=0.5)
    try:
        cal = CalcomClient(http, ALICE_KEY, base_url=url, sleep=SleepRecorder(),
                           read_retries=0)
        with pytest.raises(Unavailable, match="timed out"):
            cal.me()
    finally:
        http.close()
    while not sent:
        threading.Event().wait(0.01)
    assert sent[0] < 200  # of ~2070 bytes: the headers themselves never finished


def test_the_network_backend_applies_the_policy_over_real_sockets():
    # httpx gets our network backend: a connection to a refused address is never opened
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        policy = OriginPolicy(resolve=resolver({"cal.example.com": ["127.0.0.1"]}))
        http = new_http_client(policy=policy)
        try:
            with pytest.raises(UnsafeUrl):
                CalcomClient(http, ALICE_KEY, base_url=f"https://cal.example.com:{port}",
                             sleep=SleepRecorder()).me()
            transport = GuardedTransport(policy)
            backend = transport._inner._pool._network_backend  # type: ignore[attr-defined]
            with pytest.raises(UnsafeOrigin):
                backend.connect_tcp("cal.example.com", port)
        finally:
            http.close()
        listener.settimeout(0.1)
        with pytest.raises(TimeoutError):
            listener.accept()  # nobody connected


def test_the_operator_setting_allows_private_urls():
    from bot.settings import load_settings

    base = dict(SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s")
    assert load_settings(env_file=None, **base).CALBOT_ALLOW_PRIVATE_URLS is False
    assert load_settings(env_file=None, CALBOT_ALLOW_PRIVATE_URLS="true",
                         **base).CALBOT_ALLOW_PRIVATE_URLS is True
