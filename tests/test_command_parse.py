"""`/cal` text → typed commands."""

import re
from pathlib import Path

import pytest

from blockkit.help import SUBCOMMANDS, help_text
from commands import parse
from commands.parse import CommandError, parse_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("text", "expected"), [
    ("", parse.Help()),
    ("help", parse.Help()),
    ("HELP", parse.Help()),
    ("connect", parse.Connect()),
    ("disconnect", parse.Disconnect()),
    ("list", parse.ListBookings("upcoming")),
    ("list Past", parse.ListBookings("past")),
    ("list unconfirmed", parse.ListBookings("unconfirmed")),
    ("pending", parse.Pending()),
    ("cancel bk_7Hc2XqLm9aP", parse.Cancel("bk_7Hc2XqLm9aP", None)),
    ("cancel bk_7Hc2XqLm9aP running late, sorry",
     parse.Cancel("bk_7Hc2XqLm9aP", "running late, sorry")),
    ("cancel", parse.Cancel(None, None)),
    ("reschedule bk_7Hc2XqLm9aP friday 10am", parse.Reschedule("bk_7Hc2XqLm9aP", "friday 10am")),
    ("reschedule bk_7Hc2XqLm9aP", parse.Reschedule("bk_7Hc2XqLm9aP", None)),
    ("slots", parse.Slots()),
    ("frobnicate now", parse.Unknown("frobnicate")),
    ("notify", parse.Notify("list")),
    ("notify <#C0123ABC|team>", parse.Notify("subscribe", "C0123ABC", frozenset({"cancelled"}))),
    ("notify <#C0123ABC|team> created,rescheduled",
     parse.Notify("subscribe", "C0123ABC", frozenset({"created", "rescheduled"}))),
    ("notify <#C0123ABC|team> all", parse.Notify(
        "subscribe", "C0123ABC", frozenset({"created", "cancelled", "rescheduled", "requested"}))),
    ("notify off", parse.Notify("off")),
    ("notify off <#C0123ABC|team>", parse.Notify("off", "C0123ABC")),
])
def test_commands(text, expected):
    assert parse_command(text) == expected


@pytest.mark.parametrize("text", [
    "list tomorrow", "cancel not/a/uid", "notify #team", "notify <#C1|x> lunches",
    "notify created",
])
def test_bad_text_gets_one_sentence(text):
    with pytest.raises(CommandError) as caught:
        parse_command(text)
    message = caught.value.message
    assert message.endswith((".", "`.")) and "\n" not in message


def test_book_prefill_from_the_readme_example():
    cmd = parse_command("book 30min tomorrow 3pm with jane@example.com")
    assert cmd == parse.Book("30min", "tomorrow 3pm", "jane@example.com", None, ())


def test_book_prefill_with_slack_escapes_name_and_guests():
    cmd = parse_command("book intro next tue 10:30 with Jane Doe "
                        "<mailto:jane@example.com|jane@example.com>, bob@example.com &amp; notes",
                        frozenset({"intro"}))
    assert cmd.event_type == "intro"
    assert cmd.when == "next tue 10:30"
    assert cmd.attendee_email == "jane@example.com"
    assert cmd.guests == ("bob@example.com",)
    assert cmd.attendee_name == "Jane Doe & notes"


def test_book_without_a_known_event_type_keeps_all_words_as_time():
    cmd = parse_command("book friday noon PT")
    assert cmd == parse.Book(None, "friday noon PT")


def test_slots_event_type_then_day():
    words = frozenset({"30min", "intro-call"})
    assert parse.parse_slots("Intro-Call tomorrow", words) == parse.Slots("Intro-Call", "tomorrow")
    assert parse.parse_slots("tomorrow", words) == parse.Slots(None, "tomorrow")
    assert parse.parse_slots("friday", frozenset()) == parse.Slots(None, "friday")


def test_every_alias_of_the_one_list_reaches_its_own_command():
    for sub in SUBCOMMANDS:
        for word in sub.words:
            text = f"{word} bk_7Hc2XqLm9aP x" if sub.name in ("cancel", "reschedule") else word
            if sub.name == "notify":
                text = f"{word} <#C0123ABC|team>"
            cmd = parse_command(text)
            assert type(cmd).__name__.lower().startswith(sub.name[:4]) or (
                sub.name, type(cmd)) in {("list", parse.ListBookings)}, (word, cmd)


def test_every_subcommand_in_help_and_readme_is_handled():
    documented = set(re.findall(r"/cal ([a-z]+)", help_text()))
    readme = (ROOT / "README.md").read_text()
    documented |= set(re.findall(r"`/cal ([a-z]+)", readme))
    assert documented >= {sub.name for sub in SUBCOMMANDS} - {"help"}
    for word in documented:
        text = f"{word} x" if word in ("cancel", "reschedule") else word
        try:
            cmd = parse_command(text)
        except CommandError:
            continue  # handled: it explains what's missing
        assert not isinstance(cmd, parse.Unknown), word
