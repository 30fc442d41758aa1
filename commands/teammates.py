"""Scheduling with teammates: someone else's public booking page, booked by whoever asks.

A *host* is a Slack user who connected calbot (their page is on their own Cal.com server) or a
Cal.com username on calbot's Cal.com (a pasted booking-page link). Everything here speaks to
Cal.com WITHOUT a key, as a public booking page does: public event types by username, free
slots, and a booking made by its attendee (recorded 026, 038). The one call made with a
host's key is their own `/v2/me`, to learn their username; nobody ever acts with a key that
isn't theirs. Cal.com then treats the booking like any other on the host's page: the host's
webhook or poll brings their usual notices and approvals.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from calcom import CalcomClient
from calcom import errors as cal
from calcom.models import Attendee, Booking, EventType
from commands.errors import NoPublicEventTypes, TeammateNotConnected
from commands.event_types import match_event_types
from commands.service import Calbot, SlotsAnswer

CACHE_TTL = 300.0
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,}$")
_NEXT_DAYS = 14
# The app's own pages, never a user's booking page (no Cal.com call is made for them).
RESERVED = frozenset({
    "api", "apps", "auth", "availability", "booking", "bookings", "d", "event-types",
    "getting-started", "insights", "login", "logout", "more", "org", "reschedule",
    "routing-forms", "settings", "signup", "team", "teams", "upcoming", "video", "workflows",
})


@dataclass(frozen=True)
class Host:
    """Whose page: a Slack user (``U…``) or a Cal.com username on calbot's Cal.com."""

    slack_user: str | None = None
    username: str | None = None

    @classmethod
    def of(cls, text: str) -> Host:
        """From its short form: ``U123`` or ``@alice`` (what buttons and forms carry)."""
        if _SLACK_USER.match(text or ""):
            return cls(slack_user=text)
        if text.startswith("@") and _USERNAME.match(text[1:]):
            return cls(username=text[1:])
        raise ValueError("not a host")

    @property
    def short(self) -> str:
        return self.slack_user or f"@{self.username}"

    @property
    def shown(self) -> str:
        """How Slack shows them (a mention is a name, never a ping from an ephemeral)."""
        return f"<@{self.slack_user}>" if self.slack_user else f"*{self.username}*"


@dataclass(frozen=True)
class Page:
    """A booking page under the app URL: ``/<username>`` or ``/<username>/<slug>``."""

    username: str
    slug: str | None = None


class Teammates:
    def __init__(self, calbot: Calbot, *, app_url: str = "https://cal.com",
                 ttl: float = CACHE_TTL):
        self.calbot = calbot
        self.app_url = app_url.rstrip("/")
        self.ttl = ttl
        self._usernames: dict[tuple[str, str], tuple[float, str]] = {}
        self._types: dict[tuple[str, str], tuple[float, list[EventType]]] = {}
        self._lock = threading.Lock()

    # --- pages ----------------------------------------------------------------------------
    @property
    def app_host(self) -> str:
        return urlsplit(self.app_url).hostname or ""

    def page_url(self, username: str, slug: str | None = None) -> str:
        return f"{self.app_url}/{username}" + (f"/{slug}" if slug else "")

    def page_of(self, url: str) -> Page | None:
        """The booking page a pasted URL names, if it is one under the app URL."""
        split = urlsplit(url)
        base = urlsplit(self.app_url)
        if (split.hostname or "").lower() != (base.hostname or "").lower():
            return None
        prefix = base.path.rstrip("/")
        path = split.path
        if prefix and not path.startswith(prefix + "/"):
            return None
        parts = [p for p in path[len(prefix):].split("/") if p]
        if not 1 <= len(parts) <= 2 or not all(_USERNAME.match(p) for p in parts):
            return None
        if parts[0].lower() in RESERVED:
            return None
        return Page(parts[0], parts[1] if len(parts) == 2 else None)

    # --- who ------------------------------------------------------------------------------
    def username_of(self, team_id: str, user_id: str) -> str:
        """A connected Slack user's Cal.com username (their own key's `/v2/me`, cached)."""
        conn = self.calbot.store.connection(team_id, user_id)
        if conn is None:
            raise TeammateNotConnected(user_id)
        key = (team_id, user_id)
        with self._lock:
            cached = self._usernames.get(key)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        try:
            me = self.calbot.client_for(conn).me()
        except cal.Unauthorized:  # their key died: their problem to fix, not the presser's
            raise TeammateNotConnected(user_id, stale=True) from None
        if not me.username:
            raise NoPublicEventTypes(f"<@{user_id}>")
        with self._lock:
            self._usernames[key] = (time.monotonic() + self.ttl, me.username)
        return me.username

    def _page(self, team_id: str, host: Host) -> tuple[CalcomClient, str]:
        """A keyless client for the host's Cal.com, and their username there."""
        if host.slack_user:
            username = self.username_of(team_id, host.slack_user)
            conn = self.calbot.store.connection(team_id, host.slack_user)
            base = (conn.api_url if conn else None) or self.calbot.default_api_url
        else:
            username = host.username or ""
            base = self.calbot.default_api_url
        client = CalcomClient(self.calbot.http, "", base_url=base, sleep=self.calbot.sleep,
                              max_wait=0.0)
        return client, username

    # --- event types ----------------------------------------------------------------------
    def event_types(self, team_id: str, host: Host) -> list[EventType]:
        """The host's public event types (what their booking page shows)."""
        key = (team_id, host.short)
        with self._lock:
            cached = self._types.get(key)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        client, username = self._page(team_id, host)
        types = [t for t in client.event_types(username=username) if not t.hidden]
        with self._lock:
            self._types[key] = (time.monotonic() + self.ttl, types)
        return types

    def find_event_type(self, team_id: str, host: Host, query: str | None) -> list[EventType]:
        """Public event types matching ``query`` by slug, title or length (all without one)."""
        types = self.event_types(team_id, host)
        if not types:
            raise NoPublicEventTypes(host.shown)
        if not query:
            return types
        found = match_event_types(types, query)
        if not found:
            raise NoPublicEventTypes(host.shown, query)
        return found

    def event_type(self, team_id: str, host: Host, event_type_id: int) -> EventType:
        """One of the host's public event types (a button can't name anybody else's)."""
        for event_type in self.event_types(team_id, host):
            if event_type.id == event_type_id:
                return event_type
        raise NoPublicEventTypes(host.shown, str(event_type_id))

    # --- slots ----------------------------------------------------------------------------
    def slots(self, team_id: str, host: Host, event_type: EventType, day_text: str | None,
              tz: str) -> SlotsAnswer:
        day = self.calbot.day_of(day_text, tz)
        client, _ = self._page(team_id, host)
        now = self.calbot.now()
        starts = [s for s in client.slots(event_type.id, day, tz) if s > now]
        return SlotsAnswer(event_type, day, starts)

    def next_slots(self, team_id: str, host: Host, event_type: EventType, tz: str,
                   count: int = 5) -> list[datetime]:
        """The next ``count`` free starts, looking up to two weeks ahead, a day at a time."""
        client, _ = self._page(team_id, host)
        now = self.calbot.now()
        day = self.calbot.day_of(None, tz)
        found: list[datetime] = []
        for offset in range(_NEXT_DAYS):
            found += [s for s in client.slots(event_type.id, day + timedelta(days=offset), tz)
                      if s > now]
            if len(found) >= count:
                break
        return found[:count]

    # --- booking --------------------------------------------------------------------------
    def book(self, team_id: str, host: Host, *, event_type_id: int, start: datetime,
             attendee: Attendee, guests: tuple[str, ...] = (),
             notes: str | None = None) -> list[Booking]:
        """Book the host's public event type with the presser as the attendee, without a key
        (an attendee's booking, as on the host's page)."""
        self.event_type(team_id, host, event_type_id)
        client, _ = self._page(team_id, host)
        return client.create_booking(event_type_id, start.astimezone(UTC), attendee,
                                     guests=guests, notes=notes or None)
