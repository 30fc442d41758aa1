"""Your day's Block Kit: snapshots of the agenda, the reminder and the Home settings, each also
through the fake Slack's Block Kit checks; Join only for http(s) links; typed text escaped.

Regenerate after a deliberate change: ``UPDATE_SNAPSHOTS=1 pytest tests/test_blockkit_day.py``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from blockkit import day as bd
from blockkit import home, ids
from tests.fakes.slack import check_message, check_view
from tests.test_blockkit_snapshots import (
    ACCEPTED,
    CROWDED,
    HOSTILE,
    NOW,
    PENDING,
    UPDATE,
    at,
    booking,
    check_snapshot,
    render,
)

SNAPSHOTS = Path(__file__).parent / "snapshots" / "day"
DAY = date(2026, 3, 10)
LINKED = booking("bk_linked_00012", start=at(10, 9), title="Design review",
                 meeting_url="https://app.cal.com/video/abc")
PHONE = booking("bk_phone_000013", start=at(10, 11), location="+1 555 0100")
SETTINGS = {"agenda_at": "08:30", "remind_min": 10, "default_at": "08:30",
            "channels": [("C2147483705", "cancelled, created"), ("D0DM00001", "cancelled")]}

CASES: dict[str, tuple[str, Any]] = {
    "agenda": ("message", lambda: bd.agenda(DAY, [LINKED, PHONE, ACCEPTED, CROWDED], [PENDING],
                                            daily=True)),
    "agenda.empty": ("message", lambda: bd.agenda(DAY, [], [])),
    "agenda.hostile": ("message", lambda: bd.agenda(DAY, [HOSTILE], [])),
    "reminder": ("message", lambda: bd.reminder(LINKED, 10)),
    "reminder.no_link": ("message", lambda: bd.reminder(PHONE, 1)),
    "home.day": ("view", lambda: bd.with_day(
        home.home(connected=True, email="alice@example.com", pending=[PENDING],
                  upcoming=[ACCEPTED], now=NOW),
        bd.today_section([LINKED], DAY), bd.settings_section(**SETTINGS))),
    "home.day.off": ("view", lambda: bd.with_day(
        home.home(connected=True, email="alice@example.com", pending=[], upcoming=[], now=NOW),
        bd.today_section(None, DAY), bd.settings_section(agenda_at=None, remind_min=None,
                                                          channels=[], default_at="08:30"))),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_day_builder_matches_snapshot_and_passes_block_kit_checks(name: str) -> None:
    kind, build = CASES[name]
    out = build()
    problems = check_view(out) if kind == "view" else check_message(out)
    assert problems == []
    check_snapshot(SNAPSHOTS / f"{name}.json", render(out), update=UPDATE)


def test_every_day_snapshot_has_a_case() -> None:
    stale = sorted(p.stem for p in SNAPSHOTS.glob("*.json") if p.stem not in CASES)
    assert stale == []


@pytest.mark.parametrize("where, link", [
    ("https://meet.example.com/x", "https://meet.example.com/x"),
    ("http://meet.example.com/x", "http://meet.example.com/x"),
    ("javascript:alert(1)", None), ("tel:+15550100", None), ("+1 555 0100", None),
    ("integrations:daily", None), ("https://", None), ("ftp://files.example.com", None),
    ("https://evil.example.com/a b", None), ("10 Downing Street, London", None),
])
def test_join_only_for_an_http_link(where: str, link: str | None) -> None:
    shown = booking("bk_where_000014", location=where)
    assert bd.meeting_link(shown) == link
    row = bd.booking_buttons(shown)
    urls = [e.get("url") for e in (row or {}).get("elements", []) if e.get("url")]
    assert urls == ([link] if link else [])


def test_typed_text_cannot_ping_or_link() -> None:
    message = bd.agenda(DAY, [HOSTILE], [])
    mrkdwn = [message["text"]] + [b["text"]["text"] for b in message["blocks"] if "text" in b]
    out = json.dumps(mrkdwn)
    assert "<@U123>" not in out and "<!channel>" not in out and "&lt;@U123&gt;" in out
    text = bd.reminder(HOSTILE, 10)["text"]
    assert "<!channel>" not in text and "Jane &lt;Doe&gt;" in text


def test_every_booking_button_is_labelled_and_ids_are_unique() -> None:
    message = bd.agenda(DAY, [LINKED, PHONE, ACCEPTED], [PENDING])
    elements = [e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert all(e.get("accessibility_label") for e in elements)
    assert len({e["action_id"] for e in elements}) == len(elements)
    assert {e["action_id"].split(":")[0] for e in elements} == {ids.JOIN, ids.DETAILS}
