"""The whole booking's pure parts: reading the commands, the location shapes, what a caller may
do, slot labels in the reader's clock style, and the error reference."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from blockkit import bookings as bk
from blockkit import details as dk
from blockkit import notices as bn
from calcom.models import Attendee, Booking, EventType, Host
from commands import parse
from commands.access import Role
from commands.details import Details, location_body
from commands.errors import user_message

START = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)


def booking(status: str = "accepted", **extra) -> Booking:
    return Booking(uid="bk_unit_000001", title="Intro call", status=status, start=START,
                   end=START + timedelta(minutes=30), hosts=[Host(id=1, email="a@x.com")],
                   attendees=[Attendee(name="Jane Doe", email="jane@example.com")], **extra)


@pytest.mark.parametrize(("text", "expected"), [
    ("show bk_12345678", parse.Show("bk_12345678")),
    ("details bk_12345678", parse.Show("bk_12345678")),
    ("show", parse.Show(None)),
    ("location bk_12345678 <https://meet.example.com/a>",
     parse.Location("bk_12345678", "https://meet.example.com/a")),
    ("location bk_12345678", parse.Location("bk_12345678", None)),
    ("guests bk_12345678 <mailto:a@x.com|a@x.com>, b@x.com",
     parse.Guests("bk_12345678", ("a@x.com", "b@x.com"))),
    ("noshow bk_12345678 host", parse.NoShow("bk_12345678", (), True)),
    ("noshow bk_12345678 a@x.com", parse.NoShow("bk_12345678", ("a@x.com",), False)),
    ("reassign bk_12345678 <@U0BOB|bob> out sick",
     parse.Reassign("bk_12345678", slack_user="U0BOB", reason="out sick")),
    ("reassign bk_12345678 dana@example.com",
     parse.Reassign("bk_12345678", email="dana@example.com")),
    ("reassign bk_12345678", parse.Reassign("bk_12345678")),
])
def test_booking_commands_parse(text: str, expected: object) -> None:
    assert parse.parse_command(text) == expected


@pytest.mark.parametrize(("where", "kind", "body"), [
    ("https://meet.example.com/a", None, {"type": "link", "link": "https://meet.example.com/a"}),
    ("+1 (555) 010-0000", None, {"type": "phone", "phone": "+15550100000"}),
    ("Via Roma 1, Milano", None, {"type": "address", "address": "Via Roma 1, Milano"}),
    ("My place", dk.LocationKind.ATTENDEE_DEFINED,
     {"type": "attendeeDefined", "location": "My place"}),
])
def test_location_bodies_are_the_spec_shapes(where, kind, body) -> None:
    assert location_body(where, kind) == body


@pytest.mark.parametrize(("where", "kind"), [("", None), ("call me", dk.LocationKind.PHONE),
                                             ("meet.example.com", dk.LocationKind.LINK)])
def test_a_location_that_cannot_be_used_is_one_sentence(where, kind) -> None:
    with pytest.raises(parse.CommandError):
        location_body(where, kind)


class _Clock:
    def __init__(self, now: datetime) -> None:
        self.now = lambda: now


def test_what_the_caller_may_do_follows_state_and_role() -> None:
    details = Details(_Clock(START - timedelta(hours=1)))  # type: ignore[arg-type]
    rr = EventType(id=1, scheduling_type="roundRobin")
    assert details.may(booking(), Role.ATTENDEE, None, False) == {dk.Action.CANCEL,
                                                                  dk.Action.RESCHEDULE}
    assert dk.Action.REASSIGN in details.may(booking(), Role.HOST, rr, False)
    assert dk.Action.REASSIGN not in details.may(booking(), Role.HOST, None, False)
    assert {dk.Action.CONFIRM, dk.Action.DECLINE} <= details.may(booking("pending"),
                                                                 Role.HOST, None, False)
    assert details.may(booking("cancelled"), Role.HOST, rr, False) == frozenset()
    started = Details(_Clock(START + timedelta(minutes=10)))  # type: ignore[arg-type]
    assert dk.Action.NOSHOW in started.may(booking(), Role.HOST, None, True)
    ended = Details(_Clock(START + timedelta(hours=2)))  # type: ignore[arg-type]
    assert ended.may(booking(), Role.HOST, None, True) == {dk.Action.NOSHOW}


def test_a_row_has_at_most_one_red_button_and_spills_into_an_overflow() -> None:
    row = dk.action_row(booking("pending"), [dk.Action.CONFIRM, dk.Action.DECLINE,
                                            dk.Action.RESCHEDULE, dk.Action.CANCEL], "b")
    assert sum(e.get("style") == "danger" for e in row["elements"]) == 1
    assert row["elements"][-1]["type"] == "overflow"
    assert row["elements"][-1]["options"][0]["value"] == "cancel|bk_unit_000001"
    assert all("Intro call" in e["accessibility_label"] for e in row["elements"][:-1])


def test_join_is_only_for_a_real_link() -> None:
    assert dk.join_url(booking(location="integrations:daily",
                               meeting_url="integrations:daily")) is None
    assert dk.join_url(booking(meeting_url="https://x.example/r")) == "https://x.example/r"


def test_slot_labels_say_the_zone_in_the_readers_clock_style() -> None:
    thirty = EventType(id=11, slug="30min", title="30 min", length=30)
    ny = [datetime(2026, 3, 10, 15, 0, tzinfo=ZoneInfo("America/New_York"))]
    rome = [datetime(2026, 3, 10, 15, 0, tzinfo=ZoneInfo("Europe/Rome"))]
    american = bk.slots_message(thirty, "Tue 10 Mar", ny, ["11|x"], zone="America/New_York")
    european = bk.slots_message(thirty, "Tue 10 Mar", rome, ["11|x"], zone="Europe/Rome")
    assert american["blocks"][1]["elements"][0]["text"]["text"] == "3:00 PM EDT"
    assert european["blocks"][1]["elements"][0]["text"]["text"] == "15:00 CET"
    assert european["text"] == "1 free slot for 30 min on Tue 10 Mar, from 15:00 CET"


def test_approval_dm_text_is_a_sentence_in_the_readers_zone() -> None:
    text = bn.approval_request(booking("pending"))["text"]
    assert text.startswith("A booking needs your approval: Intro call with Jane Doe, <!date^")
    assert "jane@example.com" not in bn.notice("created", booking())["text"]


def test_generic_errors_carry_a_reference_that_is_in_the_log(caplog) -> None:
    with caplog.at_level(logging.ERROR):
        said = user_message(RuntimeError("a bug"))
    ref = said.split("reference `")[1].split("`")[0]
    assert len(ref) == 6 and ref in caplog.text and "a bug" in caplog.text
