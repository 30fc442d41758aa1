"""Slack's Block Kit rules, checked as Slack checks them (https://docs.slack.dev/reference/block-kit).

:func:`check_message` and :func:`check_view` return the problems of a payload as
:class:`Violation` s, each with the JSON pointer Slack names and the error code Slack answers:

* messages: ``msg_too_long`` (top-level text), ``invalid_blocks_format`` (blocks that are not a
  JSON array), ``invalid_blocks`` (a block breaks a rule), ``msg_blocks_too_long`` (the blocks'
  text adds up past what Slack takes in one message);
* views (``views.open`` / ``push`` / ``update`` / ``publish``): ``invalid_arguments``, with the
  pointer under ``/view``.

Every element type calbot may use has its own rules (:data:`ELEMENT_RULES`); an element type
Slack does not allow where it stands is a problem too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40_000
# Undocumented, observed: Slack answers msg_blocks_too_long once the blocks' text passes about
# 13,200 characters in one message (slackapi/bolt-js#2509).
MAX_MESSAGE_BLOCKS_TEXT = 13_200
MAX_SECTION_TEXT = 3000
MAX_FIELD_TEXT = 2000
MAX_FIELDS = 10
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_URL = 3000
MAX_ID = 255  # action_id, block_id, callback_id, external_id
MAX_ACCESSIBILITY_LABEL = 75
MAX_ACTIONS_ELEMENTS = 25
MAX_CONTEXT_ELEMENTS = 10
MAX_OPTIONS = 100
MAX_OPTION_GROUPS = 100
MAX_CHOICES = 10  # checkboxes and radio buttons
MAX_OVERFLOW_OPTIONS = 5
MIN_OVERFLOW_OPTIONS = 1
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
MAX_PLACEHOLDER = 150
MAX_INPUT_LABEL = 2000
MAX_INPUT_LENGTH = 3000
MAX_VIEW_TITLE = 24  # also submit and close
MAX_PRIVATE_METADATA = 3000
MAX_CONFIRM_TITLE = 100
MAX_CONFIRM_TEXT = 300
MAX_CONFIRM_BUTTON = 30
MAX_ALT_TEXT = 2000

SELECTS = frozenset({"static_select", "external_select", "users_select",
                     "multi_users_select"})
CHOICES = frozenset({"checkboxes", "radio_buttons"})
PICKERS = frozenset({"datepicker", "timepicker"})
TEXT_INPUTS = frozenset({"plain_text_input", "email_text_input", "url_text_input",
                         "number_input"})
IN_ACTIONS = frozenset({"button", "overflow"}) | SELECTS | CHOICES | PICKERS
AS_ACCESSORY = IN_ACTIONS | {"image"}
IN_INPUT = SELECTS | CHOICES | PICKERS | TEXT_INPUTS
IN_CONTEXT = frozenset({"image", "plain_text", "mrkdwn"})


@dataclass(frozen=True)
class Violation:
    method: str
    where: str  # JSON pointer, e.g. /blocks/3/text/text
    problem: str
    code: str = "invalid_blocks"  # the error Slack answers with

    def __str__(self) -> str:
        return f"{self.method} {self.where}: {self.problem}"


class _Checker:
    def __init__(self, method: str, code: str) -> None:
        self.method = method
        self.code = code  # invalid_blocks for messages, invalid_arguments for views
        self.problems: list[Violation] = []
        self.action_ids: set[str] = set()
        self.block_ids: set[str] = set()
        self.text_total = 0

    def bad(self, where: str, problem: str, code: str | None = None) -> None:
        self.problems.append(Violation(self.method, where, problem, code or self.code))

    # ---- primitives ---------------------------------------------------------------------

    def string(self, value: Any, where: str, *, max_len: int, required: bool = False) -> None:
        if value is None:
            if required:
                self.bad(where, "is required")
        elif not isinstance(value, str) or not value:
            self.bad(where, "must be a non-empty string")
        elif len(value) > max_len:
            self.bad(where, f"must be at most {max_len} characters (is {len(value)})")

    def unique_id(self, value: Any, where: str, seen: set[str]) -> None:
        self.string(value, where, max_len=MAX_ID)
        if isinstance(value, str) and value:
            if value in seen:
                self.bad(where, f"{value!r} is used twice")
            seen.add(value)

    def text(self, obj: Any, where: str, *, max_len: int, plain: bool = False,
             required: bool = True) -> None:
        if obj is None and not required:
            return
        if not isinstance(obj, dict):
            self.bad(where, "must be a text object")
            return
        kinds = ("plain_text",) if plain else ("plain_text", "mrkdwn")
        kind = obj.get("type")
        if kind not in kinds:
            self.bad(f"{where}/type", f"must be {' or '.join(kinds)}, not {kind!r}")
        if "emoji" in obj and (kind != "plain_text" or not isinstance(obj["emoji"], bool)):
            self.bad(f"{where}/emoji", "is a boolean of plain_text objects only")
        if "verbatim" in obj and (kind != "mrkdwn" or not isinstance(obj["verbatim"], bool)):
            self.bad(f"{where}/verbatim", "is a boolean of mrkdwn objects only")
        text = obj.get("text")
        self.string(text, f"{where}/text", max_len=max_len, required=True)
        if isinstance(text, str):
            self.text_total += len(text)

    def one_of(self, value: Any, where: str, allowed: tuple[Any, ...]) -> None:
        if value is not None and value not in allowed:
            self.bad(where, f"must be one of {', '.join(map(str, allowed))}")

    def boolean(self, element: dict[str, Any], name: str, where: str,
                required: bool = False) -> None:
        value = element.get(name)
        if (value is None and required) or (value is not None and not isinstance(value, bool)):
            self.bad(f"{where}/{name}", "must be a boolean")

    def confirm(self, obj: Any, where: str) -> None:
        if obj is None:
            return
        if not isinstance(obj, dict):
            self.bad(where, "must be a confirmation dialog object")
            return
        self.text(obj.get("title"), f"{where}/title", max_len=MAX_CONFIRM_TITLE, plain=True)
        self.text(obj.get("text"), f"{where}/text", max_len=MAX_CONFIRM_TEXT)
        self.text(obj.get("confirm"), f"{where}/confirm", max_len=MAX_CONFIRM_BUTTON,
                  plain=True)
        self.text(obj.get("deny"), f"{where}/deny", max_len=MAX_CONFIRM_BUTTON, plain=True)
        self.one_of(obj.get("style"), f"{where}/style", ("primary", "danger"))

    def option(self, option: Any, where: str, *, plain: bool, url: bool = False) -> None:
        if not isinstance(option, dict):
            self.bad(where, "must be an option object")
            return
        self.text(option.get("text"), f"{where}/text", max_len=MAX_OPTION_TEXT, plain=plain)
        self.string(option.get("value"), f"{where}/value", max_len=MAX_OPTION_VALUE,
                    required=True)
        self.text(option.get("description"), f"{where}/description", max_len=MAX_OPTION_TEXT,
                  plain=plain, required=False)
        if "url" in option:
            if url:
                self.string(option["url"], f"{where}/url", max_len=MAX_URL)
            else:
                self.bad(f"{where}/url", "only overflow menu options take a url")

    def options(self, options: Any, where: str, *, low: int, high: int, plain: bool = True,
                url: bool = False) -> list[Any]:
        """Checks a list of options; returns it (empty when it is not a list)."""
        if not isinstance(options, list) or not low <= len(options) <= high:
            self.bad(where, f"must be a list of {low} to {high} options")
            return []
        for i, option in enumerate(options):
            self.option(option, f"{where}/{i}", plain=plain, url=url)
        return options

    def initial_options(self, element: dict[str, Any], where: str, offered: list[Any],
                        *, many: bool) -> None:
        name = "initial_options" if many else "initial_option"
        chosen = element.get(name)
        if chosen is None:
            return
        picked = chosen if many else [chosen]
        if not isinstance(picked, list):
            self.bad(f"{where}/{name}", "must be a list of options")
            return
        values = {o.get("value") for o in offered if isinstance(o, dict)}
        for option in picked:
            if not isinstance(option, dict) or option.get("value") not in values:
                self.bad(f"{where}/{name}", "must be one of the element's options")
                return
            if option not in offered:
                self.bad(f"{where}/{name}", "must match an option exactly (text and value)")
                return

    def placeholder(self, element: dict[str, Any], where: str) -> None:
        self.text(element.get("placeholder"), f"{where}/placeholder", max_len=MAX_PLACEHOLDER,
                  plain=True, required=False)

    # ---- elements -----------------------------------------------------------------------

    def element(self, element: Any, where: str, *, allowed: frozenset[str]) -> None:
        if not isinstance(element, dict) or not isinstance(element.get("type"), str):
            self.bad(where, "must be an element object with a type")
            return
        kind = element["type"]
        if kind not in allowed:
            self.bad(f"{where}/type", f"{kind!r} is not allowed here")
            return
        if kind in ("plain_text", "mrkdwn"):
            self.text(element, where, max_len=MAX_SECTION_TEXT)
            return
        if kind != "image":
            self.unique_id(element.get("action_id"), f"{where}/action_id", self.action_ids)
            self.confirm(element.get("confirm"), f"{where}/confirm")
            if kind in SELECTS | CHOICES | PICKERS | TEXT_INPUTS:
                self.boolean(element, "focus_on_load", where)
        ELEMENT_RULES[kind](self, element, where)

    def button(self, e: dict[str, Any], where: str) -> None:
        self.text(e.get("text"), f"{where}/text", max_len=MAX_BUTTON_TEXT, plain=True)
        self.string(e.get("value"), f"{where}/value", max_len=MAX_BUTTON_VALUE)
        self.string(e.get("url"), f"{where}/url", max_len=MAX_URL)
        self.string(e.get("accessibility_label"), f"{where}/accessibility_label",
                    max_len=MAX_ACCESSIBILITY_LABEL)
        self.one_of(e.get("style"), f"{where}/style", ("primary", "danger"))

    def overflow(self, e: dict[str, Any], where: str) -> None:
        self.options(e.get("options"), f"{where}/options", low=MIN_OVERFLOW_OPTIONS,
                     high=MAX_OVERFLOW_OPTIONS, url=True)

    def static_select(self, e: dict[str, Any], where: str) -> None:
        self.placeholder(e, where)
        has_options, has_groups = "options" in e, "option_groups" in e
        if has_options == has_groups:
            self.bad(where, "needs exactly one of options and option_groups")
            return
        offered: list[Any] = []
        if has_options:
            offered = self.options(e["options"], f"{where}/options", low=1, high=MAX_OPTIONS)
        else:
            groups = e["option_groups"]
            if not isinstance(groups, list) or not 1 <= len(groups) <= MAX_OPTION_GROUPS:
                self.bad(f"{where}/option_groups",
                         f"must be a list of 1 to {MAX_OPTION_GROUPS} option groups")
                return
            for i, group in enumerate(groups):
                at = f"{where}/option_groups/{i}"
                if not isinstance(group, dict):
                    self.bad(at, "must be an option group object")
                    continue
                self.text(group.get("label"), f"{at}/label", max_len=MAX_OPTION_TEXT,
                          plain=True)
                offered += self.options(group.get("options"), f"{at}/options", low=1,
                                        high=MAX_OPTIONS)
        self.initial_options(e, where, offered, many=False)

    def external_select(self, e: dict[str, Any], where: str) -> None:
        self.placeholder(e, where)
        if e.get("initial_option") is not None:
            self.option(e["initial_option"], f"{where}/initial_option", plain=True)
        low = e.get("min_query_length")
        if low is not None and (not isinstance(low, int) or isinstance(low, bool) or low < 0):
            self.bad(f"{where}/min_query_length", "must be a whole number, 0 or more")

    def users_select(self, e: dict[str, Any], where: str) -> None:
        self.placeholder(e, where)
        self.user_id(e.get("initial_user"), f"{where}/initial_user")

    def multi_users_select(self, e: dict[str, Any], where: str) -> None:
        self.placeholder(e, where)
        users = e.get("initial_users")
        if users is not None:
            if not isinstance(users, list):
                self.bad(f"{where}/initial_users", "must be a list of user ids")
            else:
                for i, user in enumerate(users):
                    self.user_id(user, f"{where}/initial_users/{i}")
        most = e.get("max_selected_items")
        if most is not None and (not isinstance(most, int) or isinstance(most, bool)
                                 or most < 1):
            self.bad(f"{where}/max_selected_items", "must be a whole number, 1 or more")

    def user_id(self, value: Any, where: str) -> None:
        self.pattern(value, where, r"[UW][A-Z0-9]+", "must be a user id")

    def pattern(self, value: Any, where: str, regex: str, problem: str) -> None:
        """An optional string that must match ``regex`` whole."""
        if value is not None and not (isinstance(value, str) and re.fullmatch(regex, value)):
            self.bad(where, problem)

    def choices(self, e: dict[str, Any], where: str, *, many: bool) -> None:
        offered = self.options(e.get("options"), f"{where}/options", low=1, high=MAX_CHOICES,
                               plain=False)
        self.initial_options(e, where, offered, many=many)

    def checkboxes(self, e: dict[str, Any], where: str) -> None:
        self.choices(e, where, many=True)

    def radio_buttons(self, e: dict[str, Any], where: str) -> None:
        self.choices(e, where, many=False)

    def datepicker(self, e: dict[str, Any], where: str) -> None:
        self.placeholder(e, where)
        self.pattern(e.get("initial_date"), f"{where}/initial_date", r"\d{4}-\d{2}-\d{2}",
                     "must be YYYY-MM-DD")

    def timepicker(self, e: dict[str, Any], where: str) -> None:
        self.placeholder(e, where)
        self.pattern(e.get("initial_time"), f"{where}/initial_time", r"([01]\d|2[0-3]):[0-5]\d",
                     "must be HH:mm (24-hour)")
        zone = e.get("timezone")
        if zone is not None:
            try:
                ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError, TypeError):
                self.bad(f"{where}/timezone", "must be an IANA time zone name")

    def plain_text_input(self, e: dict[str, Any], where: str) -> None:
        self.text_input(e, where)
        self.boolean(e, "multiline", where)
        low, high = e.get("min_length"), e.get("max_length")
        for name, value, floor in (("min_length", low, 0), ("max_length", high, 1)):
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                      or not floor <= value <= MAX_INPUT_LENGTH):
                self.bad(f"{where}/{name}", f"must be a whole number, {floor} to "
                                            f"{MAX_INPUT_LENGTH}")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            self.bad(f"{where}/min_length", "must not be more than max_length")
        config = e.get("dispatch_action_config")
        if config is not None:
            triggers = config.get("trigger_actions_on") if isinstance(config, dict) else None
            if not isinstance(triggers, list) or not triggers or not set(triggers) <= {
                "on_enter_pressed", "on_character_entered"
            }:
                self.bad(f"{where}/dispatch_action_config/trigger_actions_on",
                         "must list on_enter_pressed and/or on_character_entered")

    def text_input(self, e: dict[str, Any], where: str) -> None:
        self.placeholder(e, where)
        value = e.get("initial_value")
        if value is not None and not isinstance(value, str):
            self.bad(f"{where}/initial_value", "must be a string")

    def number_input(self, e: dict[str, Any], where: str) -> None:
        self.text_input(e, where)
        self.boolean(e, "is_decimal_allowed", where, required=True)
        decimal = e.get("is_decimal_allowed") is True
        pattern = r"-?\d+(\.\d+)?" if decimal else r"-?\d+"
        for name in ("initial_value", "min_value", "max_value"):
            self.pattern(e.get(name), f"{where}/{name}", pattern,
                         "must be a number written as a string"
                         + ("" if decimal else ", without decimals"))

    def image(self, e: dict[str, Any], where: str) -> None:
        self.string(e.get("image_url"), f"{where}/image_url", max_len=MAX_URL, required=True)
        self.string(e.get("alt_text"), f"{where}/alt_text", max_len=MAX_ALT_TEXT,
                    required=True)

    # ---- blocks -------------------------------------------------------------------------

    def block(self, block: Any, where: str) -> None:
        if not isinstance(block, dict) or not isinstance(block.get("type"), str):
            self.bad(where, "every block must be an object with a type")
            return
        if "block_id" in block:
            self.unique_id(block["block_id"], f"{where}/block_id", self.block_ids)
        rule = BLOCK_RULES.get(block["type"])
        if rule is None:
            self.bad(f"{where}/type", f"unknown block type {block['type']!r}")
        else:
            rule(self, block, where)

    def section(self, block: dict[str, Any], where: str) -> None:
        if "text" not in block and "fields" not in block:
            self.bad(where, "a section needs text or fields")
        self.text(block.get("text"), f"{where}/text", max_len=MAX_SECTION_TEXT, required=False)
        fields = block.get("fields")
        if fields is not None:
            if not isinstance(fields, list) or not 1 <= len(fields) <= MAX_FIELDS:
                self.bad(f"{where}/fields", f"must be a list of 1 to {MAX_FIELDS} text objects")
            else:
                for i, item in enumerate(fields):
                    self.text(item, f"{where}/fields/{i}", max_len=MAX_FIELD_TEXT)
        if "accessory" in block:
            self.element(block["accessory"], f"{where}/accessory", allowed=AS_ACCESSORY)

    def header(self, block: dict[str, Any], where: str) -> None:
        self.text(block.get("text"), f"{where}/text", max_len=MAX_HEADER_TEXT, plain=True)

    def elements(self, block: dict[str, Any], where: str, *, limit: int,
                 allowed: frozenset[str]) -> None:
        elements = block.get("elements")
        if not isinstance(elements, list) or not 1 <= len(elements) <= limit:
            self.bad(f"{where}/elements", f"must be a list of 1 to {limit} elements")
            return
        for i, element in enumerate(elements):
            self.element(element, f"{where}/elements/{i}", allowed=allowed)

    def actions(self, block: dict[str, Any], where: str) -> None:
        self.elements(block, where, limit=MAX_ACTIONS_ELEMENTS, allowed=IN_ACTIONS)

    def context(self, block: dict[str, Any], where: str) -> None:
        self.elements(block, where, limit=MAX_CONTEXT_ELEMENTS, allowed=IN_CONTEXT)

    def input(self, block: dict[str, Any], where: str) -> None:
        self.text(block.get("label"), f"{where}/label", max_len=MAX_INPUT_LABEL, plain=True)
        self.element(block.get("element"), f"{where}/element", allowed=IN_INPUT)
        self.text(block.get("hint"), f"{where}/hint", max_len=MAX_INPUT_LABEL, plain=True,
                  required=False)
        self.boolean(block, "optional", where)
        self.boolean(block, "dispatch_action", where)

    def divider(self, block: dict[str, Any], where: str) -> None:
        extra = set(block) - {"type", "block_id"}
        if extra:
            self.bad(where, f"a divider takes no {', '.join(sorted(extra))}")

    def image_block(self, block: dict[str, Any], where: str) -> None:
        self.image(block, where)
        self.text(block.get("title"), f"{where}/title", max_len=MAX_ALT_TEXT, plain=True,
                  required=False)

    def blocks(self, blocks: Any, where: str, *, max_blocks: int) -> None:
        if len(blocks) > max_blocks:
            self.bad(where, f"no more than {max_blocks} items allowed")
        for i, block in enumerate(blocks):
            self.block(block, f"{where}/{i}")

    # ---- surfaces -----------------------------------------------------------------------

    def view(self, view: Any, where: str = "/view") -> None:
        if not isinstance(view, dict):
            self.bad(where, "view must be a JSON object")
            return
        kind = view.get("type")
        if kind not in ("modal", "home"):
            self.bad(f"{where}/type", f"must be modal or home, not {kind!r}")
        blocks = view.get("blocks")
        if kind == "modal":
            self.text(view.get("title"), f"{where}/title", max_len=MAX_VIEW_TITLE, plain=True)
            for name in ("submit", "close"):
                self.text(view.get(name), f"{where}/{name}", max_len=MAX_VIEW_TITLE, plain=True,
                          required=False)
            if (isinstance(blocks, list) and view.get("submit") is None
                    and any(isinstance(b, dict) and b.get("type") == "input" for b in blocks)):
                self.bad(f"{where}/submit", "a modal with input blocks needs a submit button")
            for name in ("clear_on_close", "notify_on_close", "submit_disabled"):
                self.boolean(view, name, where)
        self.string(view.get("private_metadata") or None, f"{where}/private_metadata",
                    max_len=MAX_PRIVATE_METADATA)
        for name in ("callback_id", "external_id"):
            self.string(view.get(name) or None, f"{where}/{name}", max_len=MAX_ID)
        if not isinstance(blocks, list):
            self.bad(f"{where}/blocks", "must be a JSON array")
        else:
            self.blocks(blocks, f"{where}/blocks", max_blocks=MAX_VIEW_BLOCKS)

    def message(self, params: dict[str, Any]) -> None:
        text = params.get("text")
        if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
            self.bad("/text", f"must be at most {MAX_MESSAGE_TEXT} characters (is {len(text)})",
                     "msg_too_long")
        blocks = params.get("blocks")
        if blocks is None:
            return
        if not isinstance(blocks, list):
            self.bad("/blocks", "must be a JSON array of blocks", "invalid_blocks_format")
            return
        self.blocks(blocks, "/blocks", max_blocks=MAX_MESSAGE_BLOCKS)
        if not self.problems and self.text_total > MAX_MESSAGE_BLOCKS_TEXT:
            self.bad("/blocks", f"the blocks' text is {self.text_total} characters "
                                f"(at most about {MAX_MESSAGE_BLOCKS_TEXT})",
                     "msg_blocks_too_long")


Rule = Callable[[_Checker, dict[str, Any], str], None]

ELEMENT_RULES: dict[str, Rule] = {
    "button": _Checker.button,
    "overflow": _Checker.overflow,
    "static_select": _Checker.static_select,
    "external_select": _Checker.external_select,
    "users_select": _Checker.users_select,
    "multi_users_select": _Checker.multi_users_select,
    "checkboxes": _Checker.checkboxes,
    "radio_buttons": _Checker.radio_buttons,
    "datepicker": _Checker.datepicker,
    "timepicker": _Checker.timepicker,
    "plain_text_input": _Checker.plain_text_input,
    "email_text_input": _Checker.text_input,
    "url_text_input": _Checker.text_input,
    "number_input": _Checker.number_input,
    "image": _Checker.image,
}

BLOCK_RULES: dict[str, Rule] = {
    "section": _Checker.section,
    "header": _Checker.header,
    "actions": _Checker.actions,
    "context": _Checker.context,
    "input": _Checker.input,
    "divider": _Checker.divider,
    "image": _Checker.image_block,
}


def check_message(params: dict[str, Any], method: str = "chat.postMessage") -> list[Violation]:
    """Block Kit problems of a message payload (usable on its own, e.g. on builder output)."""
    checker = _Checker(method, "invalid_blocks")
    checker.message(params)
    return checker.problems


def check_view(view: Any, method: str = "views.open") -> list[Violation]:
    """Block Kit problems of a modal or home view."""
    checker = _Checker(method, "invalid_arguments")
    checker.view(view)
    return checker.problems


def error_answer(problems: list[Violation]) -> dict[str, Any]:
    """Slack's answer to a payload with these problems: the first problem's code, and every
    problem of that code in ``errors`` and ``response_metadata.messages``."""
    code = problems[0].code
    same = [p for p in problems if p.code == code]
    return {
        "ok": False, "error": code,
        "errors": [f"{p.problem} [json-pointer:{p.where}]" for p in same],
        "response_metadata": {
            "messages": [f"[ERROR] {p.problem} [json-pointer:{p.where}]" for p in same],
        },
    }
