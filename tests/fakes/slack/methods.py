"""What each Web API method of the fake Slack does: ``_m_<method>(params, call)`` returns the
answer body or raises :class:`SlackError`, acting on the caller's workspace only.

The answers are shaped like ``tests/data/slack/web-api-responses/*.json``. A subclass adds a
method by defining ``_m_<name>`` (``apps.connections.open`` → ``_m_apps_connections_open``).
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from tests.fakes.slack.blockkit import Violation, check_message, check_view, error_answer
from tests.fakes.slack.canned import canned
from tests.fakes.slack.records import Call, SlackError
from tests.fakes.slack.workspace import Workspace, with_time_zone

_VIEW_ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


class WebApiMethods:
    """The methods, and the checks they share (Block Kit, trigger ids, message ts)."""

    clock: Callable[[], datetime]
    trigger_ttl: float
    tokens: dict[str, str]  # token -> team id
    violations: list[Violation]
    _workspaces: dict[str, Workspace]
    _triggers: dict[str, tuple[str, float]]  # trigger -> (team id, time.monotonic() issued)
    _used_triggers: set[str]
    _expired_triggers: set[str]
    _last_ts: float
    _lock: threading.RLock

    # ---- shared checks -------------------------------------------------------------------

    def workspace_of(self, call: Call) -> Workspace:
        """The workspace whose token made the call (authentication already passed)."""
        return self._workspaces[self.tokens[call.token or ""]]

    def _refuse(self, problems: list[Violation]) -> None:
        if problems:
            self.violations.extend(problems)
            answer = error_answer(problems)
            raise SlackError(answer.pop("error"), **{k: v for k, v in answer.items()
                                                     if k != "ok"})

    def _message_checked(self, params: dict[str, Any], call: Call) -> None:
        self._refuse(check_message(params, call.method))

    def _view_checked(self, params: dict[str, Any], call: Call) -> dict[str, Any]:
        view = params.get("view")
        self._refuse(check_view(view, call.method))
        assert isinstance(view, dict)
        return view

    def _trigger_checked(self, params: dict[str, Any], call: Call) -> str:
        """The call's trigger_id, if this workspace was given it, unused, under 3 s ago."""
        trigger = params.get("trigger_id")
        if not trigger:
            raise SlackError("invalid_arguments", response_metadata={
                "messages": ["[ERROR] missing required field: trigger_id"]})
        issued = self._triggers.get(trigger)
        if issued is None or issued[0] != self.workspace_of(call).team_id:
            raise SlackError("invalid_trigger_id")
        if trigger in self._used_triggers:
            raise SlackError("exchanged_trigger_id")
        if trigger in self._expired_triggers or time.monotonic() - issued[1] > self.trigger_ttl:
            raise SlackError("expired_trigger_id")
        return str(trigger)

    def _no_text(self, params: dict[str, Any]) -> None:
        if not params.get("text") and not params.get("blocks") and not params.get("attachments"):
            raise SlackError("no_text")

    def _new_ts(self) -> str:
        """A message ts from the fake's clock, always later than the last one."""
        now = round(self.clock().timestamp(), 6)
        self._last_ts = max(now, round(self._last_ts + 0.000001, 6))
        return f"{self._last_ts:.6f}"

    def _new_hash(self) -> str:
        return f"{int(self.clock().timestamp())}.{secrets.token_hex(4)}"

    # ---- auth and OAuth ------------------------------------------------------------------

    def _m_auth_test(self, params: dict, call: Call) -> dict:
        ws = self.workspace_of(call)
        body = canned("auth.test.bot.ok")
        body.update(team_id=ws.team_id, user_id=ws.bot_user_id, bot_id=ws.bot_id)
        return body

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
        team_id = body["team"]["id"]
        ws = self._workspaces.get(team_id)
        if ws is None:
            ws = self._workspaces[team_id] = Workspace(
                team_id, body["access_token"], body["bot_user_id"], "B" + team_id[1:])
        ws.bot_token = body["access_token"]
        self.tokens[body["access_token"]] = team_id
        return body

    # ---- chat ----------------------------------------------------------------------------

    def _m_chat_postMessage(self, params: dict, call: Call) -> dict:
        self._message_checked(params, call)
        self._no_text(params)
        ws = self.workspace_of(call)
        channel = ws.postable(params.get("channel"))
        ts = self._new_ts()
        message = {
            "type": "message", "subtype": "bot_message", "ts": ts, "channel": channel,
            "text": params.get("text", ""), "bot_id": ws.bot_id, "user": ws.bot_user_id,
            "team": ws.team_id,
        }
        for key in ("blocks", "attachments", "thread_ts", "metadata", "reply_broadcast"):
            if params.get(key) is not None:
                message[key] = params[key]
        ws.messages.setdefault(channel, []).append(message)
        answer = {k: v for k, v in message.items() if k not in ("channel", "team")}
        return {"ok": True, "channel": channel, "ts": ts, "message": answer}

    def _m_chat_update(self, params: dict, call: Call) -> dict:
        self._message_checked(params, call)
        ws = self.workspace_of(call)
        channel = ws.target(params.get("channel"))
        message = ws.posted(channel, params.get("ts"))
        for key in ("text", "blocks", "attachments", "metadata"):
            if key in params:
                message[key] = params[key]
        message["edited"] = {"user": ws.bot_user_id, "ts": self._new_ts()}
        return {
            "ok": True, "channel": channel, "ts": message["ts"], "text": message.get("text", ""),
            "message": {k: v for k, v in message.items() if k not in ("channel", "team")},
        }

    def _m_chat_postEphemeral(self, params: dict, call: Call) -> dict:
        self._message_checked(params, call)
        self._no_text(params)
        ws = self.workspace_of(call)
        ws.user(params.get("user"))
        channel = ws.postable(params.get("channel"))
        ts = self._new_ts()
        ws.ephemerals.append({**params, "channel": channel, "message_ts": ts})
        return {"ok": True, "message_ts": ts}

    def _m_chat_delete(self, params: dict, call: Call) -> dict:
        ws = self.workspace_of(call)
        channel = ws.target(params.get("channel"))
        message = ws.posted(channel, params.get("ts"))
        ws.messages[channel].remove(message)
        return {"ok": True, "channel": channel, "ts": message["ts"]}

    def _m_chat_unfurl(self, params: dict, call: Call) -> dict:
        """Unfurls for links in a message: by channel + ts, or by unfurl_id + source (Slack's
        two ways); each unfurl is blocks (checked like a message) or an attachment."""
        ws = self.workspace_of(call)
        if params.get("unfurl_id") or params.get("source"):
            if not params.get("unfurl_id") or params.get("source") not in (
                    "composer", "conversations_history"):
                raise SlackError("invalid_arguments")
        else:
            if not params.get("channel") or not params.get("ts"):
                raise SlackError("invalid_arguments", response_metadata={
                    "messages": ["[ERROR] missing required field: channel or ts"]})
            ws.channel(params["channel"])
        unfurls = params.get("unfurls")
        if isinstance(unfurls, str):
            try:
                unfurls = json.loads(unfurls)
            except ValueError:
                raise SlackError("invalid_json") from None
        if not unfurls:
            raise SlackError("missing_unfurls")
        if not isinstance(unfurls, dict):
            raise SlackError("json_not_object")
        for url, unfurl in unfurls.items():
            if not isinstance(url, str) or not isinstance(unfurl, dict):
                raise SlackError("cannot_unfurl_url")
            if "blocks" in unfurl:
                self._refuse(check_message({"blocks": unfurl["blocks"]}, call.method))
            elif not (unfurl.get("text") or unfurl.get("title") or unfurl.get("fallback")):
                raise SlackError("cannot_unfurl_url")
        ws.unfurls.append({**params, "unfurls": unfurls})
        return {"ok": True}

    # ---- views ---------------------------------------------------------------------------

    def _new_view(self, view: dict, ws: Workspace) -> dict:
        view_id = "V" + "".join(secrets.choice(_VIEW_ID_ALPHABET) for _ in range(10))
        stored = {
            "id": view_id, "team_id": ws.team_id, "app_id": "AFAKEAPP1",
            "bot_id": ws.bot_id, "external_id": "", "private_metadata": "", "callback_id": "",
            "state": {"values": {}}, "hash": self._new_hash(), "clear_on_close": False,
            "notify_on_close": False, "close": None, "submit": None, "title": None,
            "previous_view_id": None, "root_view_id": view_id, **view,
        }
        stored["id"] = view_id
        ws.views[view_id] = stored
        return stored

    def _opened(self, params: dict, call: Call, *, modal_only: bool) -> dict:
        trigger = self._trigger_checked(params, call)
        view = self._view_checked(params, call)
        if modal_only and view.get("type") != "modal":
            raise SlackError("invalid_arguments", response_metadata={
                "messages": [f"[ERROR] {call.method} needs a modal view "
                             "[json-pointer:/view/type]"]})
        self._used_triggers.add(trigger)
        return {"ok": True, "view": self._new_view(view, self.workspace_of(call))}

    def _m_views_open(self, params: dict, call: Call) -> dict:
        return self._opened(params, call, modal_only=True)

    def _m_views_push(self, params: dict, call: Call) -> dict:
        return self._opened(params, call, modal_only=True)

    def _m_views_update(self, params: dict, call: Call) -> dict:
        view = self._view_checked(params, call)
        ws = self.workspace_of(call)
        view_id = params.get("view_id")
        if not view_id and params.get("external_id"):
            view_id = next((v["id"] for v in ws.views.values()
                            if v.get("external_id") == params["external_id"]), None)
        current = ws.views.get(view_id or "")
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
        view = self._view_checked(params, call)
        if view.get("type") != "home":
            raise SlackError("invalid_arguments", response_metadata={
                "messages": ["[ERROR] views.publish needs a home view [json-pointer:/view/type]"]})
        ws = self.workspace_of(call)
        current = ws.home_views.get(user_id)
        if current and params.get("hash") and params["hash"] != current["hash"]:
            raise SlackError("hash_conflict")
        stored = self._new_view(view, ws)
        ws.home_views[user_id] = stored
        return {"ok": True, "view": stored}

    # ---- users ---------------------------------------------------------------------------

    def _m_users_info(self, params: dict, call: Call) -> dict:
        user = with_time_zone(self.workspace_of(call).user(params.get("user")), self.clock())
        # Like Slack: the locale only when asked for (include_locale=true), then always.
        if str(params.get("include_locale", "")).lower() in ("true", "1"):
            user.setdefault("locale", "en-US")
        else:
            user.pop("locale", None)
        return {"ok": True, "user": user}

    def _m_users_lookupByEmail(self, params: dict, call: Call) -> dict:
        email = (params.get("email") or "").lower()
        for user in self.workspace_of(call).users.values():
            if user["profile"].get("email", "").lower() == email:
                return {"ok": True, "user": with_time_zone(user, self.clock())}
        raise SlackError("users_not_found")

    # ---- conversations -------------------------------------------------------------------

    def _m_conversations_open(self, params: dict, call: Call) -> dict:
        ws = self.workspace_of(call)
        if params.get("channel"):
            return {"ok": True, "channel": {"id": ws.channel(params["channel"])["id"]}}
        users = [u for u in str(params.get("users") or "").split(",") if u]
        if not users:
            raise SlackError("users_list_not_supplied")
        for user in users:
            ws.user(user)
        if len(users) > 1:
            channel_id = "G" + secrets.token_hex(4).upper()
            ws.channels[channel_id] = ws.new_channel(channel_id)
        else:
            channel_id = ws.dm_with(users[0])
        body: dict[str, Any] = {"ok": True, "channel": {"id": channel_id}}
        if str(params.get("return_im")).lower() in ("true", "1"):
            body["channel"] = dict(ws.channels[channel_id])
        return body

    def _m_conversations_join(self, params: dict, call: Call) -> dict:
        ws = self.workspace_of(call)
        channel = ws.known(params.get("channel"))
        if channel.get("is_archived"):
            raise SlackError("is_archived")
        if channel.get("is_private"):
            raise SlackError("method_not_supported_for_channel_type")
        channel["is_member"] = True
        return {"ok": True, "channel": dict(channel)}

    def _history(self, params: dict, call: Call, keep: Any) -> dict:
        ws = self.workspace_of(call)
        channel = ws.known(params.get("channel"))["id"]
        oldest = float(params.get("oldest") or 0)
        with_metadata = str(params.get("include_all_metadata")).lower() in ("true", "1")
        found = [m for m in ws.messages.get(channel, [])
                 if float(m["ts"]) > oldest and keep(m)]
        found.sort(key=lambda m: float(m["ts"]), reverse=True)  # newest first, as Slack
        limit = int(params.get("limit") or 100)
        shown = [{k: v for k, v in m.items()
                  if k not in ("channel", "team") and (with_metadata or k != "metadata")}
                 for m in found[:limit]]
        return {"ok": True, "messages": shown, "has_more": len(found) > limit}

    def _m_conversations_history(self, params: dict, call: Call) -> dict:
        """Top-level messages of a channel, newest first; metadata with include_all_metadata."""
        return self._history(params, call,
                             lambda m: m.get("thread_ts") in (None, m["ts"]))

    def _m_conversations_replies(self, params: dict, call: Call) -> dict:
        """A thread: its parent and replies (``ts`` is the parent's)."""
        ts = str(params.get("ts") or "")
        if not ts:
            raise SlackError("thread_not_found")
        answer = self._history(params, call,
                               lambda m: m["ts"] == ts or m.get("thread_ts") == ts)
        answer["messages"].reverse()  # oldest first, as Slack
        return answer

    def _m_conversations_info(self, params: dict, call: Call) -> dict:
        return {"ok": True, "channel": dict(self.workspace_of(call).channel(params.get("channel")))}
