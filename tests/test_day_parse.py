"""Reading `/cal agenda`, `/cal remind` and `/cal notify me` (pure)."""

from __future__ import annotations

import pytest

from commands import parse


@pytest.mark.parametrize("text, expected", [
    ("agenda", parse.Agenda("show")),
    ("today", parse.Agenda("show")),
    ("agenda on", parse.Agenda("on", "08:30")),
    ("agenda on 7:45", parse.Agenda("on", "07:45")),
    ("agenda on 17h15", parse.Agenda("on", "17:15")),
    ("agenda on 9am", parse.Agenda("on", "09:00")),
    ("agenda on 12:30pm", parse.Agenda("on", "12:30")),
    ("agenda on 12am", parse.Agenda("on", "00:00")),
    ("agenda 9", parse.Agenda("on", "09:00")),
    ("agenda off", parse.Agenda("off")),
    ("remind", parse.Remind("on", 10)),
    ("remind 5", parse.Remind("on", 5)),
    ("remind 15 min", parse.Remind("on", 15)),
    ("remind off", parse.Remind("off")),
    ("reminders status", parse.Remind("show")),
    ("notify me", parse.Notify("subscribe", None, frozenset({"cancelled"}), me=True)),
    ("notify me created,rescheduled",
     parse.Notify("subscribe", None, frozenset({"created", "rescheduled"}), me=True)),
    ("notify off me", parse.Notify("off", None, frozenset(), me=True)),
])
def test_reads(text: str, expected: object) -> None:
    assert parse.parse_command(text) == expected


@pytest.mark.parametrize("text, says", [
    ("agenda on 25:00", "isn't a time of day"),
    ("agenda on 13pm", "isn't a time of day"),
    ("agenda tomorrow", "isn't something agenda takes"),
    ("remind 0", "isn't a number of minutes"),
    ("remind 99999", "isn't a number of minutes"),
    ("remind soon", "isn't a number of minutes"),
    ("notify me <#C0123ABC|team>", "not both"),
])
def test_refuses_with_one_sentence(text: str, says: str) -> None:
    with pytest.raises(parse.CommandError, match=says):
        parse.parse_command(text)
