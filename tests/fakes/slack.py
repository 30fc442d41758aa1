"""A small, stateful fake of the Slack Web API on 127.0.0.1, for tests.

    with FakeSlack() as slack:
        client = WebClient(token=slack.bot_token, base_url=slack.api_url)
        client.chat_postMessage(channel="C1", text="hi")
        assert slack.calls_to("chat.postMessage")[0].params["text"] == "hi"

* Answers are shaped like ``shared/slack/web-api-responses/*.json`` (the canned answers).
* Accepts GET query strings, form-encoded POST and JSON POST on every method, like Slack.
* Checks the token (``not_authed`` / ``invalid_auth``) and the Block Kit limits that catch real
  mistakes; a violation answers ``invalid_blocks`` and is appended to :attr:`FakeSlack.violations`.
* Fault injection: :meth:`fail_next` (e.g. 429 + ``Retry-After``), :meth:`delay`,
  :meth:`expire_trigger`, :meth:`revoke`.
* ``POST /response/<token>`` is a response_url sink (:meth:`response_url`, :attr:`responses`).
"""

from __future__ import annotations

import base64
import contextlib
import json
import secrets
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

from tests.data import data_path

CANNED_DIR = data_path("slack", "web-api-responses")

DEFAULT_TEAM_ID = "T0G9PQBBK"
DEFAULT_BOT_USER_ID = "W23456789"
DEFAULT_BOT_ID = "BZYBOTHED"
DEFAULT_BOT_TOKEN = "xoxb-fake-bot-token"

# Fields that clients send JSON-encoded inside form posts.
_JSON_FIELDS = ("blocks", "attachments", "view", "metadata")

# Slack Block Kit limits checked here (https://docs.slack.dev/reference/block-kit).
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40_000
MAX_SECTION_TEXT = 3000
MAX_FIELD_TEXT = 2000
MAX_FIELDS = 10
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_URL = 3000
MAX_ACTION_ID = 255
MAX_BLOCK_ID = 255
MAX_ACTIONS_ELEMENTS = 25
MAX_CONTEXT_ELEMENTS = 10
MAX_OPTIONS = 100
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
MAX_VIEW_TITLE = 24
MAX_PRIVATE_METADATA = 3000
MAX_CALLBACK_ID = 255
MAX_EXTERNAL_ID = 255
MAX_INPUT_LABEL = 2000


def canned(name: str) -> dict[str, Any]:
    """A canned answer by file stem, e.g. ``canned("chat.postMessage.ok")``; a fresh copy."""
    data = json.loads((CANNED_DIR / f"{name}.json").read_text())
    assert isinstance(data, dict)
    return data


class _Server(ThreadingHTTPServer):
    """Listens with a real backlog (http.server's default is 5): a burst of 20 requests, as
    Slack and Cal.com take without blinking, must not meet "connection reset"."""

    request_queue_size = 128


class Headers(dict[str, str]):
    """Request headers; lookups ignore case."""

    def __init__(self, items: Iterable[tuple[str, str]]):
        super().__init__((k.lower(), v) for k, v in items)

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return super().get(key.lower(), default)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())


@dataclass
class Call:
    """One request to the fake: ``params`` merges query, form and JSON body (JSON-encoded
    ``blocks``/``view``/… strings are decoded)."""

    method: str
    params: dict[str, Any]
    headers: Headers
    time: float
    http_method: str = "POST"
    token: str | None = None
    response: dict[str, Any] = field(default_factory=dict)
    status: int = 200

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))

    @property
    def error(self) -> str | None:
        return self.response.get("error")


@dataclass
class ResponseUrlPost:
    token: str
    body: Any
    headers: Headers
    time: float


@dataclass
class Violation:
    method: str
    where: str  # JSON pointer, e.g. /blocks/3/text/text
    problem: str

    def __str__(self) -> str:
        return f"{self.method} {self.where}: {self.problem}"


@dataclass
class _Fault:
    error: str
    status: int
    retry_after: float | None
    times: int
    extra: dict[str, Any]


class SlackError(Exception):
    """Raised inside a handler to answer ``{"ok": false, "error": ...}``."""

    def __init__(self, error: str, status: int = 200, **extra: Any):
        super().__init__(error)
        self.error = error
        self.status = status
        self.extra = extra


# ---- Block Kit checks -----------------------------------------------------------------------


class _BlockChecker:
    def __init__(self, method: str):
        self.method = method
        self.problems: list[Violation] = []
        self.action_ids: set[str] = set()
        self.block_ids: set[str] = set()

    def bad(self, where: str, problem: str) -> None:
        self.problems.append(Violation(self.method, where, problem))

    def text_obj(
        self, obj: Any, where: str, *, max_len: int, plain_only: bool = False
    ) -> None:
        if not isinstance(obj, dict):
            self.bad(where, "must be a text object")
            return
        kinds = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
        if obj.get("type") not in kinds:
            self.bad(f"{where}/type", f"must be {' or '.join(kinds)}, not {obj.get('type')!r}")
        text = obj.get("text")
        if not isinstance(text, str) or text == "":
            self.bad(f"{where}/text", "must be a non-empty string")
        elif len(text) > max_len:
            self.bad(f"{where}/text", f"is {len(text)} characters (max {max_len})")

    def action_id(self, element: dict, where: str) -> None:
        action_id = element.get("action_id")
        if action_id is None:
            return
        if not isinstance(action_id, str) or not action_id:
            self.bad(f"{where}/action_id", "must be a non-empty string")
        elif len(action_id) > MAX_ACTION_ID:
            self.bad(f"{where}/action_id", f"is {len(action_id)} characters (max {MAX_ACTION_ID})")
        elif action_id in self.action_ids:
            self.bad(f"{where}/action_id", f"{action_id!r} is used twice")
        else:
            self.action_ids.add(action_id)

    def option(self, option: Any, where: str) -> None:
        if not isinstance(option, dict):
            self.bad(where, "must be an option object")
            return
        self.text_obj(option.get("text"), f"{where}/text", max_len=MAX_OPTION_TEXT)
        value = option.get("value")
        if not isinstance(value, str) or len(value) > MAX_OPTION_VALUE:
            self.bad(f"{where}/value", f"must be a string of at most {MAX_OPTION_VALUE} characters")

    def element(self, element: Any, where: str) -> None:
        if not isinstance(element, dict) or not isinstance(element.get("type"), str):
            self.bad(where, "must be an element object with a type")
            return
        kind = element["type"]
        if kind in ("image", "plain_text", "mrkdwn"):
            return
        self.action_id(element, where)
        if kind == "button":
            self.text_obj(element.get("text"), f"{where}/text", max_len=MAX_BUTTON_TEXT,
                          plain_only=True)
            value = element.get("value")
            if value is not None and (not isinstance(value, str) or len(value) > MAX_BUTTON_VALUE):
                self.bad(f"{where}/value",
                         f"must be a string of at most {MAX_BUTTON_VALUE} characters")
            url = element.get("url")
            if url is not None and (not isinstance(url, str) or len(url) > MAX_URL):
                self.bad(f"{where}/url", f"must be a string of at most {MAX_URL} characters")
            if element.get("style") not in (None, "primary", "danger"):
                self.bad(f"{where}/style", "must be primary or danger")
        options = element.get("options")
        if options is not None:
            if not isinstance(options, list) or len(options) > MAX_OPTIONS:
                self.bad(f"{where}/options", f"must be a list of at most {MAX_OPTIONS}")
            else:
                for i, option in enumerate(options):
                    self.option(option, f"{where}/options/{i}")
        for group_index, group in enumerate(element.get("option_groups") or []):
            for i, option in enumerate(group.get("options") or []):
                self.option(option, f"{where}/option_groups/{group_index}/options/{i}")
        if "placeholder" in element:
            self.text_obj(element["placeholder"], f"{where}/placeholder", max_len=150,
                          plain_only=True)

    def block(self, block: Any, where: str, *, surface: str) -> None:
        if not isinstance(block, dict) or not isinstance(block.get("type"), str):
            self.bad(where, "every block must be an object with a type")
            return
        kind = block["type"]
        block_id = block.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or not block_id or len(block_id) > MAX_BLOCK_ID:
                self.bad(f"{where}/block_id", f"must be 1..{MAX_BLOCK_ID} characters")
            elif block_id in self.block_ids:
                self.bad(f"{where}/block_id", f"{block_id!r} is used twice")
            else:
                self.block_ids.add(block_id)
        if kind == "section":
            if "text" not in block and "fields" not in block:
                self.bad(where, "a section needs text or fields")
            if "text" in block:
                self.text_obj(block["text"], f"{where}/text", max_len=MAX_SECTION_TEXT)
            fields = block.get("fields")
            if fields is not None:
                if not isinstance(fields, list) or len(fields) > MAX_FIELDS:
                    self.bad(f"{where}/fields", f"must be a list of at most {MAX_FIELDS}")
                else:
                    for i, f in enumerate(fields):
                        self.text_obj(f, f"{where}/fields/{i}", max_len=MAX_FIELD_TEXT)
            if "accessory" in block:
                self.element(block["accessory"], f"{where}/accessory")
        elif kind == "header":
            self.text_obj(block.get("text"), f"{where}/text", max_len=MAX_HEADER_TEXT,
                          plain_only=True)
        elif kind in ("actions", "context"):
            limit = MAX_ACTIONS_ELEMENTS if kind == "actions" else MAX_CONTEXT_ELEMENTS
            elements = block.get("elements")
            if not isinstance(elements, list) or not elements or len(elements) > limit:
                self.bad(f"{where}/elements", f"must be a list of 1..{limit} elements")
            else:
                for i, element in enumerate(elements):
                    if kind == "context" and isinstance(element, dict) and element.get(
                        "type"
                    ) in ("plain_text", "mrkdwn"):
                        self.text_obj(element, f"{where}/elements/{i}", max_len=MAX_SECTION_TEXT)
                    else:
                        self.element(element, f"{where}/elements/{i}")
        elif kind == "input":
            self.text_obj(block.get("label"), f"{where}/label", max_len=MAX_INPUT_LABEL,
                          plain_only=True)
            self.element(block.get("element"), f"{where}/element")
            if "hint" in block:
                self.text_obj(block["hint"], f"{where}/hint", max_len=MAX_INPUT_LABEL,
                              plain_only=True)

    def blocks(self, blocks: Any, where: str, *, max_blocks: int, surface: str) -> None:
        if not isinstance(blocks, list):
            self.bad(where, "blocks must be a JSON array")
            return
        if len(blocks) > max_blocks:
            self.bad(where, f"{len(blocks)} blocks (max {max_blocks})")
        for i, block in enumerate(blocks):
            self.block(block, f"{where}/{i}", surface=surface)

    def view(self, view: Any, where: str = "/view") -> None:
        if not isinstance(view, dict):
            self.bad(where, "view must be a JSON object")
            return
        kind = view.get("type")
        if kind not in ("modal", "home"):
            self.bad(f"{where}/type", f"must be modal or home, not {kind!r}")
        if kind == "modal":
            self.text_obj(view.get("title"), f"{where}/title", max_len=MAX_VIEW_TITLE,
                          plain_only=True)
            for name in ("submit", "close"):
                if view.get(name) is not None:
                    self.text_obj(view[name], f"{where}/{name}", max_len=MAX_VIEW_TITLE,
                                  plain_only=True)
            blocks = view.get("blocks")
            if (
                isinstance(blocks, list)
                and any(isinstance(b, dict) and b.get("type") == "input" for b in blocks)
                and view.get("submit") is None
            ):
                self.bad(f"{where}/submit", "a modal with input blocks needs a submit button")
        for name, limit in (("private_metadata", MAX_PRIVATE_METADATA),
                            ("callback_id", MAX_CALLBACK_ID), ("external_id", MAX_EXTERNAL_ID)):
            value = view.get(name)
            if value is not None and (not isinstance(value, str) or len(value) > limit):
                self.bad(f"{where}/{name}", f"must be a string of at most {limit} characters")
        self.blocks(view.get("blocks"), f"{where}/blocks", max_blocks=MAX_VIEW_BLOCKS,
                    surface=str(kind))

    def message(self, params: dict[str, Any]) -> None:
        if "blocks" in params and params["blocks"] is not None:
            self.blocks(params["blocks"], "/blocks", max_blocks=MAX_MESSAGE_BLOCKS,
                        surface="message")
        text = params.get("text")
        if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
            self.bad("/text", f"is {len(text)} characters (max {MAX_MESSAGE_TEXT})")


def check_message(params: dict[str, Any], method: str = "chat.postMessage") -> list[Violation]:
    """Block Kit problems of a message payload (usable on its own, e.g. on builder output)."""
    checker = _BlockChecker(method)
    checker.message(params)
    return checker.problems


def check_view(view: dict[str, Any], method: str = "views.open") -> list[Violation]:
    """Block Kit problems of a modal or home view."""
    checker = _BlockChecker(method)
    checker.view(view)
    return checker.problems


# ---- the fake -------------------------------------------------------------------------------


class FakeSlack:
    """A threaded fake Slack Web API. All state is guarded by one lock; read it freely."""

    def __init__(
        self,
        *,
        team_id: str = DEFAULT_TEAM_ID,
        bot_user_id: str = DEFAULT_BOT_USER_ID,
        bot_id: str = DEFAULT_BOT_ID,
        bot_token: str = DEFAULT_BOT_TOKEN,
        trigger_ttl: float = 3.0,
    ):
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.bot_token = bot_token
        self.trigger_ttl = trigger_ttl
        self.calls: list[Call] = []
        self.violations: list[Violation] = []
        self.responses: list[ResponseUrlPost] = []
        self.messages: dict[str, list[dict[str, Any]]] = {}  # channel -> messages, oldest first
        self.ephemerals: list[dict[str, Any]] = []
        self.views: dict[str, dict[str, Any]] = {}  # view id -> view
        self.home_views: dict[str, dict[str, Any]] = {}  # user id -> home view
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, str] = {bot_token: team_id}  # token -> team id
        self.strict_users = False  # unknown users -> user_not_found instead of a default user
        self._revoked: dict[str, str] = {}
        self._expired_triggers: set[str] = set()
        self._triggers: dict[str, float] = {}
        self._faults: dict[str, list[_Fault]] = {}
        self._delays: dict[str, float] = {}
        self._dm: dict[str, str] = {}
        self._last_ts = 0.0
        self._ts_seq = 0
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---- lifecycle -------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        fake = self

        class Handler(_Handler):
            owner = fake

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
            name="FakeSlack", daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "FakeSlack is not started"
        return int(self._server.server_address[1])

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

    # ---- inspection -------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def responses_for(self, token: str) -> list[Any]:
        with self._lock:
            return [r.body for r in self.responses if r.token == token]

    def messages_in(self, channel: str) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(m) for m in self.messages.get(channel, [])]

    def message(self, channel: str, ts: str) -> dict[str, Any] | None:
        with self._lock:
            for m in self.messages.get(channel, []):
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
        **fields: Any,
    ) -> dict[str, Any]:
        """Create or change a user; ``tz`` also sets ``tz_label`` and ``tz_offset``."""
        with self._lock:
            user = self.users.get(user_id) or self._default_user(user_id)
            if tz is not None:
                offset = datetime.now(ZoneInfo(tz)).utcoffset()
                user["tz"] = tz
                user["tz_label"] = datetime.now(ZoneInfo(tz)).tzname()
                user["tz_offset"] = int(offset.total_seconds()) if offset else 0
            if name is not None:
                user["name"] = name
                user["profile"]["display_name"] = name
            if real_name is not None:
                user["real_name"] = real_name
                user["profile"]["real_name"] = real_name
            if email is not None:
                user["profile"]["email"] = email
            user.update(fields)
            self.users[user_id] = user
            return user

    def set_channel(
        self,
        channel_id: str,
        *,
        name: str | None = None,
        is_private: bool | None = None,
        is_member: bool | None = None,
        is_archived: bool | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """Create or change a channel. Unknown channels behave as public ones the bot is in."""
        with self._lock:
            channel = self._channel(channel_id)
            for key, value in (("name", name), ("is_private", is_private),
                               ("is_member", is_member), ("is_archived", is_archived)):
                if value is not None:
                    channel[key] = value
            if is_private is not None:
                channel["is_channel"] = not is_private
                channel["is_group"] = is_private
            channel.update(fields)
            self.channels[channel_id] = channel
            return channel

    def add_token(self, token: str, team_id: str) -> None:
        with self._lock:
            self.tokens[token] = team_id
            self._revoked.pop(token, None)

    def revoke(self, token: str, error: str = "invalid_auth") -> None:
        """Calls with this token answer ``error`` from now on."""
        with self._lock:
            self._revoked[token] = error

    def trigger_id(self) -> str:
        """A fresh trigger_id, valid for ``trigger_ttl`` seconds (like Slack's 3 s)."""
        trigger = f"{time.time():.6f}.{secrets.randbelow(10**9)}.{secrets.token_hex(16)}"
        with self._lock:
            self._triggers[trigger] = time.monotonic()
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

    def _fault_answer(self, method: str, fault: _Fault) -> tuple[int, dict[str, Any], dict]:
        body = {"ok": False, "error": fault.error}
        for name in (f"{method}.{fault.error}", fault.error, f"{method}.error"):
            try:
                answer = canned(name)
            except FileNotFoundError:
                continue
            if answer.get("error") == fault.error:
                body = {k: v for k, v in answer.items() if not k.startswith("_")}
                break
        body.update(fault.extra)
        headers = {}
        if fault.retry_after is not None:
            headers["Retry-After"] = str(int(fault.retry_after) if float(
                fault.retry_after).is_integer() else fault.retry_after)
        return fault.status, body, headers

    def handle_api(self, method: str, call: Call) -> tuple[int, dict[str, Any], dict]:
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
            if method != "oauth.v2.access":
                self._authenticate(call)
            with self._lock:
                body = handler(call.params, call)
        except SlackError as e:
            body = {"ok": False, "error": e.error, **e.extra}
            return self._finish(call, e.status, body, {})
        return self._finish(call, 200, body, {})

    @staticmethod
    def _finish(call: Call, status: int, body: dict, headers: dict) -> tuple[int, dict, dict]:
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
                self._check_blocks("response_url", lambda c: c.message(post.body))
            except SlackError as e:
                return 400, {"ok": False, "error": e.error, **e.extra}
        return 200, {"ok": True}

    def _authenticate(self, call: Call) -> None:
        token = call.token
        if not token:
            raise SlackError("not_authed")
        with self._lock:
            if token in self._revoked:
                raise SlackError(self._revoked[token])
        if not token.startswith(("xoxb-", "xoxp-", "xoxe.")):
            raise SlackError("invalid_auth")

    def _team_of(self, call: Call) -> str:
        return self.tokens.get(call.token or "", self.team_id)

    def _check_blocks(self, method: str, check: Any) -> None:
        checker = _BlockChecker(method)
        check(checker)
        if checker.problems:
            with self._lock:
                self.violations.extend(checker.problems)
            raise SlackError(
                "invalid_blocks",
                errors=[str(p) for p in checker.problems],
                response_metadata={
                    "messages": [f"[ERROR] {p.problem} [json-pointer:{p.where}]"
                                 for p in checker.problems]
                },
            )

    # ---- state helpers ---------------------------------------------------------------------

    def _new_ts(self) -> str:
        now = round(time.time(), 6)
        self._last_ts = max(now, round(self._last_ts + 0.000001, 6))
        return f"{self._last_ts:.6f}"

    def _default_user(self, user_id: str) -> dict[str, Any]:
        user = canned("users.info.ok")["user"]
        user["id"] = user_id
        user["team_id"] = self.team_id
        user["name"] = user["profile"]["display_name"] = user_id.lower()
        user["profile"]["email"] = f"{user_id.lower()}@example.com"
        user["profile"]["team"] = self.team_id
        return dict(user)

    def _channel(self, channel_id: str) -> dict[str, Any]:
        if channel_id in self.channels:
            return self.channels[channel_id]
        channel = canned("conversations.info.ok")["channel"]
        is_im = channel_id.startswith("D")
        is_private = channel_id.startswith("G")
        channel.update(
            id=channel_id, name=channel_id.lower(), name_normalized=channel_id.lower(),
            is_im=is_im, is_channel=not (is_im or is_private), is_group=is_private,
            is_private=is_private or is_im, is_general=False, is_member=True,
        )
        if is_im:
            channel["user"] = next((u for u, d in self._dm.items() if d == channel_id), None)
        return dict(channel)

    def _dm_for(self, user_id: str) -> str:
        if user_id not in self._dm:
            self._dm[user_id] = "D" + user_id.lstrip("UW")[:10].upper().ljust(8, "0")
        return self._dm[user_id]

    def _resolve_channel(self, params: dict[str, Any], *, for_post: bool = True) -> str:
        channel = params.get("channel")
        if not channel or not isinstance(channel, str):
            raise SlackError("channel_not_found")
        if channel[0] in "UW":  # posting to a user id goes to the app's DM with them
            return self._dm_for(channel)
        info = self._channel(channel)
        if info.get("is_archived"):
            raise SlackError("is_archived")
        if for_post and not info.get("is_member", True):
            raise SlackError("channel_not_found" if info.get("is_private") else "not_in_channel")
        return channel

    def _check_trigger(self, params: dict[str, Any]) -> None:
        trigger = params.get("trigger_id")
        if not trigger and not params.get("interactivity_pointer"):
            raise SlackError(
                "invalid_arguments",
                response_metadata={"messages": ["[ERROR] missing required field: trigger_id"]},
            )
        if trigger in self._expired_triggers:
            raise SlackError("expired_trigger_id")
        issued = self._triggers.get(trigger or "")
        if issued is not None and time.monotonic() - issued > self.trigger_ttl:
            raise SlackError("expired_trigger_id")

    def _message_text(self, params: dict[str, Any]) -> None:
        if not params.get("text") and not params.get("blocks") and not params.get("attachments"):
            raise SlackError("no_text")

    # ---- methods: each returns the answer body or raises SlackError --------------------------

    def _m_auth_test(self, params: dict, call: Call) -> dict:
        body = canned("auth.test.bot.ok")
        body.update(team_id=self._team_of(call), user_id=self.bot_user_id, bot_id=self.bot_id)
        return body

    def _m_chat_postMessage(self, params: dict, call: Call) -> dict:
        self._check_blocks(call.method, lambda c: c.message(params))
        self._message_text(params)
        channel = self._resolve_channel(params)
        ts = self._new_ts()
        message = {
            "type": "message", "subtype": "bot_message", "ts": ts, "channel": channel,
            "text": params.get("text", ""), "bot_id": self.bot_id, "user": self.bot_user_id,
            "team": self._team_of(call),
        }
        for key in ("blocks", "attachments", "thread_ts", "metadata", "reply_broadcast"):
            if params.get(key) is not None:
                message[key] = params[key]
        self.messages.setdefault(channel, []).append(message)
        answer = {k: v for k, v in message.items() if k not in ("channel", "team")}
        return {"ok": True, "channel": channel, "ts": ts, "message": answer}

    def _m_chat_update(self, params: dict, call: Call) -> dict:
        self._check_blocks(call.method, lambda c: c.message(params))
        channel = params.get("channel")
        if not channel:
            raise SlackError("channel_not_found")
        channel = self._dm_for(channel) if channel[0] in "UW" else channel
        for message in self.messages.get(channel, []):
            if message["ts"] == params.get("ts"):
                break
        else:
            raise SlackError("message_not_found")
        for key in ("text", "blocks", "attachments", "metadata"):
            if key in params:
                message[key] = params[key]
        message["edited"] = {"user": self.bot_user_id, "ts": self._new_ts()}
        return {
            "ok": True, "channel": channel, "ts": message["ts"], "text": message.get("text", ""),
            "message": {k: v for k, v in message.items() if k not in ("channel", "team")},
        }

    def _m_chat_postEphemeral(self, params: dict, call: Call) -> dict:
        self._check_blocks(call.method, lambda c: c.message(params))
        self._message_text(params)
        if not params.get("user"):
            raise SlackError("user_not_found")
        channel = self._resolve_channel(params)
        ts = self._new_ts()
        self.ephemerals.append({**params, "channel": channel, "message_ts": ts})
        return {"ok": True, "message_ts": ts}

    def _m_chat_delete(self, params: dict, call: Call) -> dict:
        channel = params.get("channel") or ""
        messages = self.messages.get(channel, [])
        for i, message in enumerate(messages):
            if message["ts"] == params.get("ts"):
                del messages[i]
                return {"ok": True, "channel": channel, "ts": message["ts"]}
        raise SlackError("message_not_found")

    def _new_view(self, view: dict, call: Call, *, root: str | None = None) -> dict:
        view_id = "V" + "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
                                for _ in range(10))
        stored = {
            "id": view_id, "team_id": self._team_of(call), "app_id": "AFAKEAPP1",
            "bot_id": self.bot_id, "external_id": "", "private_metadata": "", "callback_id": "",
            "state": {"values": {}}, "hash": self._new_hash(), "clear_on_close": False,
            "notify_on_close": False, "close": None, "submit": None, "title": None,
            "previous_view_id": None, "root_view_id": root or view_id, **view,
        }
        stored["id"] = view_id
        self.views[view_id] = stored
        return stored

    @staticmethod
    def _new_hash() -> str:
        return f"{int(time.time())}.{secrets.token_hex(4)}"

    def _view_param(self, params: dict, call: Call) -> dict:
        view = params.get("view")
        self._check_blocks(call.method, lambda c: c.view(view))
        assert isinstance(view, dict)
        return view

    def _m_views_open(self, params: dict, call: Call) -> dict:
        self._check_trigger(params)
        view = self._view_param(params, call)
        if view.get("type") != "modal":
            raise SlackError("invalid_arguments", response_metadata={
                "messages": ["[ERROR] views.open needs a modal view [json-pointer:/view/type]"]})
        return {"ok": True, "view": self._new_view(view, call)}

    def _m_views_push(self, params: dict, call: Call) -> dict:
        self._check_trigger(params)
        view = self._view_param(params, call)
        return {"ok": True, "view": self._new_view(view, call)}

    def _m_views_update(self, params: dict, call: Call) -> dict:
        view = self._view_param(params, call)
        view_id = params.get("view_id")
        if not view_id and params.get("external_id"):
            view_id = next((v["id"] for v in self.views.values()
                            if v.get("external_id") == params["external_id"]), None)
        current = self.views.get(view_id or "")
        if current is None:
            raise SlackError("not_found")
        if params.get("hash") and params["hash"] != current["hash"]:
            raise SlackError("hash_conflict")
        current.update(view)
        current["hash"] = self._new_hash()
        return {"ok": True, "view": dict(current)}

    def _m_views_publish(self, params: dict, call: Call) -> dict:
        user_id = params.get("user_id")
        if not user_id:
            raise SlackError("invalid_arguments", response_metadata={
                "messages": ["invalid `user_id`"]})
        view = self._view_param(params, call)
        if view.get("type") != "home":
            raise SlackError("invalid_arguments", response_metadata={
                "messages": ["[ERROR] views.publish needs a home view [json-pointer:/view/type]"]})
        current = self.home_views.get(user_id)
        if current and params.get("hash") and params["hash"] != current["hash"]:
            raise SlackError("hash_conflict")
        stored = self._new_view(view, call)
        self.home_views[user_id] = stored
        return {"ok": True, "view": stored}

    def _user(self, user_id: str | None) -> dict[str, Any]:
        if not user_id:
            raise SlackError("user_not_found")
        if user_id not in self.users:
            if self.strict_users:
                raise SlackError("user_not_found")
            return self._default_user(user_id)
        return self.users[user_id]

    def _m_users_info(self, params: dict, call: Call) -> dict:
        return {"ok": True, "user": self._user(params.get("user"))}

    def _m_users_lookupByEmail(self, params: dict, call: Call) -> dict:
        email = (params.get("email") or "").lower()
        for user in self.users.values():
            if user["profile"].get("email", "").lower() == email:
                return {"ok": True, "user": user}
        raise SlackError("users_not_found")

    def _m_conversations_open(self, params: dict, call: Call) -> dict:
        if params.get("channel"):
            return {"ok": True, "channel": {"id": params["channel"]}}
        users = [u for u in str(params.get("users") or "").split(",") if u]
        if not users:
            raise SlackError("users_list_not_supplied")
        if len(users) > 1:
            channel_id = "G" + secrets.token_hex(4).upper()
        else:
            self._user(users[0])
            channel_id = self._dm_for(users[0])
        body: dict[str, Any] = {"ok": True, "channel": {"id": channel_id}}
        if str(params.get("return_im")).lower() in ("true", "1"):
            body["channel"] = self._channel(channel_id)
        return body

    def _m_conversations_join(self, params: dict, call: Call) -> dict:
        channel_id = params.get("channel")
        if not channel_id:
            raise SlackError("channel_not_found")
        channel = self._channel(channel_id)
        if channel.get("is_archived"):
            raise SlackError("is_archived")
        if channel.get("is_private"):
            raise SlackError("method_not_supported_for_channel_type")
        channel["is_member"] = True
        self.channels[channel_id] = channel
        return {"ok": True, "channel": dict(channel)}

    def _m_conversations_info(self, params: dict, call: Call) -> dict:
        channel_id = params.get("channel")
        if not channel_id:
            raise SlackError("channel_not_found")
        return {"ok": True, "channel": dict(self._channel(channel_id))}

    def _m_oauth_v2_access(self, params: dict, call: Call) -> dict:
        basic = call.headers.get("authorization", "")
        client_id = params.get("client_id")
        if basic.lower().startswith("basic "):
            client_id = base64.b64decode(basic[6:]).decode().split(":", 1)[0]
        if not client_id:
            raise SlackError("invalid_client_id")
        if not params.get("code") and not params.get("refresh_token"):
            raise SlackError("invalid_code")
        name = "oauth.v2.access.refresh_token.ok" if params.get("refresh_token") else (
            "oauth.v2.access.install.ok")
        body = canned(name)
        self.tokens[body["access_token"]] = body["team"]["id"]
        return body


class _Handler(BaseHTTPRequestHandler):
    owner: FakeSlack
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def _read_params(self) -> tuple[dict[str, Any], Any]:
        url = urlsplit(self.path)
        params: dict[str, Any] = dict(parse_qsl(url.query, keep_blank_values=True))
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body: Any = None
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if raw:
            if ctype == "application/json":
                body = json.loads(raw)
                if isinstance(body, dict):
                    params.update(body)
            else:
                params.update(parse_qsl(raw.decode(), keep_blank_values=True))
        for name in _JSON_FIELDS:
            if isinstance(params.get(name), str):
                # an undecodable string stays a string: the Block Kit check reports it
                with contextlib.suppress(ValueError):
                    params[name] = json.loads(params[name])
        return params, body

    def _serve(self, http_method: str) -> None:
        path = urlsplit(self.path).path
        headers = Headers(self.headers.items())
        try:
            params, body = self._read_params()
        except ValueError:
            self._send(400, {"ok": False, "error": "invalid_json"}, {})
            return
        if path.startswith("/response/"):
            sink = path[len("/response/"):]
            post = ResponseUrlPost(sink, body if body is not None else params, headers,
                                   time.time())
            status, answer = self.owner.handle_response_url(sink, post)
            self._send(status, answer, {})
            return
        if not path.startswith("/api/"):
            self._send(404, {"ok": False, "error": "not_found"}, {})
            return
        method = path[len("/api/"):]
        token: str | None = None
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            token = auth[7:].strip() or None
        token = token or params.pop("token", None)
        call = Call(method, params, headers, time.time(), http_method, token)
        status, answer, extra_headers = self.owner.handle_api(method, call)
        self._send(status, answer, extra_headers)

    def _send(self, status: int, body: Any, headers: dict[str, str]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)
