"""FakeSlack: a threaded, stateful fake of the Slack Web API on 127.0.0.1, as strict as Slack.

    with FakeSlack() as slack:
        slack.set_channel("C1")
        client = WebClient(token=slack.bot_token, base_url=slack.api_url)
        client.chat_postMessage(channel="C1", text="hi")
        assert slack.calls_to("chat.postMessage")[0].params["text"] == "hi"

* Workspaces: one to start with (``team_id`` / ``bot_token``), more with :meth:`add_workspace`
  or an OAuth install. A token acts on its own workspace only; an unknown one is
  ``invalid_auth``.
* Only what was created exists: users (:meth:`set_user`) and channels (:meth:`set_channel`);
  anything else is ``user_not_found`` / ``channel_not_found``.
* Trigger ids: only those :meth:`trigger_id` issued, once each, within ``trigger_ttl`` (3 s).
* Block Kit is checked with Slack's limits and error codes (:mod:`.blockkit`); a refused payload
  is also appended to :attr:`FakeSlack.violations`.
* Time: message ``ts``, view hashes and users' ``tz_offset`` come from ``clock``.
* Fault injection: :meth:`fail_next` (e.g. 429 + ``Retry-After``), :meth:`delay`,
  :meth:`expire_trigger`, :meth:`revoke`.
* ``POST /response/<token>`` is a response_url sink (:meth:`response_url`, :attr:`responses`).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from tests.clock import TestClock
from tests.fakes.listener import Listener
from tests.fakes.slack.blockkit import Violation, check_message
from tests.fakes.slack.canned import canned_error
from tests.fakes.slack.methods import WebApiMethods
from tests.fakes.slack.records import Call, ResponseUrlPost, SlackError, _Fault
from tests.fakes.slack.server import Answer, handler_for
from tests.fakes.slack.workspace import Workspace

DEFAULT_TEAM_ID = "T0G9PQBBK"
DEFAULT_BOT_USER_ID = "W23456789"
DEFAULT_BOT_ID = "BZYBOTHED"
DEFAULT_BOT_TOKEN = "xoxb-fake-bot-token"


class FakeSlack(WebApiMethods):
    """All state is guarded by one lock; read it freely."""

    def __init__(
        self,
        *,
        team_id: str = DEFAULT_TEAM_ID,
        bot_user_id: str = DEFAULT_BOT_USER_ID,
        bot_id: str = DEFAULT_BOT_ID,
        bot_token: str = DEFAULT_BOT_TOKEN,
        trigger_ttl: float = 3.0,
        clock: Callable[[], datetime] | None = None,
    ):
        self.clock = clock or TestClock()
        self.trigger_ttl = trigger_ttl
        self.default_team = team_id
        self._workspaces = {team_id: Workspace(team_id, bot_token, bot_user_id, bot_id)}
        self.tokens = {bot_token: team_id}
        self.calls: list[Call] = []
        self.violations: list[Violation] = []
        self.responses: list[ResponseUrlPost] = []
        self._revoked: dict[str, str] = {}
        self._triggers = {}
        self._used_triggers = set()
        self._expired_triggers = set()
        self._faults: dict[str, list[_Fault]] = {}
        self._delays: dict[str, float] = {}
        self._last_ts = 0.0
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._listener: Listener | None = None

    # ---- lifecycle -------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        self._listener = Listener(handler_for(self), name="FakeSlack")
        return self

    def stop(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._listener is not None, "FakeSlack is not started"
        return self._listener.port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        """What the app gets as SLACK_API_URL (``WebClient(base_url=...)``)."""
        return f"{self.base_url}/api/"

    def response_url(self, token: str = "") -> str:
        """A response_url that records what is POSTed to it."""
        return f"{self.base_url}/response/{token or secrets.token_hex(8)}"

    # ---- workspaces ------------------------------------------------------------------------

    def workspace(self, team: str | None = None) -> Workspace:
        """A workspace by team id (default: the first one)."""
        return self._workspaces[team or self.default_team]

    @property
    def workspaces(self) -> dict[str, Workspace]:
        """Team id -> workspace (a copy of the index; the workspaces themselves are live)."""
        with self._lock:
            return dict(self._workspaces)

    def add_workspace(self, team_id: str, bot_token: str, *, bot_user_id: str = "U0FAKEBOT1",
                      bot_id: str = "B0FAKEBOT1") -> Workspace:
        with self._lock:
            ws = Workspace(team_id, bot_token, bot_user_id, bot_id)
            self._workspaces[team_id] = ws
            self.tokens[bot_token] = team_id
            return ws

    # The first workspace, as a one-workspace test sees Slack.
    @property
    def team_id(self) -> str:
        return self.workspace().team_id

    @property
    def bot_token(self) -> str:
        return self.workspace().bot_token

    @property
    def bot_user_id(self) -> str:
        return self.workspace().bot_user_id

    @property
    def bot_id(self) -> str:
        return self.workspace().bot_id

    @property
    def users(self) -> dict[str, dict[str, Any]]:
        return self.workspace().users

    @property
    def channels(self) -> dict[str, dict[str, Any]]:
        return self.workspace().channels

    @property
    def messages(self) -> dict[str, list[dict[str, Any]]]:
        return self.workspace().messages

    @property
    def ephemerals(self) -> list[dict[str, Any]]:
        return self.workspace().ephemerals

    @property
    def unfurls(self) -> list[dict[str, Any]]:
        return self.workspace().unfurls

    @property
    def views(self) -> dict[str, dict[str, Any]]:
        return self.workspace().views

    @property
    def home_views(self) -> dict[str, dict[str, Any]]:
        return self.workspace().home_views

    # ---- inspection -------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def responses_for(self, token: str) -> list[Any]:
        with self._lock:
            return [r.body for r in self.responses if r.token == token]

    def messages_in(self, channel: str, *, team: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(m) for m in self.workspace(team).messages.get(channel, [])]

    def message(self, channel: str, ts: str, *, team: str | None = None) -> dict[str, Any] | None:
        with self._lock:
            for m in self.workspace(team).messages.get(channel, []):
                if m["ts"] == ts:
                    return dict(m)
        return None

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until ``count`` calls to ``method`` arrived; returns them (AssertionError if
        they do not come within ``timeout`` seconds)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.calls_to(method)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"expected {count} call(s) to {method}, got {len(self.calls_to(method))}"
                    )
                self._changed.wait(left)
            return self.calls_to(method)

    def clear(self) -> None:
        """Forget recorded calls, responses and violations (state such as messages stays)."""
        with self._lock:
            self.calls.clear()
            self.responses.clear()
            self.violations.clear()

    # ---- configuration and fault injection -------------------------------------------------

    def set_user(
        self,
        user_id: str,
        *,
        tz: str | None = None,
        name: str | None = None,
        email: str | None = None,
        real_name: str | None = None,
        team: str | None = None,
        locale: str | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """Create or change a user of a workspace (users.info computes ``tz_offset`` and
        ``tz_label`` from ``tz`` at the fake's clock, and answers ``locale`` — "en-US" unless
        set — when called with ``include_locale``)."""
        with self._lock:
            ws = self.workspace(team)
            user = ws.users.get(user_id) or ws.new_user(user_id)
            if tz is not None:
                user["tz"] = tz
            if name is not None:
                user["name"] = name
                user["profile"]["display_name"] = name
            if real_name is not None:
                user["real_name"] = real_name
                user["profile"]["real_name"] = real_name
            if email is not None:
                user["profile"]["email"] = email
            if locale is not None:
                user["locale"] = locale
            user.update(fields)
            ws.users[user_id] = user
            return user

    def set_channel(
        self,
        channel_id: str,
        *,
        name: str | None = None,
        is_private: bool | None = None,
        is_member: bool | None = None,
        is_archived: bool | None = None,
        team: str | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """Create or change a channel of a workspace: new ones are public (private if the id
        starts with G) and the bot is in them."""
        with self._lock:
            ws = self.workspace(team)
            channel = ws.channels.get(channel_id) or ws.new_channel(channel_id)
            for key, value in (("name", name), ("is_private", is_private),
                               ("is_member", is_member), ("is_archived", is_archived)):
                if value is not None:
                    channel[key] = value
            if is_private is not None:
                channel["is_channel"] = not is_private
                channel["is_group"] = is_private
            channel.update(fields)
            ws.channels[channel_id] = channel
            return channel

    def add_token(self, token: str, team_id: str) -> None:
        """Another token for an existing workspace."""
        with self._lock:
            self.workspace(team_id)
            self.tokens[token] = team_id
            self._revoked.pop(token, None)

    def revoke(self, token: str, error: str = "invalid_auth") -> None:
        """Calls with this token answer ``error`` from now on."""
        with self._lock:
            self._revoked[token] = error

    def trigger_id(self, team: str | None = None) -> str:
        """A fresh trigger_id for a workspace, good for one views.open / views.push within
        ``trigger_ttl`` seconds (Slack's 3 s)."""
        trigger = (f"{self.clock().timestamp():.6f}.{secrets.randbelow(10**9)}."
                   f"{secrets.token_hex(16)}")
        with self._lock:
            self._triggers[trigger] = (team or self.default_team, time.monotonic())
        return trigger

    def expire_trigger(self, trigger_id: str) -> None:
        with self._lock:
            self._expired_triggers.add(trigger_id)

    def fail_next(
        self,
        method: str,
        error: str = "ratelimited",
        status: int | None = None,
        retry_after: float | None = 1,
        times: int = 1,
        **extra: Any,
    ) -> None:
        """The next ``times`` calls to ``method`` (``"*"``: any method, ``"response_url"``: the
        sink) answer ``error``. ``ratelimited`` defaults to HTTP 429 with ``Retry-After``;
        other errors to HTTP 200, as Slack does. ``extra`` is merged into the answer."""
        if status is None:
            status = 429 if error == "ratelimited" else 200
        with self._lock:
            self._faults.setdefault(method, []).append(
                _Fault(error, status, retry_after if status == 429 else None, times, extra)
            )

    def delay(self, method: str, seconds: float) -> None:
        """Answer ``method`` (``"*"``: every method) only after ``seconds``."""
        with self._lock:
            self._delays[method] = seconds

    # ---- request handling (called by the HTTP handler) -------------------------------------

    def _record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def _take_fault(self, method: str) -> _Fault | None:
        with self._lock:
            for key in (method, "*"):
                queue = self._faults.get(key)
                if queue:
                    fault = queue[0]
                    fault.times -= 1
                    if fault.times <= 0:
                        queue.pop(0)
                    return fault
        return None

    @staticmethod
    def _fault_answer(method: str, fault: _Fault) -> Answer:
        body = {**canned_error(method, fault.error), **fault.extra}
        headers = {}
        if fault.retry_after is not None:
            headers["Retry-After"] = str(int(fault.retry_after) if float(
                fault.retry_after).is_integer() else fault.retry_after)
        return fault.status, body, headers

    def handle_api(self, method: str, call: Call) -> Answer:
        handler = getattr(self, "_m_" + method.replace(".", "_"), None)
        self._record(call)
        delay = self._delays.get(method, self._delays.get("*", 0.0))
        if delay:
            time.sleep(delay)
        if handler is None:
            return self._finish(call, 200, {"ok": False, "error": "unknown_method"}, {})
        fault = self._take_fault(method)
        if fault is not None:
            return self._finish(call, *self._fault_answer(method, fault))
        try:
            with self._lock:
                if method != "oauth.v2.access":
                    self._authenticate(call)
                body = handler(call.params, call)
        except SlackError as e:
            return self._finish(call, e.status, e.answer(), {})
        headers: dict[str, str] = {}
        scopes = self.workspace_of(call).scopes if call.token in self.tokens else []
        if scopes:
            headers["X-OAuth-Scopes"] = ",".join(scopes)
        return self._finish(call, 200, body, headers)

    @staticmethod
    def _finish(call: Call, status: int, body: dict, headers: dict[str, str]) -> Answer:
        call.status, call.response = status, body
        return status, body, headers

    def handle_response_url(self, token: str, post: ResponseUrlPost) -> tuple[int, Any]:
        with self._changed:
            self.responses.append(post)
            self._changed.notify_all()
        fault = self._take_fault("response_url")
        if fault is not None:
            return fault.status, {"ok": False, "error": fault.error}
        if isinstance(post.body, dict):
            try:
                with self._lock:
                    self._refuse(check_message(post.body, "response_url"))
            except SlackError as e:
                return 400, e.answer()
        return 200, {"ok": True}

    def _authenticate(self, call: Call) -> None:
        """The token must be one the fake gave out (and not revoked)."""
        token = call.token
        if not token:
            raise SlackError("not_authed")
        if token in self._revoked:
            raise SlackError(self._revoked[token])
        if token not in self.tokens:
            raise SlackError("invalid_auth")
