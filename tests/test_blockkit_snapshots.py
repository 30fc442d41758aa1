"""Block Kit snapshots: every public builder, from fixed inputs, against stored JSON.

Each case builds a message or a view from fixed data (no clock, no network) and compares it with
``tests/snapshots/<case>.json``. After a deliberate change to a builder, regenerate and review the
diff::

    UPDATE_SNAPSHOTS=1 pytest tests/test_blockkit_snapshots.py

A missing snapshot fails (it is never written silently). Every output also goes through the fake
Slack's Block Kit checks, and no full Cal.com API key may appear in any of them.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from blockkit import bookings as bk
from blockkit import help, home, ids, modals, notices
from calcom import mask_key
from calcom.models import Attendee, Booking, EventType
from storage import Connection
from tests.details_snapshot_cases import cases as details_cases
from tests.fakes.slack import check_message, check_view

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS", "") not in ("", "0")

NOW = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
ROME = ZoneInfo("Europe/Rome")
LIVE_KEY = "cal_live_0123456789abcdef0123456789abcdef"
TEST_KEY = "cal_test_fedcba9876543210fedcba9876543210"
# The user is around with a connection: no builder output may ever carry the key itself.
CONNECTION = Connection(team_id="T0G9PQBBK", user_id="U2147483697", api_key=LIVE_KEY,
                        api_url=None, time_zone="Europe/Rome", webhook_id=None,
                        webhook_public_id=None, webhook_secret=None, connected_at=0.0)
KEY_LIKE = re.compile(r"cal_(?:live|test)_[A-Za-z0-9_]{6,}")

# User-typed text that mrkdwn must not turn into mentions, links or entities.
HOSTILE_TITLE = "Q&A <@U123> <!channel>"
HOSTILE_NAME = "Jane <Doe> & Co"
HOSTILE_REASON = "Sick & tired <!here> <https://evil.example|click>"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def booking(uid: str, status: str = "accepted", *, start: datetime | None = None,
            title: str = "30 min meeting", attendees: int = 1, minutes: int = 30,
            **extra: Any) -> Booking:
    start = start or at(10, 14)
    people = [Attendee(name=n, email=f"{n.split()[0].lower()}@example.com",
                       time_zone="Europe/Rome")
              for n in ("Jane Doe", "Bob Stone", "Eve Park", "Carl Gray", "Dana Wu",
                        "Finn Holt")[:attendees]]
    return Booking(uid=uid, id=abs(hash(uid)) % 10_000, title=title, status=status,
                   start=start, end=start + timedelta(minutes=minutes), duration=minutes,
                   event_type_id=11, event_type_slug="30min", attendees=people,
                   updated_at=at(9, 8), **extra)


ACCEPTED = booking("bk_accepted_0001")
PENDING = booking("bk_pending_0002", "pending", start=at(11, 9, 30),
                  title="Intro call", attendees=2)
AWAITING_HOST = booking("bk_awaiting_0003", "awaiting_host", start=at(12, 16))
CANCELLED = booking("bk_cancelled_004", "cancelled", start=at(13, 10),
                    cancellation_reason="Conflict")
REJECTED = booking("bk_rejected_0005", "rejected", start=at(13, 11))
PAST = booking("bk_past_00000006", start=at(2, 10))
ENDED_TODAY = booking("bk_ended_0000007", start=at(9, 9))  # over before NOW: no buttons
HOSTILE = Booking(uid="bk_hostile_0008", title=HOSTILE_TITLE, status="accepted",
                  start=at(10, 15), end=at(10, 16),
                  attendees=[Attendee(name=HOSTILE_NAME, email="jane&co@example.com"),
                             Attendee(name="", email="noname@example.com")])
CROWDED = booking("bk_crowded_0009", start=at(16, 13), attendees=6, title="Team sync")
NO_ATTENDEES = booking("bk_alone_000010", start=at(17, 13), attendees=0, title="Focus")
RESCHEDULED = booking("bk_moved_0000011", start=at(12, 10), rescheduled_from_uid=ACCEPTED.uid)
RECURRING = [booking(f"bk_weekly_{i:07d}", start=at(10 + 7 * i, 8), title="Weekly 1:1")
             for i in range(3)]

THIRTY = EventType(id=11, slug="30min", title="30 min meeting", length=30)
INTRO = EventType(id=12, slug="intro", title="Intro call", length=15, requires_confirmation=True)
WEEKLY = EventType(id=13, slug="weekly", title="Weekly 1:1", length=45, recurring=True,
                   recurrence_count=3)
HOSTILE_TYPE = EventType(id=14, slug="qa", title="Q&A <b>deep</b> dive", length=60)
TYPES = [THIRTY, INTRO, WEEKLY, HOSTILE_TYPE]


def slot_starts(count: int) -> list[datetime]:
    first = datetime(2026, 3, 10, 9, 0, tzinfo=ROME)
    return [first + timedelta(minutes=15 * i) for i in range(count)]


def slot_values(starts: list[datetime]) -> list[str]:
    return [f"{THIRTY.id}|{s.strftime('%Y-%m-%d %H:%M')}" for s in starts]


BOOK_META = json.dumps({"c": "C2147483705", "r": "https://hooks.slack.com/commands/T/1/x",
                        "tz": "Europe/Rome"}, separators=(",", ":"))
REASON_META = json.dumps({"u": PENDING.uid, "c": "C2147483705"}, separators=(",", ":"))


def _many(count: int) -> list[Booking]:
    return [booking(f"bk_many_{i:08d}", start=at(10, 8) + timedelta(hours=i))
            for i in range(count)]


# name -> (surface, builder). surface: "message" (chat/response_url) or "view" (modal/home).
Case = tuple[str, Callable[[], Any]]
CASES: dict[str, Case] = {
    # ---- bookings.py ---------------------------------------------------------------------
    "booking_list.upcoming": ("message", lambda: bk.booking_list(
        [ACCEPTED, PENDING, AWAITING_HOST, ENDED_TODAY, HOSTILE, CROWDED, NO_ATTENDEES],
        "upcoming", NOW)),
    "booking_list.upcoming.empty": ("message", lambda: bk.booking_list([], "upcoming", NOW)),
    "booking_list.upcoming.overflow": ("message", lambda: bk.booking_list(
        _many(bk.MAX_LISTED + 2), "upcoming", NOW)),
    "booking_list.unconfirmed": ("message", lambda: bk.booking_list(
        [PENDING, AWAITING_HOST], "unconfirmed", NOW)),
    "booking_list.unconfirmed.empty": ("message", lambda: bk.booking_list(
        [], "unconfirmed", NOW)),
    "booking_list.past": ("message", lambda: bk.booking_list([PAST, ENDED_TODAY], "past", NOW)),
    "booking_list.past.empty": ("message", lambda: bk.booking_list([], "past", NOW)),
    "booking_list.cancelled": ("message", lambda: bk.booking_list(
        [CANCELLED, REJECTED], "cancelled", NOW)),
    "booking_list.cancelled.empty": ("message", lambda: bk.booking_list([], "cancelled", NOW)),
    "pending_list": ("message", lambda: bk.pending_list([PENDING, AWAITING_HOST], NOW)),
    "pending_list.empty": ("message", lambda: bk.pending_list([], NOW)),
    "slots_message": ("message", lambda: bk.slots_message(
        THIRTY, "Tue 10 Mar", slot_starts(7), slot_values(slot_starts(7)))),
    "slots_message.many": ("message", lambda: bk.slots_message(
        THIRTY, "Tue 10 Mar", slot_starts(42), slot_values(slot_starts(42)))),
    "slots_message.empty": ("message", lambda: bk.slots_message(
        HOSTILE_TYPE, "Sat 14 Mar", [], [])),
    "pick_event_type": ("message", lambda: bk.pick_event_type(
        TYPES, ids.SLOTS_EVENT_TYPE, [f"{t.id}|tomorrow" for t in TYPES],
        "Which event type?")),
    "booked.single": ("message", lambda: bk.booked([ACCEPTED])),
    "booked.needs_approval": ("message", lambda: bk.booked([PENDING])),
    "booked.recurring": ("message", lambda: bk.booked(RECURRING)),
    "cancelled": ("message", lambda: bk.cancelled(CANCELLED.uid, CANCELLED, HOSTILE_REASON)),
    "cancelled.unknown_booking": ("message", lambda: bk.cancelled("bk_gone_0000099", None,
                                                                  None)),
    "rescheduled": ("message", lambda: bk.rescheduled(ACCEPTED, RESCHEDULED)),
    # decided() gets the booking Cal.com answered after the decision.
    "decided.confirmed": ("message", lambda: bk.decided(
        PENDING.model_copy(update={"status": "accepted"}), "Confirmed", "U2147483697")),
    "decided.declined": ("message", lambda: bk.decided(
        PENDING.model_copy(update={"status": "rejected"}), "Declined", None, HOSTILE_REASON)),
    # ---- modals.py -----------------------------------------------------------------------
    "modal.loading": ("view", lambda: modals.loading("Book a meeting")),
    "modal.loading.long_title": ("view", lambda: modals.loading(
        "A title much longer than Slack's 24", "Checking the time…")),
    "modal.message": ("view", lambda: modals.message("Cancelled", ":x: Cancelled `bk_1`.")),
    "modal.outcome.booked": ("view", lambda: modals.outcome("Booked", bk.booked([PENDING]))),
    "modal.connect": ("view", lambda: modals.connect()),
    "modal.connect.reconnect": ("view", lambda: modals.connect(
        masked_key=mask_key(CONNECTION.api_key), api_url="https://cal.example.com")),
    "modal.connect.test_key": ("view", lambda: modals.connect(masked_key=mask_key(TEST_KEY))),
    "modal.connect.problem": ("view", lambda: modals.connect(
        problem="Cal.com didn't accept that key <check> & try again.")),
    "modal.connected": ("view", lambda: modals.connected("alice&co@example.com",
                                                         mask_key(CONNECTION.api_key))),
    "modal.book": ("view", lambda: modals.book(TYPES, metadata=BOOK_META)),
    "modal.book.prefilled": ("view", lambda: modals.book(
        TYPES, metadata=BOOK_META, event_type_id=INTRO.id, when="tomorrow 3pm",
        preview="Tue 10 Mar, 15:00 CET", attendee_name=HOSTILE_NAME,
        attendee_email="jane@example.com", guests="bob@example.com, eve@example.com",
        notes="Agenda: <b>budget</b> & plans")),
    "modal.book.problem": ("view", lambda: modals.book(
        TYPES, metadata=BOOK_META, when="someday", problem="I couldn't read <someday>.")),
    "modal.reason.cancel": ("view", lambda: modals.reason(
        ids.CANCEL_VIEW, HOSTILE, HOSTILE.uid, metadata=REASON_META, required=True)),
    "modal.reason.cancel.unknown_booking": ("view", lambda: modals.reason(
        ids.CANCEL_VIEW, None, "bk_gone_0000099", metadata=REASON_META, required=True)),
    "modal.reason.decline": ("view", lambda: modals.reason(
        ids.DECLINE_VIEW, PENDING, PENDING.uid, metadata=REASON_META, required=False)),
    "modal.reschedule": ("view", lambda: modals.reschedule(
        HOSTILE_TITLE, metadata=REASON_META)),
    "modal.reschedule.named": ("view", lambda: modals.reschedule(
        PENDING.title, metadata=REASON_META, current=PENDING.start)),
    "modal.reschedule.problem": ("view", lambda: modals.reschedule(
        "Intro call", metadata=REASON_META, when="yesterday",
        problem="That time is in the past.")),
    "modal.with_preview.book": ("view", lambda: modals.with_preview(
        {**modals.book(TYPES, metadata=BOOK_META, when="fri 10am"), "id": "V123",
         "hash": "1.abc", "state": {"values": {}}, "team_id": "T1"},
        "Fri 13 Mar, 10:00 CET", None, "fri 10am", BOOK_META)),
    "modal.with_preview.problem": ("view", lambda: modals.with_preview(
        modals.reschedule("Intro call", metadata=REASON_META, when="fri 10am"),
        None, "I couldn't read <that> & more.", "garbage", REASON_META)),
    # ---- home.py -------------------------------------------------------------------------
    "help_message": ("message", lambda: help.help_message()),
    "help_message.custom_command": ("message", lambda: help.help_message("/calendar")),
    "home.not_connected": ("view", lambda: home.home(
        connected=False, email=None, pending=[], upcoming=[], now=NOW)),
    "home.connected": ("view", lambda: home.home(
        connected=True, email="alice@example.com", pending=[PENDING, AWAITING_HOST],
        upcoming=[ACCEPTED, ENDED_TODAY, HOSTILE, CROWDED], now=NOW)),
    "home.connected.empty": ("view", lambda: home.home(
        connected=True, email=None, pending=[], upcoming=[], now=NOW)),
    "home.loading": ("view", lambda: home.home(
        connected=True, email=None, pending=[], upcoming=[], now=NOW, loading=True)),
    "home.problem": ("view", lambda: home.home(
        connected=True, email="alice@example.com", pending=[], upcoming=[], now=NOW,
        problem="Cal.com is not answering <right now> & then.")),
    # ---- notices.py ----------------------------------------------------------------------
    "notices.approval_request": ("message", lambda: notices.approval_request(
        PENDING, notes="Please bring <the> slides & notes " + "x" * 700)),
    "notices.approval_request.rescheduled": ("message", lambda: notices.approval_request(
        PENDING, old_start=at(10, 9), old_uid="bk_old_00000001")),
    "notices.approval_request.hostile": ("message", lambda: notices.approval_request(HOSTILE)),
    "notices.approval_outcome.confirmed": ("message", lambda: notices.approval_outcome(
        PENDING, "Confirmed", by=notices.actor_text("U2147483697", None))),
    "notices.approval_outcome.declined": ("message", lambda: notices.approval_outcome(
        PENDING, "Declined", by=notices.actor_text(None, HOSTILE_NAME), reason=HOSTILE_REASON)),
    "notices.approval_outcome.cancelled": ("message", lambda: notices.approval_outcome(
        PENDING, "Cancelled", reason="Conflict")),
    "notices.approval_outcome.rescheduled": ("message", lambda: notices.approval_outcome(
        PENDING, "Rescheduled", by="<@U2147483697>", new_start=at(12, 10),
        new_uid="bk_new_00000002")),
    "notices.notice.created": ("message", lambda: notices.notice("created", ACCEPTED)),
    "notices.notice.requested": ("message", lambda: notices.notice("requested", PENDING)),
    "notices.notice.requested.reschedule": ("message", lambda: notices.notice(
        "requested", PENDING, old_start=at(10, 9), old_uid="bk_old_00000001")),
    "notices.notice.confirmed": ("message", lambda: notices.notice(
        "confirmed", PENDING, by="<@U2147483697>")),
    "notices.notice.rejected": ("message", lambda: notices.notice(
        "rejected", REJECTED, by=notices.actor_text(None, "Host <Name>"), reason="No time")),
    "notices.notice.cancelled": ("message", lambda: notices.notice(
        "cancelled", HOSTILE, by="<@U2147483697>", reason=HOSTILE_REASON)),
    "notices.notice.rescheduled": ("message", lambda: notices.notice(
        "rescheduled", RESCHEDULED, reason="Moved & shortened", old_start=ACCEPTED.start,
        old_uid=ACCEPTED.uid)),
    "notices.notice.crowded": ("message", lambda: notices.notice("created", CROWDED)),
    "notices.notice.unknown_kind": ("message", lambda: notices.notice("exploded",
                                                                      NO_ATTENDEES)),
    "notices.invite_warning": ("message", lambda: notices.invite_warning("C0PRIVATE1")),
    "notices.archived_warning": ("message", lambda: notices.archived_warning("C0ARCHIVED")),
    "notices.text_helpers": ("text", lambda: {
        "actor_text.user": notices.actor_text("U2147483697", "ignored"),
        "actor_text.name": notices.actor_text(None, HOSTILE_NAME),
        "actor_text.nobody": notices.actor_text(None, None),
        "attendees_text.hostile": notices.attendees_text(HOSTILE),
        "attendees_text.crowded": notices.attendees_text(CROWDED),
        "attendees_text.none": notices.attendees_text(NO_ATTENDEES),
    }),
}

CASES.update(details_cases())


def render(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


HOW_TO_UPDATE = "UPDATE_SNAPSHOTS=1 pytest tests/test_blockkit_snapshots.py"


def check_snapshot(path: Path, got: str, *, update: bool) -> None:
    """Compare with the stored snapshot; with ``update``, (re)write it instead."""
    if update:
        path.parent.mkdir(exist_ok=True)
        if not path.exists() or path.read_text() != got:
            path.write_text(got)
        return
    if not path.exists():
        pytest.fail(f"no snapshot {path.name} in {path.parent}: create it with "
                    f"`{HOW_TO_UPDATE}` and review the new file", pytrace=False)
    assert got == path.read_text(), (
        f"{path.stem} differs from its snapshot; if the change is intended, run "
        f"`{HOW_TO_UPDATE}` and review the diff")


@pytest.mark.parametrize("name", sorted(CASES))
def test_builder_matches_snapshot(name: str) -> None:
    check_snapshot(SNAPSHOTS / f"{name}.json", render(CASES[name][1]()), update=UPDATE)


def test_a_missing_snapshot_fails_and_says_how_to_create_it(tmp_path: Path) -> None:
    path = tmp_path / "snapshots" / "new_case.json"
    with pytest.raises(pytest.fail.Exception, match="UPDATE_SNAPSHOTS=1"):
        check_snapshot(path, render({"text": "x"}), update=False)
    assert not path.exists()
    check_snapshot(path, render({"text": "x"}), update=True)
    check_snapshot(path, render({"text": "x"}), update=False)
    with pytest.raises(AssertionError, match="differs from its snapshot"):
        check_snapshot(path, render({"text": "y"}), update=False)


def test_every_snapshot_file_has_a_case() -> None:
    stale = sorted(p.stem for p in SNAPSHOTS.glob("*.json") if p.stem not in CASES)
    assert stale == [], f"snapshots without a case (delete them): {stale}"


@pytest.mark.parametrize("name", sorted(n for n, (kind, _) in CASES.items() if kind != "text"))
def test_builder_output_is_valid_block_kit(name: str) -> None:
    kind, build = CASES[name]
    out = build()
    problems = check_view(out) if kind == "view" else check_message(out)
    assert [str(p) for p in problems] == []
    if kind == "message":
        assert isinstance(out.get("text"), str) and out["text"], "messages need fallback text"
    if out.get("type") == "modal":
        assert out.get("callback_id") in {ids.CONNECT_VIEW, ids.BOOK_VIEW, ids.CANCEL_VIEW,
                                          ids.DECLINE_VIEW, ids.RESCHEDULE_VIEW,
                                          ids.LOADING_VIEW, ids.LOCATION_VIEW,
                                          ids.GUESTS_VIEW, ids.NOSHOW_VIEW,
                                          ids.REASSIGN_VIEW}
        for block in out["blocks"]:
            if block["type"] == "input":  # listeners read state.values[X][X]
                assert block["element"]["action_id"] == block["block_id"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_api_key_in_builder_output(name: str) -> None:
    _, build = CASES[name]
    text = json.dumps(build(), ensure_ascii=False)
    for key in (CONNECTION.api_key, TEST_KEY):
        assert key not in text
        assert key[len("cal_live_"):] not in text
    assert KEY_LIKE.findall(text) == []


def test_connect_shows_only_the_masked_key() -> None:
    shown = json.dumps(modals.connect(masked_key=mask_key(CONNECTION.api_key)),
                       ensure_ascii=False)
    assert f"cal_live_…{LIVE_KEY[-4:]}" in shown
    assert LIVE_KEY not in shown and LIVE_KEY[-12:] not in shown


def texts(value: Any, kind: str) -> list[str]:
    """Every ``text`` of the text objects of one kind (``mrkdwn`` or ``plain_text``)."""
    found: list[str] = []
    if isinstance(value, dict):
        if value.get("type") == kind and isinstance(value.get("text"), str):
            found.append(value["text"])
        for item in value.values():
            found += texts(item, kind)
    elif isinstance(value, list):
        for item in value:
            found += texts(item, kind)
    return found


RAW_USER_MARKUP = ("<@U123>", "<!channel>", "<!here>", "<https://evil", "<Doe>", "<b>",
                   "<someday>", "<check>", "<that>", "<the>", "<right now>", "<Name>")


@pytest.mark.parametrize("name", sorted(n for n, (kind, _) in CASES.items() if kind != "text"))
def test_user_text_is_escaped_in_mrkdwn(name: str) -> None:
    """User text can't become a mention, a broadcast or a link in mrkdwn (the blocks and the
    fallback ``text``, which Slack also reads as mrkdwn for notifications); plain text (button
    labels, options, input values) is shown as typed, so it is never escaped."""
    out = CASES[name][1]()
    marked = texts(out, "mrkdwn") + ([out["text"]] if isinstance(out.get("text"), str) else [])
    for text in marked:
        for raw in RAW_USER_MARKUP:
            assert raw not in text, f"{name}: unescaped {raw!r} in {text!r}"
    for text in texts(out, "plain_text"):
        assert "&amp;" not in text and "&lt;" not in text, f"{name}: escaped plain text {text!r}"
