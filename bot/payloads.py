"""Reading who is acting from a Bolt request, and carrying state through private_metadata."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import BoltContext


def actor(context: BoltContext, body: dict[str, Any]) -> tuple[str, str]:
    """(workspace id, user id). Org-wide installs have no team: the enterprise id keys them."""
    team = context.team_id or context.enterprise_id or body.get("team_id") or ""
    user = context.user_id or (body.get("user") or {}).get("id") or body.get("user_id") or ""
    return str(team), str(user)


def metadata(**values: Any) -> str:
    """Only ids, texts the user typed and response URLs: never keys or secrets."""
    return json.dumps({k: v for k, v in values.items() if v is not None}, separators=(",", ":"))


def read_metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def value_of(view: dict[str, Any], block_id: str) -> str | None:
    """The value of an input block (text, select or date) in a submitted view."""
    state = ((view.get("state") or {}).get("values") or {}).get(block_id) or {}
    element: dict[str, Any] = state.get(block_id) or next(iter(state.values()), {})
    if not element:
        return None
    if element.get("selected_option"):
        return element["selected_option"].get("value")
    for key in ("value", "selected_date", "selected_time"):
        if element.get(key):
            return str(element[key]).strip() or None
    return None
