"""Reading what people typed from a submitted (or updated) Slack view."""

from __future__ import annotations

from typing import Any


def value_of(view: dict[str, Any], block_id: str) -> str | None:
    """The value of an input block (text, select or date) in a submitted view."""
    state = ((view.get("state") or {}).get("values") or {}).get(block_id) or {}
    if not isinstance(state, dict):
        return None
    element: Any = state.get(block_id) or next(iter(state.values()), {})
    if not isinstance(element, dict) or not element:
        return None
    option = element.get("selected_option")
    if isinstance(option, dict) and option.get("value"):
        return str(option["value"])
    for key in ("value", "selected_date", "selected_time"):
        if element.get(key):
            return str(element[key]).strip() or None
    return None
