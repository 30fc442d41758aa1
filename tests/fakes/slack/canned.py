"""Slack's own answers, kept in ``tests/data/slack/web-api-responses/``: the fake answers with
these shapes (a fresh copy each time, so callers may change what they get)."""

from __future__ import annotations

import json
from typing import Any

from tests.data import data_path

CANNED_DIR = data_path("slack", "web-api-responses")


def canned(name: str) -> dict[str, Any]:
    """A canned answer by file stem, e.g. ``canned("chat.postMessage.ok")``."""
    data = json.loads((CANNED_DIR / f"{name}.json").read_text())
    assert isinstance(data, dict)
    return data


def canned_error(method: str, error: str) -> dict[str, Any]:
    """The documented answer of ``method`` failing with ``error``: the canned file that matches
    best (``<method>.<error>``, ``<error>``, ``<method>.error``), else the bare shape."""
    for name in (f"{method}.{error}", error, f"{method}.error"):
        path = CANNED_DIR / f"{name}.json"
        if path.exists():
            answer = canned(name)
            if answer.get("error") == error:
                return {k: v for k, v in answer.items() if not k.startswith("_")}
    return {"ok": False, "error": error}
