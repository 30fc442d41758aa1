"""Scheduling with teammates, piece by piece: reading `/cal slots|book @…` and `/cal link`, the
codecs buttons carry, booking-page URLs, who a message names, and the builders' Block Kit."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from blockkit import ids
from blockkit import teammates as tk
from blockkit.teamvalues import HostForm, HostPick, HostSlot
from blockkit.values import BadValue
from bot.listeners.shortcuts import people_in
from calcom import Attendee, CalcomClient
from calcom.models import Booking, EventType
from commands import parse
from commands.errors import NoPublicEventTypes, TeammateNotConnected, user_message
from commands.teammates import Host, Page, Teammates, match_event_types
from tests.fakes.calcom import ALICE_KEY
from tests.fakes.slack import check_message, check_view

START = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
THIRTY = EventType(id=11, slug="30min", title="30 min meeting", length=30,
                   description="Say <@U1> & <!here>")
HOSTILE = EventType(id=14, slug="qa", title="Q&A <b>deep</b> <!channel>", length=60)


def test_a_mention_after_slots_or_book_names_a_teammate():
    assert parse.parse_command("slots <@U0ABC123|bob> 30min tomorrow") == parse.TeammateSlots(
        "U0ABC123", "30min tomorrow")
    assert parse.parse_command("free <@W0ABC123>") == parse.TeammateSlots("W0ABC123", "")
    assert parse.parse_command("book <@U0ABC123|bob> intro fri 3pm") == parse.TeammateBook(
        "U0ABC123", "intro fri 3pm")
    # without a mention, the commands are the caller's own, as before
    assert parse.parse_command("slots 30min tomorrow") == parse.Slots("30min", "tomorrow")
    assert isinstance(parse.parse_command("book 30min with <@U0ABC123|bob>"), parse.Book)


def test_link_reads_an_optional_event_type():
    assert parse.parse_command("link") == parse.Link(None)
    assert parse.parse_command("share Intro &amp; chat") == parse.Link("Intro & chat")


def test_host_slot_round_trips_and_refuses_what_calbot_did_not_write():
    slot = HostSlot("U0ABC123", 11, START)
    assert HostSlot.decode(slot.encode()) == slot
    assert HostSlot.decode(HostSlot("@alice", 3, START).encode()).host == "@alice"
    for bad in ("", "U0ABC123|11", "U0ABC123|x|2026-03-10T09:30Z", "evil|11|2026-03-10T09:30Z",
                "U0ABC123|11|tomorrow", "@a/b|1|2026-03-10T09:30Z"):
        with pytest.raises(BadValue):
            HostSlot.decode(bad)


def test_host_pick_and_form_round_trip():
    assert HostPick.decode(HostPick("U0ABC123", 11, "fri").encode()) == HostPick(
        "U0ABC123", 11, "fri")
    assert HostPick.decode(HostPick("@alice").encode()) == HostPick("@alice")
    form = HostForm("@alice", tz="Asia/Tokyo", p="fri 3pm", r="https://hooks.example/x")
    assert HostForm.decode(form.encode()) == form
    for bad in (None, "", "[]", '{"tz": "UTC"}', '{"host": "nobody!"}', '{"host": 3}',
                '{"host": "@alice", "tz": 4}'):
        with pytest.raises(BadValue):
            HostForm.decode(bad)


def test_a_host_is_a_slack_user_or_a_username():
    assert Host.of("U0ABC123") == Host(slack_user="U0ABC123")
    assert Host.of("@alice.b") == Host(username="alice.b")
    assert Host(slack_user="U1X").shown == "<@U1X>"
    with pytest.raises(ValueError):
        Host.of("alice")


def test_booking_page_urls_under_the_app_url(tmp_path):
    teammates = Teammates(calbot=None, app_url="https://cal.com")  # type: ignore[arg-type]
    assert teammates.page_of("https://cal.com/alice") == Page("alice")
    assert teammates.page_of("https://cal.com/alice/30min?date=2026-03-10") == Page(
        "alice", "30min")
    assert teammates.page_of("https://CAL.com/alice/30min/") == Page("alice", "30min")
    for other in ("https://cal.com/", "https://cal.com/a/b/c", "https://evil.com/alice",
                  "https://cal.com.evil.com/alice", "https://cal.com/%3Cscript%3E",
                  "https://cal.com/settings/my-account", "https://cal.com/team/sales"):
        assert teammates.page_of(other) is None, other
    self_hosted = Teammates(calbot=None, app_url="https://x.example/cal")  # type: ignore[arg-type]
    assert self_hosted.page_of("https://x.example/cal/bob/intro") == Page("bob", "intro")
    assert self_hosted.page_of("https://x.example/bob") is None
    assert self_hosted.page_url("bob", "intro") == "https://x.example/cal/bob/intro"
    assert self_hosted.app_host == "x.example"


def test_event_types_match_by_slug_title_or_length():
    types = [THIRTY, HOSTILE]
    assert match_event_types(types, "30MIN") == [THIRTY]
    assert match_event_types(types, "60 min") == [HOSTILE]
    assert match_event_types(types, "deep") == [HOSTILE]
    assert match_event_types(types, "nothing") == []


def test_people_in_a_message_author_first_once_each():
    message = {"user": "U0AUTHOR", "text": "<@U0B|bob> and <@U0C> and <@U0B>",
               "blocks": [{"type": "rich_text", "elements": [{"type": "rich_text_section",
                           "elements": [{"type": "user", "user_id": "U0D"}]}]}]}
    assert people_in(message) == ["U0AUTHOR", "U0B", "U0C", "U0D"]
    assert people_in({}) == []


def test_sentences_name_the_teammate_and_say_what_to_do():
    said = user_message(TeammateNotConnected("U0ABC123"))
    assert "<@U0ABC123>" in said and "/cal connect" in said
    assert "“intro”" in user_message(NoPublicEventTypes("<@U0ABC123>", "intro"))


def _booking(status: str) -> Booking:
    return Booking.model_validate({"uid": "bk_team_001", "id": 5, "title": HOSTILE.title,
                                   "status": status, "start": "2026-03-10T09:30:00Z",
                                   "end": "2026-03-10T10:30:00Z", "attendees": []})


def test_builders_pass_slacks_checks_and_never_forge_mentions():
    host = "<@U0ABC123>"
    values = [HostSlot("U0ABC123", 14, START).encode()]
    messages = [
        tk.host_slots(host, HOSTILE, "Tue 10 Mar", [START], values),
        tk.host_slots(host, HOSTILE, "Tue 10 Mar", [], []),
        tk.host_booked(host, [_booking("accepted")]),
        tk.host_booked(host, [_booking("pending")]),
        tk.link_message("https://cal.com/alice/qa", host, HOSTILE, HostPick("U0ABC123").encode()),
        tk.unfurl("alice", THIRTY, [THIRTY], [START], values, HostPick("@alice", 11).encode()),
        tk.unfurl("alice", THIRTY, [THIRTY], [], [], HostPick("@alice", 11).encode()),
        tk.unfurl("alice", None, [THIRTY, HOSTILE], [], [], HostPick("@alice").encode()),
    ]
    for message in messages:
        assert check_message(message) == [], message
        shown = json.dumps(message)
        assert "<!channel>" not in shown and "<!here>" not in shown and "<@U1>" not in shown
        assert "<b>" not in shown
    view = tk.host_book(host, [THIRTY, HOSTILE], attendee="Jane <Doe> (jane@example.com)",
                        metadata=HostForm("U0ABC123").encode(), event_type_id=14,
                        when_text="tue 9:30", preview="Tue 10 Mar, 10:30 CET", problem="x")
    assert check_view(view) == []
    assert view["callback_id"] == ids.TEAM_BOOK_VIEW
    assert "Jane &lt;Doe&gt;" in json.dumps(view)
    for message in messages[-3:]:
        assert "text" not in message  # an unfurl is blocks only
    assert all(m["text"] for m in messages[:-3])  # every message says what it is on its own


def test_a_keyless_client_reads_a_public_page_and_books_as_the_attendee(calcom_fake,
                                                                         calcom_http):
    hidden = calcom_fake.add_event_type(ALICE_KEY, "secret", hidden=True)
    client = CalcomClient(calcom_http, "", base_url="https://api.cal.com")
    types = client.event_types(username="alice")
    assert hidden not in {t.id for t in types} and {t.slug for t in types} >= {"30min"}
    thirty = next(t for t in types if t.slug == "30min")
    day = datetime(2030, 3, 4, tzinfo=UTC).date()  # a Monday, far ahead
    start = client.slots(thirty.id, day, "Europe/Rome")[0]
    made = client.create_booking(thirty.id, start, Attendee(
        name="Carol", email="carol@example.com", time_zone="Asia/Tokyo"))
    assert made[0].start == start
    # The fake answers a request carrying any unknown key 401: these carried none.
    assert [(r.operation, r.user, r.status) for r in calcom_fake.requests] == [
        ("getEventTypes", None, 200), ("getAvailableSlots", None, 200),
        ("createBooking", None, 201)]
