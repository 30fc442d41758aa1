"""The HTTP transport under every Cal.com call: origin rules, call bounds, a total deadline.

httpx's read timeout starts again with every byte, so an answer that trickles in never times
out. Here each call gets one deadline: every socket read, write and connect waits at most what
is left of it (the network backend bounds each wait), and a body still arriving at the deadline
ends the call with :class:`httpx.ReadTimeout`.

The same transport applies :class:`calcom.origins.OriginPolicy`: a user-given origin is vetted
before anything is sent (https, public addresses), its connection goes only to vetted
addresses, and its concurrent calls are bounded (over the bound: :class:`OriginBusy` at once).
"""

from __future__ import annotations

import ssl
import threading
import time
import typing
from collections.abc import Callable, Iterator

import httpcore
import httpx

from calcom.origins import OriginPolicy, origin_key

DEFAULT_DEADLINE_S = 15.0

Clock = Callable[[], float]


class _Deadlines(threading.local):
    """The deadline of the call this thread is making (calls are synchronous)."""

    at: float | None = None


class _Budget:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.local = _Deadlines()

    def start(self, seconds: float) -> None:
        self.local.at = self.clock() + seconds

    def stop(self) -> None:
        self.local.at = None

    def left(self, timeout: float | None, error: type[Exception]) -> float | None:
        """``timeout`` cut to what is left of the call's deadline; ``error`` once it passed."""
        at = self.local.at
        if at is None:
            return timeout
        left = at - self.clock()
        if left <= 0:
            raise error("the call's deadline passed")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, budget: _Budget) -> None:
        self._inner = inner
        self._budget = budget

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._budget.left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._budget.left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname,
                                      self._budget.left(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(inner, self._budget)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Connects only to vetted addresses (user-given origins) and within the deadline."""

    def __init__(self, policy: OriginPolicy, budget: _Budget,
                 inner: httpcore.NetworkBackend | None = None) -> None:
        self._policy = policy
        self._budget = budget
        self._inner = inner or httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
                    ) -> httpcore.NetworkStream:
        try:
            addresses = self._policy.addresses(host, port)
        except OSError as error:
            raise httpcore.ConnectError(str(error)) from None
        last: Exception | None = None
        for address in addresses or [host]:
            try:
                stream = self._inner.connect_tcp(
                    address, port, self._budget.left(timeout, httpcore.ConnectTimeout),
                    local_address, socket_options)
                return _DeadlineStream(stream, self._budget)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last = error
        assert last is not None
        raise last

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def network_transport(policy: OriginPolicy, budget: _Budget,
                      limits: httpx.Limits) -> httpx.HTTPTransport:
    """httpx's own transport over a network backend that applies the policy and deadline.

    httpx takes no network backend, so its connection pool is rebuilt as httpx builds it
    (no proxy) with ours (tests/test_hardening_calcom.py pins that it is used).
    """
    transport = httpx.HTTPTransport(limits=limits)
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=_GuardedBackend(policy, budget),
    )
    return transport


class _Held(httpx.SyncByteStream):
    """The answer's body, read within the deadline; the origin slot is freed when closed."""

    def __init__(self, inner: httpx.SyncByteStream, budget: _Budget,
                 done: Callable[[], None]) -> None:
        self._inner = inner
        self._budget = budget
        self._done: Callable[[], None] | None = done

    def __iter__(self) -> Iterator[bytes]:
        for part in self._inner:
            self._budget.left(None, httpx.ReadTimeout)
            yield part

    def close(self) -> None:
        try:
            self._inner.close()
        finally:
            done, self._done = self._done, None
            if done is not None:
                done()


class GuardedTransport(httpx.BaseTransport):
    """Every Cal.com call: vetted origin, a bounded slot, one total deadline."""

    def __init__(self, policy: OriginPolicy, *, inner: httpx.BaseTransport | None = None,
                 deadline_s: float = DEFAULT_DEADLINE_S, clock: Clock = time.monotonic,
                 limits: httpx.Limits | None = None) -> None:
        self.policy = policy
        self.deadline_s = deadline_s
        self._budget = _Budget(clock)
        self._inner = inner or network_transport(policy, self._budget,
                                                 limits or httpx.Limits())

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.scheme not in ("http", "https"):
            return self._inner.handle_request(request)  # httpx refuses it
        origin = self.policy.origin_of(str(request.url))
        self.policy.acquire(origin)  # first: a name that is slow to resolve holds a slot
        self._budget.start(self.deadline_s)

        def done() -> None:
            self._budget.stop()
            self.policy.release(origin)

        try:
            self.policy.vet(str(request.url))
            timeouts = dict(request.extensions.get("timeout") or {})
            request.extensions["timeout"] = {
                k: self.deadline_s if v is None else min(v, self.deadline_s)
                for k, v in {**dict.fromkeys(("connect", "read", "write", "pool")),
                             **timeouts}.items()}
            response = self._inner.handle_request(request)
        except BaseException:
            done()
            raise
        stream = response.stream
        assert isinstance(stream, httpx.SyncByteStream)
        return httpx.Response(status_code=response.status_code, headers=response.headers,
                              stream=_Held(stream, self._budget, done),
                              extensions=response.extensions)

    def close(self) -> None:
        self._inner.close()


__all__ = ["DEFAULT_DEADLINE_S", "GuardedTransport", "origin_key"]
