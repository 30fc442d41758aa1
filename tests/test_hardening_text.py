"""Issue 10, point 5: typed text reaches Cal.com as typed and shows in Slack as typed.

Slack escapes ``&``, ``<`` and ``>`` in command text (undone before Cal.com); mrkdwn control
characters, bidi overrides and zero-width characters a user types must not change how a notice
renders; and each field is clipped on its own so the time always survives.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from blockkit import bookings as bk
from blockkit import notices
from blockkit.shown import clean, shown_field
from blockkit.text import escape, sentence
from calcom.models import Attendee, Booking
from commands.parse import Cancel, parse_command

START = datetime(2026, 3, 11, 9, 30, tzinfo=UTC)
TIME_TOKEN = "<!date^1773221400^"


def booking(title: str = "Intro call", name: str = "Jane Doe", attendees: int = 1) -> Booking:
    people = [Attendee(name=name, email=f"p{i}@example.com", time_zone="UTC")
              for i in range(attendees)]
    return Booking(uid="bk_text_0001", id=1, title=title, status="accepted", start=START,
                   end=START + timedelta(minutes=30), duration=30, event_type_id=11,
                   event_type_slug="30min", attendees=people, updated_at=START)


def section_texts(message: dict) -> list[str]:
    return [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]


def test_slack_escaping_is_undone_in_a_cancel_reason():
    # Slack sends `/cal cancel bk_1 Tom & Jerry <3` as this text:
    cmd = parse_command("cancel bk_abcdef123 Tom &amp; Jerry &lt;3")
    assert cmd == Cancel("bk_abcdef123", "Tom & Jerry <3")


def test_the_reason_is_escaped_again_when_shown():
    shown = json.dumps(bk.cancelled("bk_abcdef123", None, "Tom & Jerry <3"))
    assert "Tom &amp; Jerry &lt;3" in shown and "Tom & Jerry" not in shown


@pytest.mark.parametrize("typed, formatting", [
    ("*bold*", "*"), ("~strike~", "~"), ("`code`", "`"), ("```block```", "`"),
    ("_italic_", "_"), ("> quoted", ">"),
])
def test_mrkdwn_control_characters_render_as_typed(typed, formatting):
    shown = escape(typed)
    assert formatting not in shown  # nothing Slack reads as formatting is left
    assert len(shown) == len(typed)  # one look-alike per character: it reads as typed
    assert shown.strip("∗∼ˋˍ＞ ") == typed.strip(formatting + " ")


def test_underscores_inside_words_and_addresses_are_kept():
    assert escape("first_last@example.com snake_case") == "first_last@example.com snake_case"


def test_links_mentions_and_dates_cannot_be_forged():
    shown = escape("<!channel> <@U123> <https://evil.example|click> <!date^1^x|y>")
    assert "<" not in shown and ">" not in shown


@pytest.mark.parametrize("control", [
    "\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c",
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\x07",
])
def test_bidi_and_zero_width_controls_are_removed(control):
    assert clean(f"Jane{control} Doe") == "Jane Doe"
    assert escape(f"*{control}bold{control}*") == "∗bold∗"


def test_an_emoji_sequence_keeps_its_joiner():
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    assert clean(family) == family


def test_a_right_to_left_override_cannot_reverse_the_notice():
    message = notices.notice("created", booking(name="\u202eevil\u202c Jane"))
    assert "\u202e" not in json.dumps(message, ensure_ascii=False)


def test_a_clip_never_cuts_an_escape_in_half():
    shown = shown_field("&" * 100, limit=22)
    assert shown == "&amp;" * 4 + "…"


@pytest.mark.parametrize("field", ["title", "name"])
def test_a_5000_character_field_does_not_push_the_time_out(field):
    huge = ("&<" * 500) + ("x" * 4000)
    b = booking(title=huge) if field == "title" else booking(name=huge, attendees=5)
    for message in (notices.notice("created", b), notices.approval_request(b),
                    notices.approval_outcome(b, "Confirmed"), bk.booked([b])):
        texts = section_texts(message)
        assert any(TIME_TOKEN in t for t in texts), "the time was cut off"
        assert all(len(t) <= 3000 for t in texts)
        details = next(t for t in texts if TIME_TOKEN in t)
        assert "…" in details  # the long field was shortened, the rest survives
        assert not re.search(r"&(?!amp;|lt;|gt;)", details)  # no escape cut in half


def test_calbots_own_sentences_keep_their_formatting():
    assert sentence("See free times with `/cal slots` <now>") == (
        "See free times with `/cal slots` &lt;now&gt;")


def test_every_calcom_string_in_a_booking_line_is_escaped():
    b = booking(title="*Q&A*").model_copy(update={"status": "<!channel> *x*", "uid": "bk_`x`"})
    line = bk.booking_line(b)
    assert "<!channel>" not in line and "*x*" not in line and "`x`" not in line
    assert "Q&amp;A" in line
