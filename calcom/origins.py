"""Which Cal.com API origins calbot may call, and how many calls one origin may hold at once.

The operator's own ``CALCOM_API_URL`` is trusted as it is. Any other origin was typed by a user
(the optional API URL of `/cal connect`): it must be https and resolve only to public addresses,
unless the operator allows private URLs (``CALBOT_ALLOW_PRIVATE_URLS``). Addresses are checked
where the connection is made (`calcom.transport`), so a name that changes what it resolves to
between the check and the call is caught too.

A slow origin cannot hold every worker: each user-given origin gets a few concurrent calls, all
user-given origins together a few more, and a call over the bound is refused at once
(:class:`OriginBusy`), never queued.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

#: (host, port) -> the IP addresses the host resolves to (as text)
Resolver = Callable[[str, int], list[str]]

PER_ORIGIN_CALLS = 4  # concurrent calls one user-given origin may hold
USER_ORIGIN_CALLS = 8  # concurrent calls all user-given origins together may hold


class UnsafeOrigin(Exception):
    """A user-given API URL calbot refuses to call; ``reason`` says why, for the user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class OriginBusy(Exception):
    """This origin already holds as many calls as it may; nothing was sent."""


def system_resolver(host: str, port: int) -> list[str]:
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def is_public(address: str) -> bool:
    """False for loopback, link-local, private, unspecified, multicast and reserved ranges."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def origin_key(scheme: str, host: str, port: int | None) -> tuple[str, str, int]:
    scheme = scheme.lower()
    return scheme, host.lower().strip("[]"), port or (443 if scheme == "https" else 80)


def _split(url: str) -> tuple[str, str, int]:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise UnsafeOrigin("that isn't a valid URL") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise UnsafeOrigin("it must be an https:// address")
    return origin_key(parts.scheme, parts.hostname, port)


def public_addresses(host: str, port: int, resolve: Resolver) -> list[str]:
    """The addresses of ``host``, all public; raises UnsafeOrigin if any is not.

    A name that does not resolve raises OSError (the caller reports it as unreachable).
    """
    addresses = resolve(host, port)
    if not addresses:
        raise OSError(f"{host} has no address")
    if not all(is_public(a) for a in addresses):
        raise UnsafeOrigin("it points at a private or local network address")
    return addresses


def check_api_url(url: str, *, allow_private: bool, resolve: Resolver = system_resolver) -> None:
    """Raise UnsafeOrigin unless calbot may send a user's key to ``url``.

    Plain http, and names resolving to loopback, link-local, private or unspecified addresses,
    are refused unless ``allow_private``. A name that does not resolve is not refused here
    (the call itself then fails as unreachable).
    """
    scheme, host, port = _split(url)
    if allow_private:
        return
    if scheme != "https":
        raise UnsafeOrigin("it must be an https:// address")
    with contextlib.suppress(OSError, UnicodeError):
        public_addresses(host, port, resolve)


@dataclass
class OriginPolicy:
    """The rules for every Cal.com call: trusted origins, private URLs, concurrent calls."""

    trusted: Iterable[str] = ("https://api.cal.com",)
    allow_private: bool = False
    resolve: Resolver = system_resolver
    per_origin: int = PER_ORIGIN_CALLS
    user_origins: int = USER_ORIGIN_CALLS
    _trusted: frozenset[tuple[str, str, int]] = field(init=False)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)
    _held: dict[tuple[str, str, int], int] = field(init=False, default_factory=dict)
    _user_held: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self._trusted = frozenset(_split(url) for url in self.trusted)

    @classmethod
    def open(cls) -> OriginPolicy:
        """No address checks (every origin may be private); only the call bounds apply."""
        return cls(allow_private=True)

    def is_trusted(self, origin: tuple[str, str, int]) -> bool:
        return origin in self._trusted

    def is_trusted_host(self, host: str, port: int) -> bool:
        host = host.lower().strip("[]")
        return any(h == host and p == port for _, h, p in self._trusted)

    def origin_of(self, url: str) -> tuple[str, str, int]:
        """(scheme, host, port) of an http(s) ``url``; raises UnsafeOrigin for anything else."""
        return _split(url)

    def vet(self, url: str) -> tuple[str, str, int]:
        """The origin of ``url``; raises UnsafeOrigin for a user-given origin that breaks the
        rules (the addresses are checked again when the connection is made)."""
        origin = _split(url)
        if not self.is_trusted(origin):
            check_api_url(url, allow_private=self.allow_private, resolve=self.resolve)
        return origin

    def addresses(self, host: str, port: int) -> list[str] | None:
        """Where to connect for (host, port): None means "as given" (trusted or private URLs
        allowed); else its vetted public addresses. Raises UnsafeOrigin or OSError."""
        if self.allow_private or self.is_trusted_host(host, port):
            return None
        return public_addresses(host.strip("[]"), port, self.resolve)

    @contextlib.contextmanager
    def slot(self, origin: tuple[str, str, int]) -> Iterator[None]:
        """Hold one call slot of ``origin`` (trusted origins are not bounded here: they share
        the HTTP pool). Raises OriginBusy at once when the bound is reached."""
        self.acquire(origin)
        try:
            yield
        finally:
            self.release(origin)

    def acquire(self, origin: tuple[str, str, int]) -> None:
        if self.is_trusted(origin):
            return
        with self._lock:
            held = self._held.get(origin, 0)
            if held >= self.per_origin or self._user_held >= self.user_origins:
                raise OriginBusy(origin[1])
            self._held[origin] = held + 1
            self._user_held += 1

    def release(self, origin: tuple[str, str, int]) -> None:
        if self.is_trusted(origin):
            return
        with self._lock:
            held = self._held.get(origin, 0) - 1
            if held <= 0:
                self._held.pop(origin, None)
            else:
                self._held[origin] = held
            self._user_held = max(0, self._user_held - 1)

    def held(self, url: str) -> int:
        """Calls ``url``'s origin holds now (for tests and benches)."""
        with self._lock:
            return self._held.get(_split(url), 0)
